package ovlsim.vfs;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.kernel.TaskLocal;

/**
 * Port of {@code struct files_struct}: a task's fd table. The lowest free descriptor is used,
 * as {@code get_unused_fd()} does; at most {@link #NR_OPEN} descriptors (EMFILE beyond).
 */
public final class FilesStruct {
  /** The default {@code RLIMIT_NOFILE}. */
  public static final int NR_OPEN = 1024;

  /** {@code task_struct.files}: a model task starts with an empty table (no fork of fds). */
  private static final TaskLocal<FilesStruct> FILES = TaskLocal.of(FilesStruct::new);

  private final List<File> fds = new ArrayList<>();

  /** {@code task->files}. */
  public static FilesStruct of(Task task) {
    return FILES.get(task);
  }

  /** {@code current->files}. */
  public static FilesStruct current() {
    return FILES.get(Task.current());
  }

  /** Port of {@code get_unused_fd()} + {@code fd_install()}. */
  public synchronized int install(File file) {
    for (int fd = 0; fd < fds.size(); fd++) {
      if (fds.get(fd) == null) {
        fds.set(fd, file);
        return fd;
      }
    }
    if (fds.size() >= NR_OPEN) {
      throw new KernelError(Errno.EMFILE);
    }
    fds.add(file);
    return fds.size() - 1;
  }

  /** Port of {@code fget()} without the reference: the file at {@code fd}, or EBADF. */
  public synchronized File get(int fd) {
    if (fd < 0 || fd >= fds.size() || fds.get(fd) == null) {
      throw new KernelError(Errno.EBADF);
    }
    return fds.get(fd);
  }

  /** Removes {@code fd} and returns its file (for {@code filp_close()}), or EBADF. */
  public synchronized File remove(int fd) {
    File f = get(fd);
    fds.set(fd, null);
    return f;
  }

  /** The descriptors in use, ascending. */
  public synchronized List<Integer> openFds() {
    List<Integer> r = new ArrayList<>();
    for (int fd = 0; fd < fds.size(); fd++) {
      if (fds.get(fd) != null) {
        r.add(fd);
      }
    }
    return r;
  }
}
