package ovlsim.conformance.workload;

import java.util.ArrayList;
import java.util.List;
import ovlsim.conformance.backend.FileStat;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.Syscalls;
import ovlsim.vfs.Fcntl;

/**
 * {@link FsCalls} on a model task. A readdir asks {@code getdents} for up to
 * {@value #DIRENTS} entries at once, so that in the workloads' small directories one call
 * reads the whole directory: a concurrent change cannot land between two batches.
 */
final class SyscallsFsCalls implements FsCalls {
  static final int DIRENTS = 1024;

  private final Syscalls sys;

  SyscallsFsCalls(Syscalls sys) {
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
  public long pwrite(int fd, byte[] buf, long offset) {
    return sys.pwrite(fd, buf, buf.length, offset);
  }

  @Override
  public long pread(int fd, byte[] buf, long offset) {
    return sys.pread(fd, buf, buf.length, offset);
  }

  @Override
  public int truncate(String path, long length) {
    return sys.truncate(path, length);
  }

  @Override
  public int chmod(String path, int mode) {
    return sys.chmod(path, mode);
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
  public int unlink(String path) {
    return sys.unlink(path);
  }

  @Override
  public int link(String oldpath, String newpath) {
    return sys.link(oldpath, newpath);
  }

  @Override
  public int symlink(String target, String path) {
    return sys.symlink(target, path);
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return sys.rename(oldpath, newpath);
  }

  @Override
  public int mknod(String path, int mode, int major, int minor) {
    return sys.mknod(path, mode, ovlsim.vfs.Stat.mkdev(major, minor));
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int flags, boolean follow) {
    return follow
        ? sys.setxattr(path, name, value, value.length, flags)
        : sys.lsetxattr(path, name, value, value.length, flags);
  }

  @Override
  public long getxattr(String path, String name, byte[] buf, boolean follow) {
    return follow
        ? sys.getxattr(path, name, buf, buf.length)
        : sys.lgetxattr(path, name, buf, buf.length);
  }

  @Override
  public long listxattr(String path, byte[] buf, boolean follow) {
    return follow ? sys.listxattr(path, buf, buf.length) : sys.llistxattr(path, buf, buf.length);
  }

  @Override
  public int lstat(String path, FileStat out) {
    StatBuf b = new StatBuf();
    int r = sys.lstat(path, b);
    if (r == 0) {
      out.mode = b.stMode;
      out.ino = b.stIno;
      out.nlink = b.stNlink;
      out.uid = b.stUid;
      out.gid = b.stGid;
      out.size = b.stSize;
    }
    return r;
  }

  @Override
  public long readlink(String path, byte[] buf) {
    return sys.readlink(path, buf, buf.length);
  }

  @Override
  public int readdir(String path, List<String> names) {
    int fd = sys.open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
    if (fd < 0) {
      return fd;
    }
    try {
      while (true) {
        List<Dirent> batch = new ArrayList<>();
        long n = sys.getdents(fd, batch, DIRENTS);
        if (n < 0) {
          return (int) n;
        }
        for (Dirent d : batch) {
          if (!d.name().equals(".") && !d.name().equals("..")) {
            names.add(d.name());
          }
        }
        if (n < DIRENTS) {
          return 0;
        }
      }
    } finally {
      sys.close(fd);
    }
  }
}
