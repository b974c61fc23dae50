package ovlsim.conformance.backend;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Sys} through JNA on the real kernel. Each call is one libc call (or raw syscall); a
 * -1 return becomes {@code -errno} from {@link Native#getLastError()}. Runs on the kernel
 * backend's own thread, whose cwd, umask and credentials are the line's.
 */
final class KernelSys implements Sys {
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int O_RDONLY_DIRECTORY = 0200000;
  private static final byte[] EMPTY = {0};

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

  @Override
  public long read(int fd, byte[] buf, int count) {
    return r(libc.read(fd, buf, count));
  }

  @Override
  public long pread(int fd, byte[] buf, int count, long offset) {
    return r(libc.pread64(fd, buf, count, offset));
  }

  @Override
  public long write(int fd, byte[] buf, int count) {
    return r(libc.write(fd, buf, count));
  }

  @Override
  public long pwrite(int fd, byte[] buf, int count, long offset) {
    return r(libc.pwrite64(fd, buf, count, offset));
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

  private int statx(int dirfd, byte[] path, int flags, FileStat out) {
    byte[] buf = new byte[256];
    int res = r(libc.statx(dirfd, path, flags, STATX_BASIC_STATS, buf));
    if (res == 0) {
      ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
      out.nlink = Integer.toUnsignedLong(b.getInt(16));
      out.uid = b.getInt(20);
      out.gid = b.getInt(24);
      out.mode = b.getShort(28) & 0xffff;
      out.ino = b.getLong(32);
      out.size = b.getLong(40);
      out.atime = b.getLong(64);
      out.ctime = b.getLong(96);
      out.mtime = b.getLong(112);
      out.rdevMajor = b.getInt(128);
      out.rdevMinor = b.getInt(132);
    }
    return res;
  }

  @Override
  public int stat(String path, FileStat out) {
    return statx(AT_FDCWD, cstr(path), 0, out);
  }

  @Override
  public int lstat(String path, FileStat out) {
    return statx(AT_FDCWD, cstr(path), AT_SYMLINK_NOFOLLOW, out);
  }

  @Override
  public int fstat(int fd, FileStat out) {
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
  public int mknod(String path, int mode, int major, int minor) {
    long dev = (minor & 0xffL) | ((long) major << 8) | ((minor & ~0xffL) << 12);
    return (int) r(libc.syscall(nr.mknodat(), (long) AT_FDCWD, cstr(path), (long) mode, dev));
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

  @Override
  public int utimes(String path, long atimeSec, long mtimeSec) {
    return r(libc.utimensat(AT_FDCWD, cstr(path), new long[] {atimeSec, 0, mtimeSec, 0}, 0));
  }

  @Override
  public long readlink(String path, byte[] buf) {
    return r(libc.readlink(cstr(path), buf, buf.length));
  }

  @Override
  public int readdir(String path, List<String> names) {
    int fd = open(path, O_RDONLY_DIRECTORY, 0);
    if (fd < 0) {
      return fd;
    }
    try {
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
    } finally {
      libc.close(fd);
    }
  }

  @Override
  public long getxattr(String path, String name, byte[] buf, boolean follow) {
    return r(follow
        ? libc.getxattr(cstr(path), cstr(name), buf, buf.length)
        : libc.lgetxattr(cstr(path), cstr(name), buf, buf.length));
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int flags, boolean follow) {
    return r(follow
        ? libc.setxattr(cstr(path), cstr(name), value, value.length, flags)
        : libc.lsetxattr(cstr(path), cstr(name), value, value.length, flags));
  }

  @Override
  public long listxattr(String path, byte[] buf, boolean follow) {
    return r(follow
        ? libc.listxattr(cstr(path), buf, buf.length)
        : libc.llistxattr(cstr(path), buf, buf.length));
  }

  @Override
  public int removexattr(String path, String name, boolean follow) {
    return r(follow
        ? libc.removexattr(cstr(path), cstr(name))
        : libc.lremovexattr(cstr(path), cstr(name)));
  }

  /** {@code statfs(2)}: the LP64 {@code struct statfs} of glibc (x86-64 and arm64 agree). */
  @Override
  public int statfs(String path, FsStat out) {
    byte[] buf = new byte[256];
    int res = r(libc.statfs(cstr(path), buf));
    if (res == 0) {
      ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
      out.type = b.getLong(0);
      out.bsize = b.getLong(8);
      out.blocks = b.getLong(16);
      out.bfree = b.getLong(24);
      out.bavail = b.getLong(32);
      out.files = b.getLong(40);
      out.ffree = b.getLong(48);
      out.namelen = b.getLong(64);
    }
    return res;
  }
}
