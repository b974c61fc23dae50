package ovlsim.syscall;

import java.util.List;
import ovlsim.kernel.Task;
import ovlsim.vfs.Timespec;

/**
 * The user's side of the kernel: the syscalls of one {@link Task}, each returning what the raw
 * syscall returns: zero or a count on success, {@code -errno} on failure
 * ({@link ovlsim.kernel.Errno#ofResult} names it). Each call binds the calling thread to the
 * task for its length.
 */
public final class Syscalls {
  private final Task task;

  public Syscalls(Task task) {
    this.task = task;
  }

  public Task task() {
    return task;
  }

  public int open(String path, int flags) { return open(path, flags, 0); }

  public int open(String path, int flags, int mode) { throw new UnsupportedOperationException("TODO"); }

  public int close(int fd) { throw new UnsupportedOperationException("TODO"); }

  public long read(int fd, byte[] buf, int count) { throw new UnsupportedOperationException("TODO"); }

  public long write(int fd, byte[] buf, int count) { throw new UnsupportedOperationException("TODO"); }

  public long pread(int fd, byte[] buf, int count, long offset) { throw new UnsupportedOperationException("TODO"); }

  public long pwrite(int fd, byte[] buf, int count, long offset) { throw new UnsupportedOperationException("TODO"); }

  public long lseek(int fd, long offset, int whence) { throw new UnsupportedOperationException("TODO"); }

  public int truncate(String path, long length) { throw new UnsupportedOperationException("TODO"); }

  public int ftruncate(int fd, long length) { throw new UnsupportedOperationException("TODO"); }

  public int stat(String path, StatBuf buf) { throw new UnsupportedOperationException("TODO"); }

  public int lstat(String path, StatBuf buf) { throw new UnsupportedOperationException("TODO"); }

  public int fstat(int fd, StatBuf buf) { throw new UnsupportedOperationException("TODO"); }

  public int mkdir(String path, int mode) { throw new UnsupportedOperationException("TODO"); }

  public int rmdir(String path) { throw new UnsupportedOperationException("TODO"); }

  public int unlink(String path) { throw new UnsupportedOperationException("TODO"); }

  public int rename(String oldpath, String newpath) { throw new UnsupportedOperationException("TODO"); }

  public int link(String oldpath, String newpath) { throw new UnsupportedOperationException("TODO"); }

  public int symlink(String target, String linkpath) { throw new UnsupportedOperationException("TODO"); }

  public long readlink(String path, byte[] buf, int bufsiz) { throw new UnsupportedOperationException("TODO"); }

  public int mknod(String path, int mode, int dev) { throw new UnsupportedOperationException("TODO"); }

  public int mkfifo(String path, int mode) { throw new UnsupportedOperationException("TODO"); }

  public int chmod(String path, int mode) { throw new UnsupportedOperationException("TODO"); }

  public int fchmod(int fd, int mode) { throw new UnsupportedOperationException("TODO"); }

  public int chown(String path, int uid, int gid) { throw new UnsupportedOperationException("TODO"); }

  public int lchown(String path, int uid, int gid) { throw new UnsupportedOperationException("TODO"); }

  public int fchown(int fd, int uid, int gid) { throw new UnsupportedOperationException("TODO"); }

  /** {@code utimensat(AT_FDCWD, path, times, 0)}; a null time means "now". */
  public int utimes(String path, Timespec atime, Timespec mtime) { throw new UnsupportedOperationException("TODO"); }

  /** {@code getdents64}: appends entries from the fd's position; 0 at the end. */
  public long getdents(int fd, List<Dirent> out, int maxEntries) { throw new UnsupportedOperationException("TODO"); }

  public long getxattr(String path, String name, byte[] value, int size) { throw new UnsupportedOperationException("TODO"); }

  public long lgetxattr(String path, String name, byte[] value, int size) { throw new UnsupportedOperationException("TODO"); }

  public int setxattr(String path, String name, byte[] value, int size, int flags) { throw new UnsupportedOperationException("TODO"); }

  public int lsetxattr(String path, String name, byte[] value, int size, int flags) { throw new UnsupportedOperationException("TODO"); }

  public long listxattr(String path, byte[] list, int size) { throw new UnsupportedOperationException("TODO"); }

  public long llistxattr(String path, byte[] list, int size) { throw new UnsupportedOperationException("TODO"); }

  public int removexattr(String path, String name) { throw new UnsupportedOperationException("TODO"); }

  public int lremovexattr(String path, String name) { throw new UnsupportedOperationException("TODO"); }

  public int statfs(String path, StatfsBuf buf) { throw new UnsupportedOperationException("TODO"); }

  public int fsync(int fd) { throw new UnsupportedOperationException("TODO"); }

  public int chdir(String path) { throw new UnsupportedOperationException("TODO"); }

  /** Sets the umask; returns the old one (never fails). */
  public int umask(int mask) { throw new UnsupportedOperationException("TODO"); }

  /** {@code mount(2)}; {@code MS_REMOUNT} in flags remounts. */
  public int mount(String source, String target, String fstype, int flags, String data) { throw new UnsupportedOperationException("TODO"); }

  public int umount(String target) { throw new UnsupportedOperationException("TODO"); }
}
