package ovlsim.conformance.workload;

import java.util.ArrayList;
import java.util.List;
import ovlsim.conformance.backend.FileStat;
import ovlsim.conformance.backend.Sys;

/** {@link FsCalls} on a conformance backend's {@link Sys} (the running kernel). */
final class SysFsCalls implements FsCalls {
  private final Sys sys;

  SysFsCalls(Sys sys) {
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
    return sys.mknod(path, mode, major, minor);
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int flags, boolean follow) {
    return sys.setxattr(path, name, value, flags, follow);
  }

  @Override
  public long getxattr(String path, String name, byte[] buf, boolean follow) {
    return sys.getxattr(path, name, buf, follow);
  }

  @Override
  public long listxattr(String path, byte[] buf, boolean follow) {
    return sys.listxattr(path, buf, follow);
  }

  @Override
  public int lstat(String path, FileStat out) {
    return sys.lstat(path, out);
  }

  @Override
  public long readlink(String path, byte[] buf) {
    return sys.readlink(path, buf);
  }

  @Override
  public int readdir(String path, List<String> names) {
    List<String> all = new ArrayList<>();
    int r = sys.readdir(path, all);
    if (r == 0) {
      all.stream().filter(n -> !n.equals(".") && !n.equals("..")).forEach(names::add);
    }
    return r;
  }
}
