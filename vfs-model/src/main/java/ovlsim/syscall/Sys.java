package ovlsim.syscall;

import java.util.List;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * The system calls a user task makes, as something that runs them: a model task
 * ({@link ModelSys}) or a thread of the running Linux kernel (the conformance module's
 * {@code KernelSys}, through JNA). One interface, so an fstest line, a workload or a layer
 * writer runs unchanged on the model and on the kernel it is compared with.
 *
 * <p>Every method returns what the raw syscall returns: zero or a count on success,
 * {@code -errno} (Linux numbers, {@link ovlsim.kernel.Errno#ofResult} names them) on failure.
 * Relative paths start at the caller's working directory; buffers are the caller's memory.
 * Device numbers are in the model's {@code MKDEV} form ({@link Stat#mkdev}).
 */
public interface Sys {
  /** {@code open(2)}: the new fd; {@code mode} applies with {@code O_CREAT}. */
  int open(String path, int flags, int mode);

  /** {@code open(2)} without a mode. */
  default int open(String path, int flags) {
    return open(path, flags, 0);
  }

  int close(int fd);

  long read(int fd, byte[] buf, int count);

  long write(int fd, byte[] buf, int count);

  long pread(int fd, byte[] buf, int count, long offset);

  long pwrite(int fd, byte[] buf, int count, long offset);

  long lseek(int fd, long offset, int whence);

  int fsync(int fd);

  int truncate(String path, long length);

  int ftruncate(int fd, long length);

  int stat(String path, StatBuf buf);

  int lstat(String path, StatBuf buf);

  int fstat(int fd, StatBuf buf);

  int chmod(String path, int mode);

  int fchmod(int fd, int mode);

  int chown(String path, int uid, int gid);

  int lchown(String path, int uid, int gid);

  int fchown(int fd, int uid, int gid);

  /** {@code utimensat(AT_FDCWD, path, {atime, mtime}, 0)}; a {@code null} time is "now". */
  int utimes(String path, Timespec atime, Timespec mtime);

  int statfs(String path, StatfsBuf buf);

  int mkdir(String path, int mode);

  int rmdir(String path);

  int unlink(String path);

  int rename(String oldpath, String newpath);

  int link(String oldpath, String newpath);

  int symlink(String target, String linkpath);

  /** {@code readlink(2)}: the bytes copied, no NUL. */
  long readlink(String path, byte[] buf, int bufsiz);

  /** {@code mknod(2)}: {@code mode} carries the file type, {@code dev} is a {@code MKDEV}. */
  int mknod(String path, int mode, int dev);

  /** {@code mkfifo(3)}: {@code mknod(path, S_IFIFO | mode, 0)}. */
  default int mkfifo(String path, int mode) {
    return mknod(path, Stat.S_IFIFO | (mode & ~Stat.S_IFMT), 0);
  }

  int chdir(String path);

  /** {@code umask(2)}: sets the mask, returns the old one. */
  int umask(int mask);

  /**
   * What {@code ls} does with the syscalls: {@code open(path, O_RDONLY|O_DIRECTORY)},
   * {@code getdents64} to the end, {@code close}. Appends every name, {@code .} and {@code ..}
   * included, in the order the filesystem gives them; 0 or {@code -errno}.
   */
  int readdir(String path, List<String> names);

  /**
   * {@code getdents64} on {@code fd} from its position to the end: appends every name,
   * {@code .} and {@code ..} included, in the order the filesystem gives them; 0 or
   * {@code -errno}. The fd stays open, at the end of the directory.
   */
  int getdents(int fd, List<String> names);

  long getxattr(String path, String name, byte[] value, int size);

  long lgetxattr(String path, String name, byte[] value, int size);

  int setxattr(String path, String name, byte[] value, int size, int flags);

  int lsetxattr(String path, String name, byte[] value, int size, int flags);

  long listxattr(String path, byte[] list, int size);

  long llistxattr(String path, byte[] list, int size);

  int removexattr(String path, String name);

  int lremovexattr(String path, String name);
}
