package ovlsim.conformance.backend;

import java.util.ArrayList;
import java.util.List;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.Syscalls;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/** {@link Sys} over one model task's syscall API: every call is the model's own syscall. */
final class ModelSys implements Sys {
  private static final int O_RDONLY_DIRECTORY = 0200000;

  private final Syscalls sys;

  ModelSys(Syscalls sys) {
    this.sys = sys;
  }

  @Override
  public int open(String path, int flags, int mode) {
    return sys.open(path, flags, mode);
  }

  @Override
  public int close(int fd) {
    return sys.close(fd);
  }

  @Override
  public long read(int fd, byte[] buf, int count) {
    return sys.read(fd, buf, count);
  }

  @Override
  public long pread(int fd, byte[] buf, int count, long offset) {
    return sys.pread(fd, buf, count, offset);
  }

  @Override
  public long write(int fd, byte[] buf, int count) {
    return sys.write(fd, buf, count);
  }

  @Override
  public long pwrite(int fd, byte[] buf, int count, long offset) {
    return sys.pwrite(fd, buf, count, offset);
  }

  @Override
  public int ftruncate(int fd, long length) {
    return sys.ftruncate(fd, length);
  }

  @Override
  public int truncate(String path, long length) {
    return sys.truncate(path, length);
  }

  @Override
  public int fchmod(int fd, int mode) {
    return sys.fchmod(fd, mode);
  }

  @Override
  public int fchown(int fd, int uid, int gid) {
    return sys.fchown(fd, uid, gid);
  }

  private static int copy(int r, StatBuf b, FileStat out) {
    if (r == 0) {
      out.mode = b.stMode;
      out.ino = b.stIno;
      out.nlink = b.stNlink;
      out.uid = b.stUid;
      out.gid = b.stGid;
      out.size = b.stSize;
      out.rdevMajor = Stat.major((int) b.stRdev);
      out.rdevMinor = Stat.minor((int) b.stRdev);
      out.atime = b.stAtime.sec();
      out.mtime = b.stMtime.sec();
      out.ctime = b.stCtime.sec();
    }
    return r;
  }

  @Override
  public int stat(String path, FileStat out) {
    StatBuf b = new StatBuf();
    return copy(sys.stat(path, b), b, out);
  }

  @Override
  public int lstat(String path, FileStat out) {
    StatBuf b = new StatBuf();
    return copy(sys.lstat(path, b), b, out);
  }

  @Override
  public int fstat(int fd, FileStat out) {
    StatBuf b = new StatBuf();
    return copy(sys.fstat(fd, b), b, out);
  }

  @Override
  public int unlink(String path) {
    return sys.unlink(path);
  }

  @Override
  public int mkdir(String path, int mode) {
    return sys.mkdir(path, mode);
  }

  @Override
  public int rmdir(String path) {
    return sys.rmdir(path);
  }

  @Override
  public int link(String oldpath, String newpath) {
    return sys.link(oldpath, newpath);
  }

  @Override
  public int symlink(String target, String linkpath) {
    return sys.symlink(target, linkpath);
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return sys.rename(oldpath, newpath);
  }

  @Override
  public int mknod(String path, int mode, int major, int minor) {
    return sys.mknod(path, mode, Stat.mkdev(major, minor));
  }

  @Override
  public int chmod(String path, int mode) {
    return sys.chmod(path, mode);
  }

  @Override
  public int chown(String path, int uid, int gid) {
    return sys.chown(path, uid, gid);
  }

  @Override
  public int lchown(String path, int uid, int gid) {
    return sys.lchown(path, uid, gid);
  }

  @Override
  public int utimes(String path, long atimeSec, long mtimeSec) {
    return sys.utimes(path, new Timespec(atimeSec, 0), new Timespec(mtimeSec, 0));
  }

  @Override
  public long readlink(String path, byte[] buf) {
    return sys.readlink(path, buf, buf.length);
  }

  @Override
  public int readdir(String path, List<String> names) {
    int fd = sys.open(path, O_RDONLY_DIRECTORY);
    if (fd < 0) {
      return fd;
    }
    try {
      while (true) {
        List<Dirent> batch = new ArrayList<>();
        long n = sys.getdents(fd, batch, 64);
        if (n < 0) {
          return (int) n;
        }
        if (n == 0) {
          return 0;
        }
        batch.forEach(d -> names.add(d.name()));
      }
    } finally {
      sys.close(fd);
    }
  }

  @Override
  public long getxattr(String path, String name, byte[] buf, boolean follow) {
    return follow
        ? sys.getxattr(path, name, buf, buf.length)
        : sys.lgetxattr(path, name, buf, buf.length);
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int flags, boolean follow) {
    return follow
        ? sys.setxattr(path, name, value, value.length, flags)
        : sys.lsetxattr(path, name, value, value.length, flags);
  }

  @Override
  public long listxattr(String path, byte[] buf, boolean follow) {
    return follow ? sys.listxattr(path, buf, buf.length) : sys.llistxattr(path, buf, buf.length);
  }

  @Override
  public int removexattr(String path, String name, boolean follow) {
    return follow ? sys.removexattr(path, name) : sys.lremovexattr(path, name);
  }

  @Override
  public int statfs(String path, FsStat out) {
    StatfsBuf b = new StatfsBuf();
    int r = sys.statfs(path, b);
    if (r == 0) {
      out.type = b.fType;
      out.bsize = b.fBsize;
      out.blocks = b.fBlocks;
      out.bfree = b.fBfree;
      out.bavail = b.fBavail;
      out.files = b.fFiles;
      out.ffree = b.fFfree;
      out.namelen = b.fNamelen;
    }
    return r;
  }
}
