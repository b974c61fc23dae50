package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;
import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;
import static ovlsim.overlay.OvlPathType.OVL_PATH_UPPER;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;

/**
 * The directory operations of {@link OvlMutant#RENAME_WITHOUT_LOCK_RENAME} and
 * {@link OvlMutant#UNLINK_WITHOUT_OPAQUE_CHECK}: {@link OvlDir#ovlRename} and
 * {@link OvlDir#ovlDoRemove} with the mutant's one change.
 */
final class MutantDir {
  private MutantDir() {}

  /** {@code ovl_rename()} locking both upper parents with I_MUTEX_PARENT, no lock_rename(). */
  static void rename(Inode olddir, Dentry old, Inode newdir, Dentry new_) {
    boolean isDir = Stat.S_ISDIR(old.dInode.iMode);
    OvlPathType oldType = OvlDentry.ovlPathType(old);
    if (oldType != OVL_PATH_UPPER && isDir) {
      throw new KernelError(Errno.EXDEV);
    }
    if (new_.dInode != null) {
      OvlPathType newType = OvlDentry.ovlPathType(new_);
      if (newType == OVL_PATH_LOWER && oldType == OVL_PATH_LOWER
          && OvlDentry.ovlDentryLower(old).dInode == OvlDentry.ovlDentryLower(new_).dInode) {
        return;
      }
      if (newType != OVL_PATH_LOWER && oldType != OVL_PATH_LOWER
          && OvlDentry.ovlDentryUpper(old).dInode == OvlDentry.ovlDentryUpper(new_).dInode) {
        return;
      }
      if (newType != OVL_PATH_UPPER && Stat.S_ISDIR(new_.dInode.iMode)) {
        OvlDir.ovlCheckEmptyDir(new_);
        if (newType == OVL_PATH_MERGE) {
          OvlDir.ovlRemoveWhiteouts(new_);
        }
      }
    }
    OvlCopyUp.ovlCopyUp(old);
    OvlCopyUp.ovlCopyUp(new_.dParent);
    Dentry oldUpperdir = OvlDentry.ovlDentryUpper(old.dParent);
    Dentry newUpperdir = OvlDentry.ovlDentryUpper(new_.dParent);

    // THE MUTATION: trap = lock_rename(new_upperdir, old_upperdir) becomes two plain locks.
    KMutex.mutexLockNested(oldUpperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    if (newUpperdir != oldUpperdir) {
      KMutex.mutexLockNested(newUpperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    }
    try {
      Dentry olddentry = OvlDentry.ovlDentryUpper(old);
      Dentry newdentry = OvlDentry.ovlDentryUpper(new_);
      if (newdentry != null) {
        Dcache.dget(newdentry);
      } else {
        newdentry = OvlUpper.ovlLookupCreate(newUpperdir, new_);
      }
      try {
        if (olddentry.dParent != oldUpperdir || newdentry.dParent != newUpperdir) {
          throw new KernelError(Errno.ESTALE);
        }
        Namei.vfsRename(oldUpperdir.dInode, olddentry, newUpperdir.dInode, newdentry);
        boolean oldOpaque = OvlDentry.ovlDentryIsOpaque(old);
        boolean newOpaque = OvlDentry.ovlDentryIsOpaque(new_);
        if (OvlDentry.ovlPathType(new_) != OVL_PATH_UPPER) {
          newOpaque = true;
        }
        if (oldType != OVL_PATH_UPPER || oldOpaque) {
          OvlUpper.ovlWhiteout(oldUpperdir, old);
        }
        if (isDir) {
          if (oldOpaque && !newOpaque) {
            OvlUpper.ovlRemoveOpaque(olddentry);
            OvlDentry.ovlDentrySetOpaque(old, false);
          }
          if (!oldOpaque && newOpaque) {
            OvlUpper.ovlSetOpaque(olddentry);
            OvlDentry.ovlDentrySetOpaque(old, true);
          }
        }
        OvlDentry.ovlDentryVersionInc(old.dParent);
        OvlDentry.ovlDentryVersionInc(new_.dParent);
      } finally {
        Dcache.dput(newdentry);
      }
    } finally {
      if (newUpperdir != oldUpperdir) {
        KMutex.mutexUnlock(newUpperdir.dInode.iMutex);
      }
      KMutex.mutexUnlock(oldUpperdir.dInode.iMutex);
    }
  }

  /** {@code ovl_do_remove()} for unlink, whiteout only for {@code type != OVL_PATH_UPPER}. */
  static void unlink(Inode dir, Dentry dentry) {
    Path realpath = new Path();
    OvlCopyUp.ovlCopyUp(dentry.dParent);
    Dentry upperdir = OvlDentry.ovlDentryUpper(dentry.dParent);
    KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      OvlPathType type = OvlDentry.ovlPathReal(dentry, realpath);
      if (type != OVL_PATH_LOWER) {
        if (realpath.dentry.dParent != upperdir) {
          throw new KernelError(Errno.ESTALE);
        }
        Namei.vfsUnlink(upperdir.dInode, realpath.dentry);
        OvlDentry.ovlDentryVersionInc(dentry.dParent);
      }
      // THE MUTATION: "|| ovl_dentry_is_opaque(dentry)" is gone.
      if (type != OVL_PATH_UPPER) {
        OvlUpper.ovlWhiteout(upperdir, dentry);
      }
    } finally {
      Dcache.dDrop(dentry);
      KMutex.mutexUnlock(upperdir.dInode.iMutex);
    }
  }
}
