package ovlsim.vfs;

import ovlsim.kernel.locking.KMutex;

/** Port of the chown half of {@code fs/open.c}. */
public final class Chown {
  private Chown() {}

  /**
   * Port of {@code chown_common()}: {@code notify_change(ATTR_UID | ATTR_GID | ATTR_CTIME)}
   * under the inode's i_mutex; -1 leaves an id alone; a non-directory also asks to kill
   * suid/sgid (and file capabilities). The caller holds write access to the mount.
   */
  public static void chownCommon(Path path, int user, int group) {
    Inode inode = path.dentry.dInode;
    Iattr newattrs = new Iattr();
    newattrs.iaValid = Fs.ATTR_CTIME;
    if (user != -1) {
      newattrs.iaValid |= Fs.ATTR_UID;
      newattrs.iaUid = user;
    }
    if (group != -1) {
      newattrs.iaValid |= Fs.ATTR_GID;
      newattrs.iaGid = group;
    }
    if (!Stat.S_ISDIR(inode.iMode)) {
      newattrs.iaValid |= Fs.ATTR_KILL_SUID | Fs.ATTR_KILL_SGID | Fs.ATTR_KILL_PRIV;
    }
    KMutex.mutexLock(inode.iMutex);
    try {
      Attr.notifyChange(path.dentry, newattrs);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code sys_chown()} ({@code follow}) and {@code sys_lchown()} ({@code !follow}):
   * the walk, EROFS, then {@link #chownCommon}.
   */
  public static void sysChown(String filename, int user, int group, boolean follow) {
    Path path = new Path();
    Namei.userPath(filename, follow ? Fs.LOOKUP_FOLLOW : 0, path);
    try {
      Namespace.mntWantWrite(path.mnt);
      try {
        chownCommon(path, user, group);
      } finally {
        Namespace.mntDropWrite(path.mnt);
      }
    } finally {
      Namespace.pathPut(path);
    }
  }

  /** Port of {@code sys_fchown()}: EBADF for an unknown fd, EROFS, {@link #chownCommon}. */
  public static void sysFchown(int fd, int user, int group) {
    File file = FileTable.fget(fd);
    try {
      // mnt_want_write_file()
      Namespace.mntWantWrite(file.fPath.mnt);
      try {
        chownCommon(file.fPath, user, group);
      } finally {
        Namespace.mntDropWrite(file.fPath.mnt);
      }
    } finally {
      Open.fput(file);
    }
  }
}
