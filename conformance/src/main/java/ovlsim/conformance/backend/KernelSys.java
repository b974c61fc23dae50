package ovlsim.conformance.backend;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * {@link Sys} through JNA on the running kernel. Each call is one libc call (or raw syscall); a
 * -1 return becomes {@code -errno} from {@link Native#getLastError()}. Runs on the kernel
 * backend's own thread, whose cwd, umask and credentials are the line's.
 */
public final class KernelSys implements Sys {
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int O_RDONLY_DIRECTORY = 0200000;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final byte[] EMPTY = {0};
  private static final int EFAULT = 14;

  private final LibC libc;
  private final SyscallNumbers nr;

  KernelSys(LibC libc, SyscallNumbers nr) {
    this.libc = libc;
    this.nr = nr;
  }

  /** {@code s} as a NUL-terminated UTF-8 C string. */
  static byte[] cstr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }

  private static int r(int result) {
    return result == -1 ? -Native.getLastError() : result;
  }

  private static long r(long result) {
    return result == -1 ? -Native.getLastError() : result;
  }

  @Override
  public int open(String path, int flags, int mode) {
    return r(libc.open(cstr(path), flags, mode));
  }

  @Override
  public int close(int fd) {
    return r(libc.close(fd));
  }

  /** {@code count} bytes of {@code buf} are the caller's memory: EFAULT past its end, as the model says. */
  private static boolean fits(byte[] buf, long count) {
    return buf != null && count >= 0 && count <= buf.length;
  }

  @Override
  public long read(int fd, byte[] buf, int count) {
    return fits(buf, count) ? r(libc.read(fd, buf, count)) : -EFAULT;
  }

  @Override
  public long pread(int fd, byte[] buf, int count, long offset) {
    return fits(buf, count) ? r(libc.pread64(fd, buf, count, offset)) : -EFAULT;
  }

  @Override
  public long write(int fd, byte[] buf, int count) {
    return fits(buf, count) ? r(libc.write(fd, buf, count)) : -EFAULT;
  }

  @Override
  public long pwrite(int fd, byte[] buf, int count, long offset) {
    return fits(buf, count) ? r(libc.pwrite64(fd, buf, count, offset)) : -EFAULT;
  }

  @Override
  public long lseek(int fd, long offset, int whence) {
    return r(libc.lseek(fd, offset, whence));
  }

  @Override
  public int fsync(int fd) {
    return r(libc.fsync(fd));
  }

  @Override
  public int ftruncate(int fd, long length) {
    return r(libc.ftruncate(fd, length));
  }

  @Override
  public int truncate(String path, long length) {
    return r(libc.truncate(cstr(path), length));
  }

  @Override
  public int fchmod(int fd, int mode) {
    return r(libc.fchmod(fd, mode));
  }

  @Override
  public int fchown(int fd, int uid, int gid) {
    return r(libc.fchown(fd, uid, gid));
  }

  /** {@code statx(2)} into a {@code struct stat}: the fields the model's {@link StatBuf} has. */
  private int statx(int dirfd, byte[] path, int flags, StatBuf out) {
    if (out == null) {
      return -EFAULT;
    }
    byte[] buf = new byte[256];
    int res = r(libc.statx(dirfd, path, flags, STATX_BASIC_STATS, buf));
    if (res == 0) {
      ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
      out.stBlksize = Integer.toUnsignedLong(b.getInt(4));
      out.stNlink = Integer.toUnsignedLong(b.getInt(16));
      out.stUid = b.getInt(20);
      out.stGid = b.getInt(24);
      out.stMode = b.getShort(28) & 0xffff;
      out.stIno = b.getLong(32);
      out.stSize = b.getLong(40);
      out.stBlocks = b.getLong(48);
      out.stAtime = new Timespec(b.getLong(64), Integer.toUnsignedLong(b.getInt(72)));
      out.stCtime = new Timespec(b.getLong(96), Integer.toUnsignedLong(b.getInt(104)));
      out.stMtime = new Timespec(b.getLong(112), Integer.toUnsignedLong(b.getInt(120)));
      out.stRdev = Stat.mkdev(b.getInt(128), b.getInt(132));
      out.stDev = Stat.mkdev(b.getInt(136), b.getInt(140));
    }
    return res;
  }

  @Override
  public int stat(String path, StatBuf out) {
    return statx(AT_FDCWD, cstr(path), 0, out);
  }

  @Override
  public int lstat(String path, StatBuf out) {
    return statx(AT_FDCWD, cstr(path), AT_SYMLINK_NOFOLLOW, out);
  }

  @Override
  public int fstat(int fd, StatBuf out) {
    return statx(fd, EMPTY, AT_EMPTY_PATH, out);
  }

  @Override
  public int unlink(String path) {
    return r(libc.unlink(cstr(path)));
  }

  @Override
  public int mkdir(String path, int mode) {
    return r(libc.mkdir(cstr(path), mode));
  }

  @Override
  public int rmdir(String path) {
    return r(libc.rmdir(cstr(path)));
  }

  @Override
  public int link(String oldpath, String newpath) {
    return r(libc.link(cstr(oldpath), cstr(newpath)));
  }

  @Override
  public int symlink(String target, String linkpath) {
    return r(libc.symlink(cstr(target), cstr(linkpath)));
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return r(libc.rename(cstr(oldpath), cstr(newpath)));
  }

  /** Raw {@code mknodat(AT_FDCWD, ...)}: the device in the kernel's {@code new_encode_dev()} form. */
  @Override
  public int mknod(String path, int mode, int dev) {
    long major = Stat.major(dev);
    long minor = Stat.minor(dev);
    long encoded = (minor & 0xffL) | (major << 8) | ((minor & ~0xffL) << 12);
    return (int) r(libc.syscall(nr.mknodat(), (long) AT_FDCWD, cstr(path), (long) mode, encoded));
  }

  @Override
  public int chmod(String path, int mode) {
    return r(libc.chmod(cstr(path), mode));
  }

  @Override
  public int chown(String path, int uid, int gid) {
    return r(libc.chown(cstr(path), uid, gid));
  }

  @Override
  public int lchown(String path, int uid, int gid) {
    return r(libc.lchown(cstr(path), uid, gid));
  }

  /** {@code utimensat(AT_FDCWD, path, times, 0)}; a {@code null} time is {@code UTIME_NOW}. */
  @Override
  public int utimes(String path, Timespec atime, Timespec mtime) {
    if (atime == null && mtime == null) {
      return r(libc.utimensat(AT_FDCWD, cstr(path), null, 0));
    }
    long[] times = {0, UTIME_NOW, 0, UTIME_NOW};
    if (atime != null) {
      times[0] = atime.sec();
      times[1] = atime.nsec();
    }
    if (mtime != null) {
      times[2] = mtime.sec();
      times[3] = mtime.nsec();
    }
    return r(libc.utimensat(AT_FDCWD, cstr(path), times, 0));
  }

  @Override
  public long readlink(String path, byte[] buf, int bufsiz) {
    return bufsiz > 0 && !fits(buf, bufsiz) ? -EFAULT : r(libc.readlink(cstr(path), buf, bufsiz));
  }

  @Override
  public int chdir(String path) {
    return r(libc.chdir(cstr(path)));
  }

  /** {@code umask(2)}: the kernel backend's threads each have their own (CLONE_FS). */
  @Override
  public int umask(int mask) {
    return libc.umask(mask);
  }

  @Override
  public int readdir(String path, List<String> names) {
    int fd = open(path, O_RDONLY_DIRECTORY, 0);
    if (fd < 0) {
      return fd;
    }
    try {
      return getdents(fd, names);
    } finally {
      libc.close(fd);
    }
  }

  @Override
  public int getdents(int fd, List<String> names) {
    {
      byte[] buf = new byte[32768];
      while (true) {
        long n = r(libc.getdents64(fd, buf, buf.length));
        if (n <= 0) {
          return (int) n;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
        int off = 0;
        while (off < n) {
          int reclen = b.getShort(off + 16) & 0xffff;
          int start = off + 19;
          int end = start;
          while (end < off + reclen && buf[end] != 0) {
            end++;
          }
          names.add(new String(buf, start, end - start, StandardCharsets.UTF_8));
          off += reclen;
        }
      }
    }
  }

  @Override
  public long getxattr(String path, String name, byte[] value, int size) {
    return !fits(value, size) ? -EFAULT : r(libc.getxattr(cstr(path), cstr(name), value, size));
  }

  @Override
  public long lgetxattr(String path, String name, byte[] value, int size) {
    return !fits(value, size) ? -EFAULT : r(libc.lgetxattr(cstr(path), cstr(name), value, size));
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int size, int flags) {
    return !fits(value, size) ? -EFAULT
        : r(libc.setxattr(cstr(path), cstr(name), value, size, flags));
  }

  @Override
  public int lsetxattr(String path, String name, byte[] value, int size, int flags) {
    return !fits(value, size) ? -EFAULT
        : r(libc.lsetxattr(cstr(path), cstr(name), value, size, flags));
  }

  @Override
  public long listxattr(String path, byte[] list, int size) {
    return !fits(list, size) ? -EFAULT : r(libc.listxattr(cstr(path), list, size));
  }

  @Override
  public long llistxattr(String path, byte[] list, int size) {
    return !fits(list, size) ? -EFAULT : r(libc.llistxattr(cstr(path), list, size));
  }

  @Override
  public int removexattr(String path, String name) {
    return r(libc.removexattr(cstr(path), cstr(name)));
  }

  @Override
  public int lremovexattr(String path, String name) {
    return r(libc.lremovexattr(cstr(path), cstr(name)));
  }

  /** {@code statfs(2)}: the LP64 {@code struct statfs} of glibc (x86-64 and arm64 agree). */
  @Override
  public int statfs(String path, StatfsBuf out) {
    if (out == null) {
      return -EFAULT;
    }
    byte[] buf = new byte[256];
    int res = r(libc.statfs(cstr(path), buf));
    if (res == 0) {
      ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
      out.fType = b.getLong(0);
      out.fBsize = b.getLong(8);
      out.fBlocks = b.getLong(16);
      out.fBfree = b.getLong(24);
      out.fBavail = b.getLong(32);
      out.fFiles = b.getLong(40);
      out.fFfree = b.getLong(48);
      out.fNamelen = b.getLong(64);
    }
    return res;
  }
}
