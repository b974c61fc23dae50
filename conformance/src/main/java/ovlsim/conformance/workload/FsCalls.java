package ovlsim.conformance.workload;

import java.util.List;
import ovlsim.conformance.backend.FileStat;
import ovlsim.conformance.backend.Sys;
import ovlsim.syscall.Syscalls;

/**
 * The syscalls workloads and view readers make, as one task makes them: on the model through
 * {@link Syscalls} ({@link #of(Syscalls)}), on the running kernel through the conformance
 * runner's {@link Sys} ({@link #of(Sys)}). Results are raw: zero or a count, or {@code -errno}
 * (Linux x86-64 numbers). Paths are relative to the task's working directory.
 */
public interface FsCalls {
  int open(String path, int flags, int mode);

  int close(int fd);

  long pwrite(int fd, byte[] buf, long offset);

  long pread(int fd, byte[] buf, long offset);

  int truncate(String path, long length);

  int chmod(String path, int mode);

  int mkdir(String path, int mode);

  int rmdir(String path);

  int unlink(String path);

  int link(String oldpath, String newpath);

  int symlink(String target, String path);

  int rename(String oldpath, String newpath);

  /** {@code mknod(2)}; {@code mode} carries the type. */
  int mknod(String path, int mode, int major, int minor);

  int setxattr(String path, String name, byte[] value, int flags, boolean follow);

  long getxattr(String path, String name, byte[] buf, boolean follow);

  long listxattr(String path, byte[] buf, boolean follow);

  int lstat(String path, FileStat out);

  long readlink(String path, byte[] buf);

  /**
   * Opens {@code path} with {@code O_RDONLY|O_DIRECTORY}, reads its entries and closes it;
   * appends the names but {@code .} and {@code ..} to {@code names}. 0 or {@code -errno}.
   */
  int readdir(String path, List<String> names);

  /** The model task's syscalls. */
  static FsCalls of(Syscalls sys) {
    return new SyscallsFsCalls(sys);
  }

  /** The conformance backend's syscalls (valid inside the {@code run} body that gave it). */
  static FsCalls of(Sys sys) {
    return new SysFsCalls(sys);
  }
}
