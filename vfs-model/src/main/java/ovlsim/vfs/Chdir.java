package ovlsim.vfs;

import ovlsim.kernel.Task;

/** Port of {@code sys_chdir()} from {@code fs/open.c}. */
public final class Chdir {
  private Chdir() {}

  /**
   * Port of {@code sys_chdir()}: walks to a directory ({@code user_path_dir()}: ENOTDIR
   * otherwise), checks search permission ({@code MAY_EXEC | MAY_ACCESS}) and makes it the
   * current task's cwd.
   */
  public static void sysChdir(String filename) {
    Path path = new Path();
    Namei.userPath(filename, Fs.LOOKUP_FOLLOW | Fs.LOOKUP_DIRECTORY, path);
    try {
      Permission.inodePermission(path.dentry.dInode, Fs.MAY_EXEC | Fs.MAY_ACCESS);
      FsStruct.current().setPwd(path);
    } finally {
      Namespace.pathPut(path);
    }
  }
}
