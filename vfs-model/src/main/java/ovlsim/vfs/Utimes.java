package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/** Port of {@code fs/utimes.c}. */
public final class Utimes {
  /** {@code UTIME_NOW}: a {@code tv_nsec} meaning "the current time". */
  public static final long UTIME_NOW = (1L << 30) - 1;

  /** {@code UTIME_OMIT}: a {@code tv_nsec} meaning "leave this time alone". */
  public static final long UTIME_OMIT = (1L << 30) - 2;

  private Utimes() {}

  /** Port of {@code nsec_valid()}. */
  static boolean nsecValid(long nsec) {
    if (nsec == UTIME_OMIT || nsec == UTIME_NOW) {
      return true;
    }
    return nsec >= 0 && nsec <= 999_999_999;
  }

  /**
   * Port of {@code do_utimes()} for a path ({@code dfd == AT_FDCWD}): EINVAL for a bad
   * {@code tv_nsec} or unknown flags; the walk (a final symlink is followed unless
   * {@code AT_SYMLINK_NOFOLLOW}); then {@link #utimesCommon}. {@code times} is null or
   * {atime, mtime}.
   */
  public static void doUtimes(String filename, Timespec[] times, int flags) {
    if (times != null && (!nsecValid(times[0].nsec()) || !nsecValid(times[1].nsec()))) {
      throw new KernelError(Errno.EINVAL);
    }
    if ((flags & ~Fcntl.AT_SYMLINK_NOFOLLOW) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    int lookupFlags = (flags & Fcntl.AT_SYMLINK_NOFOLLOW) == 0 ? Fs.LOOKUP_FOLLOW : 0;
    Path path = new Path();
    Namei.userPath(filename, lookupFlags, path);
    try {
      utimesCommon(path, times);
    } finally {
      Namespace.pathPut(path);
    }
  }

  /**
   * Port of {@code utimes_common()}: EROFS; explicit times go to {@code notify_change()} with
   * ATTR_*_SET and ATTR_TIMES_SET (so {@code inode_change_ok()} wants the owner); "now"
   * (null, or both UTIME_NOW) is allowed to the owner or to anyone with write permission, and
   * EACCES on an immutable inode. {@code notify_change()} runs under the inode's i_mutex.
   */
  static void utimesCommon(Path path, Timespec[] times) {
    Inode inode = path.dentry.dInode;
    Namespace.mntWantWrite(path.mnt);
    try {
      if (times != null && times[0].nsec() == UTIME_NOW && times[1].nsec() == UTIME_NOW) {
        times = null;
      }
      Iattr newattrs = new Iattr();
      newattrs.iaValid = Fs.ATTR_CTIME | Fs.ATTR_MTIME | Fs.ATTR_ATIME;
      if (times != null) {
        if (times[0].nsec() == UTIME_OMIT) {
          newattrs.iaValid &= ~Fs.ATTR_ATIME;
        } else if (times[0].nsec() != UTIME_NOW) {
          newattrs.iaAtime = times[0];
          newattrs.iaValid |= Fs.ATTR_ATIME_SET;
        }
        if (times[1].nsec() == UTIME_OMIT) {
          newattrs.iaValid &= ~Fs.ATTR_MTIME;
        } else if (times[1].nsec() != UTIME_NOW) {
          newattrs.iaMtime = times[1];
          newattrs.iaValid |= Fs.ATTR_MTIME_SET;
        }
        // An explicit time update, even without ATTR_ATIME_SET or ATTR_MTIME_SET.
        newattrs.iaValid |= Fs.ATTR_TIMES_SET;
      } else {
        // inode_change_ok() will not check "now": check it here.
        if (inode.isImmutable()) {
          throw new KernelError(Errno.EACCES);
        }
        if (!Permission.isOwnerOrCap(inode)) {
          Permission.inodePermission(inode, Fs.MAY_WRITE);
        }
      }
      KMutex.mutexLock(inode.iMutex);
      try {
        Attr.notifyChange(path.dentry, newattrs);
      } finally {
        KMutex.mutexUnlock(inode.iMutex);
      }
    } finally {
      Namespace.mntDropWrite(path.mnt);
    }
  }
}
