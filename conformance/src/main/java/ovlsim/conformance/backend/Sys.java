package ovlsim.conformance.backend;

import java.util.List;

/**
 * The syscalls an fstest line makes, as one backend performs them for one task (the model)
 * or thread (the real kernel). Every method returns what the raw syscall returns: zero or a
 * count on success, {@code -errno} (Linux numbers, see {@link ErrnoNames}) on failure. Paths
 * are relative to the directory the line runs in; buffers are the caller's.
 *
 * <p>Not thread-safe: a {@code Sys} is used by the one line it was made for.
 */
public interface Sys {
  /** {@code open(2)}: the new fd. */
  int open(String path, int flags, int mode);

  int close(int fd);

  long read(int fd, byte[] buf, int count);

  long pread(int fd, byte[] buf, int count, long offset);

  long write(int fd, byte[] buf, int count);

  long pwrite(int fd, byte[] buf, int count, long offset);

  int ftruncate(int fd, long length);

  int truncate(String path, long length);

  int fchmod(int fd, int mode);

  int fchown(int fd, int uid, int gid);

  int stat(String path, FileStat out);

  int lstat(String path, FileStat out);

  int fstat(int fd, FileStat out);

  int unlink(String path);

  int mkdir(String path, int mode);

  int rmdir(String path);

  int link(String oldpath, String newpath);

  int symlink(String target, String linkpath);

  int rename(String oldpath, String newpath);

  /** {@code mknod(2)}: {@code mode} carries the file type. */
  int mknod(String path, int mode, int major, int minor);

  int chmod(String path, int mode);

  int chown(String path, int uid, int gid);

  int lchown(String path, int uid, int gid);

  /** {@code utimensat(AT_FDCWD, path, {atime, mtime}, 0)} with whole seconds. */
  int utimes(String path, long atimeSec, long mtimeSec);

  /** {@code readlink(2)}: the target's length. */
  long readlink(String path, byte[] buf);

  /**
   * {@code open(path, O_RDONLY | O_DIRECTORY)}, {@code getdents64} to the end, {@code close}:
   * appends every name (with {@code .} and {@code ..}) to {@code names}; 0 or {@code -errno}.
   */
  int readdir(String path, List<String> names);

  /** {@code getxattr(2)}, or {@code lgetxattr(2)} when not {@code follow}: the value's length. */
  long getxattr(String path, String name, byte[] buf, boolean follow);

  int setxattr(String path, String name, byte[] value, int flags, boolean follow);

  /** {@code listxattr(2)}: the length of the NUL-terminated names in {@code buf}. */
  long listxattr(String path, byte[] buf, boolean follow);

  int removexattr(String path, String name, boolean follow);

  int statfs(String path, FsStat out);
}
