package ovlsim.vfs;

import ovlsim.kernel.locking.KMutex;

/** Port of the chmod half of {@code fs/open.c}. */
public final class Chmod {
  private Chmod() {}

  /**
   * Port of {@code chmod_common()}: EROFS on a read-only mount, then
   * {@code notify_change(ATTR_MODE | ATTR_CTIME)} under the inode's i_mutex, keeping the file
   * type bits.
   */
  public static void chmodCommon(Path path, int mode) {
    Inode inode = path.dentry.dInode;
    Namespace.mntWantWrite(path.mnt);
    try {
      KMutex.mutexLock(inode.iMutex);
      try {
        Iattr newattrs = new Iattr();
        newattrs.iaMode = (mode & Stat.S_IALLUGO) | (inode.iMode & ~Stat.S_IALLUGO);
        newattrs.iaValid = Fs.ATTR_MODE | Fs.ATTR_CTIME;
        Attr.notifyChange(path.dentry, newattrs);
      } finally {
        KMutex.mutexUnlock(inode.iMutex);
      }
    } finally {
      Namespace.mntDropWrite(path.mnt);
    }
  }

  /** Port of {@code sys_fchmod()}: EBADF for an unknown fd. */
  public static void sysFchmod(int fd, int mode) {
    File file = FileTable.fget(fd);
    try {
      chmodCommon(file.fPath, mode);
    } finally {
      Open.fput(file);
    }
  }

  /** Port of {@code sys_fchmodat(AT_FDCWD, ...)}: follows a final symlink. */
  public static void sysFchmodat(String filename, int mode) {
    Path path = new Path();
    Namei.userPath(filename, Fs.LOOKUP_FOLLOW, path);
    try {
      chmodCommon(path, mode);
    } finally {
      Namespace.pathPut(path);
    }
  }
}
