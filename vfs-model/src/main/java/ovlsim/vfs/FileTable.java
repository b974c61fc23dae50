package ovlsim.vfs;

import ovlsim.kernel.Task;

/** Port of {@code fget()} from {@code fs/file_table.c}. */
public final class FileTable {
  private FileTable() {}

  /**
   * Port of {@code fget()}: the file at {@code fd} in the current task's fd table with a new
   * reference (the caller {@link Open#fput}s it), or EBADF.
   */
  public static File fget(int fd) {
    return Open.getFile(FilesStruct.current().get(fd));
  }
}
