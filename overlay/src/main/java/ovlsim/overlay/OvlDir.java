package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;
import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;
import static ovlsim.overlay.OvlPathType.OVL_PATH_UPPER;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Sched;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;

/**
 * The directory inode operations that change the namespace: creation
 * ({@code ovl_create_object()} and the four i_ops on it), removal ({@code ovl_do_remove()},
 * {@code ovl_unlink()}, {@code ovl_rmdir()} with {@code ovl_check_empty_dir()} and
 * {@code ovl_remove_whiteouts()}), {@code ovl_link()} and {@code ovl_rename()}. What they make
 * in the upper layer (the object, the whiteout, the opaque mark) {@link OvlUpper} makes.
 *
 * <p>Locking: the VFS holds the overlay locks of DESIGN.md's table around each i_op (the
 * parent's i_mutex; the victim's or source's too; both parents and the target for rename).
 * Inside, each operation copies up what it needs first, then takes the upper parent's i_mutex
 * as I_MUTEX_PARENT ({@code lock_rename()} on the upper layer for rename), and checks that the
 * upper dentries still hang where the overlay says (ESTALE), because the upper layer's
 * {@code d_move()} and the overlay's are two separate steps.
 */
final class OvlDir {
  private OvlDir() {}

  /**
   * Port of {@code ovl_create_object()}: a new overlay inode, the parent copied up, then the
   * upper object created under the upper parent's i_mutex (PARENT), marked opaque when it is a
   * directory replacing a whiteout, published and instantiated.
   */
  static void ovlCreateObject(Dentry dentry, int mode, int rdev, String link) {
    Dentry newdentry;
    Dentry upperdir;
    Inode inode;
    Kstat stat = new Kstat();
    stat.mode = mode;
    stat.rdev = rdev;

    inode = OvlInode.ovlNewInode(dentry.dSb, mode, (OvlEntry) dentry.dFsdata);
    if (inode == null) {
      throw new KernelError(Errno.ENOMEM); // goto out
    }

    try {
      OvlCopyUp.ovlCopyUp(dentry.dParent); // error: goto out_iput

      upperdir = OvlDentry.ovlDentryUpper(dentry.dParent);
      KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
      try {
        newdentry = OvlUpper.ovlUpperCreate(upperdir, dentry, stat, link); // error: goto out_unlock
        try {
          OvlDentry.ovlDentryVersionInc(dentry.dParent);
          if (OvlDentry.ovlDentryIsOpaque(dentry) && Stat.S_ISDIR(mode)) {
            OvlUpper.ovlSetOpaque(newdentry); // error: goto out_dput
          }
          OvlDentry.ovlDentryUpdate(dentry, newdentry);
          Dcache.dInstantiate(dentry, inode);
          inode = null;
          newdentry = null;
        } finally {
          // out_dput:
          Dcache.dput(newdentry);
        }
      } finally {
        // out_unlock:
        KMutex.mutexUnlock(upperdir.dInode.iMutex);
      }
    } finally {
      // out_iput:
      Inodes.iput(inode);
    }
  }

  /** Port of {@code ovl_create()}: a regular file. */
  static void ovlCreate(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    ovlCreateObject(dentry, (mode & 07777) | Stat.S_IFREG, 0, null);
  }

  /** Port of {@code ovl_mkdir()}. */
  static void ovlMkdir(Inode dir, Dentry dentry, int mode) {
    ovlCreateObject(dentry, (mode & 07777) | Stat.S_IFDIR, 0, null);
  }

  /** Port of {@code ovl_mknod()}: {@code mode} carries the type. */
  static void ovlMknod(Inode dir, Dentry dentry, int mode, int rdev) {
    ovlCreateObject(dentry, mode, rdev, null);
  }

  /** Port of {@code ovl_symlink()}: mode {@code S_IFLNK} (no permission bits). */
  static void ovlSymlink(Inode dir, Dentry dentry, String link) {
    ovlCreateObject(dentry, Stat.S_IFLNK, 0, link);
  }

  /**
   * Port of {@code ovl_do_remove()}: copies up the parent, then under the upper parent's
   * i_mutex removes the upper object (ESTALE when it no longer hangs under the upper parent)
   * and leaves a whiteout when a lower object (or an opaque marker) must stay hidden. The
   * overlay dentry is unhashed on every path past the lock.
   */
  static void ovlDoRemove(Dentry dentry, boolean isDir) {
    OvlPathType type;
    Path realpath = new Path();
    Dentry upperdir;

    OvlCopyUp.ovlCopyUp(dentry.dParent);

    upperdir = OvlDentry.ovlDentryUpper(dentry.dParent);
    KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      type = OvlDentry.ovlPathReal(dentry, realpath);
      if (type != OVL_PATH_LOWER) {
        if (realpath.dentry.dParent != upperdir) {
          throw new KernelError(Errno.ESTALE); // goto out_d_drop
        }

        if (isDir) {
          Namei.vfsRmdir(upperdir.dInode, realpath.dentry);
        } else {
          Namei.vfsUnlink(upperdir.dInode, realpath.dentry);
        }
        // error: goto out_d_drop

        OvlDentry.ovlDentryVersionInc(dentry.dParent);
      }

      if (type != OVL_PATH_UPPER || OvlDentry.ovlDentryIsOpaque(dentry)) {
        OvlUpper.ovlWhiteout(upperdir, dentry);
      }

      /*
       * Keeping this dentry hashed would mean having to release
       * upperpath/lowerpath, which could only be done if we are the
       * sole user of this dentry.  Too tricky...  Just unhash for
       * now.
       */
    } finally {
      // out_d_drop:
      Dcache.dDrop(dentry);
      KMutex.mutexUnlock(upperdir.dInode.iMutex);
    }
  }

  /** Port of {@code ovl_unlink()}. */
  static void ovlUnlink(Inode dir, Dentry dentry) {
    ovlDoRemove(dentry, false);
  }

  /**
   * Port of {@code ovl_check_empty_dir()}: reads the merged directory; ENOTEMPTY when a name
   * other than ".", ".." and whiteouts shows.
   */
  static void ovlCheckEmptyDir(Dentry dentry) {
    Path lowerpath = new Path();
    Path upperpath = new Path();
    ListHead list = new ListHead(null); // LIST_HEAD(list)
    OvlReaddirData rdd = new OvlReaddirData();
    rdd.list = list;
    KernelError err = null;

    OvlDentry.ovlPathUpper(dentry, upperpath);
    OvlDentry.ovlPathLower(dentry, lowerpath);

    OvlReaddir.ovlDirReadMerged(upperpath, lowerpath, rdd);

    for (ListHead l = list.next; l != list; l = l.next) {
      OvlCacheEntry p = (OvlCacheEntry) l.container;
      if (p.isWhiteout) {
        continue;
      }

      if (p.name.charAt(0) == '.') {
        if (p.len == 1) {
          continue;
        }
        if (p.len == 2 && p.name.charAt(1) == '.') {
          continue;
        }
      }
      err = new KernelError(Errno.ENOTEMPTY);
      break;
    }

    OvlReaddir.ovlCacheFree(list);

    if (err != null) {
      throw err;
    }
  }

  /**
   * Port of {@code ovl_unlink_whiteout()}: the fill callback of {@code ovl_remove_whiteouts()};
   * unlinks every symlink of the upper directory (after {@code ovl_check_empty_dir()} they are
   * all whiteouts) while {@code vfs_readdir()} holds the directory's i_mutex.
   */
  static int ovlUnlinkWhiteout(
      OvlReaddirData rdd, String name, long offset, long ino, int dType) {
    rdd.count++;
    /* check d_type to filter out "." and ".." */
    if (dType == Stat.DT_LNK) {
      Dentry dentry;

      try {
        dentry = Namei.lookupOneLen(name, rdd.dir, name.length());
      } catch (KernelError e) {
        rdd.err = OvlReaddir.ptrErr(e);
        return rdd.err;
      }
      try {
        Namei.vfsUnlink(rdd.dir.dInode, dentry);
        rdd.err = 0;
      } catch (KernelError e) {
        rdd.err = OvlReaddir.ptrErr(e);
      }
      Dcache.dput(dentry);
    }

    return rdd.err;
  }

  /**
   * Port of {@code ovl_remove_whiteouts()}: reads the upper directory with
   * {@code ovl_unlink_whiteout()} as the callback, so that it can be removed.
   */
  static void ovlRemoveWhiteouts(Dentry dentry) {
    Path upperpath = new Path();
    OvlReaddirData rdd = new OvlReaddirData();
    rdd.list = null;

    OvlDentry.ovlPathUpper(dentry, upperpath);
    rdd.dir = upperpath.dentry;

    OvlReaddir.ovlDirRead(upperpath, rdd, OvlDir::ovlUnlinkWhiteout);
  }

  /**
   * Port of {@code ovl_rmdir()}: a directory with a lower part must look empty (whiteouts
   * aside); a merged one has its whiteouts removed first; then {@code ovl_do_remove()}.
   */
  static void ovlRmdir(Inode dir, Dentry dentry) {
    OvlPathType type;

    type = OvlDentry.ovlPathType(dentry);
    if (type != OVL_PATH_UPPER) {
      ovlCheckEmptyDir(dentry);

      if (type == OVL_PATH_MERGE) {
        ovlRemoveWhiteouts(dentry);
      }
    }

    ovlDoRemove(dentry, true);
  }

  /**
   * Port of {@code ovl_link()}: copies up the source and the new parent, then links the upper
   * source under the upper parent's i_mutex (over a whiteout if there is one) and instantiates
   * {@code new_} with the source's overlay inode.
   */
  static void ovlLink(Dentry old, Inode newdir, Dentry new_) {
    Dentry olddentry;
    Dentry newdentry;
    Dentry upperdir;

    OvlCopyUp.ovlCopyUp(old); // error: goto out

    OvlCopyUp.ovlCopyUp(new_.dParent); // error: goto out

    upperdir = OvlDentry.ovlDentryUpper(new_.dParent);
    KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      newdentry = OvlUpper.ovlLookupCreate(upperdir, new_); // error: goto out_unlock

      olddentry = OvlDentry.ovlDentryUpper(old);
      try {
        Namei.vfsLink(olddentry, upperdir.dInode, newdentry);
      } catch (KernelError e) {
        Dcache.dput(newdentry);
        throw e;
      }
      OvlDentry.ovlDentryVersionInc(new_.dParent);
      OvlDentry.ovlDentryUpdate(new_, newdentry);

      Inodes.ihold(old.dInode);
      Dcache.dInstantiate(new_, old.dInode);
    } finally {
      // out_unlock:
      KMutex.mutexUnlock(upperdir.dInode.iMutex);
    }
    // out:
  }

  /**
   * Port of {@code ovl_rename()}: EXDEV for a directory that is not pure upper ("Don't copy up
   * directory trees"); success without doing anything when both names already refer to the
   * same real inode; a directory target with a lower part must be empty (its whiteouts go
   * first if merged). Then both sides are copied up, the upper parents locked with
   * {@code lock_rename()}, the upper dentries checked against the parents and the trap
   * (ESTALE), and the upper rename done; a whiteout is left at the old name when a lower object
   * (or opaque marker) must stay hidden, and a directory gets or loses its opaque mark.
   *
   * <p>Schedule points {@value OvlSchedPoint#RENAME_AFTER_VFS_RENAME} and {@value OvlSchedPoint#RENAME_AFTER_UNLOCK}.
   */
  static void ovlRename(Inode olddir, Dentry old, Inode newdir, Dentry new_) {
    OvlPathType oldType;
    Dentry oldUpperdir;
    Dentry newUpperdir;
    Dentry olddentry;
    Dentry newdentry;
    Dentry trap;
    boolean isDir = Stat.S_ISDIR(old.dInode.iMode);

    /* Don't copy up directory trees */
    oldType = OvlDentry.ovlPathType(old);
    if (oldType != OVL_PATH_UPPER && isDir) {
      throw new KernelError(Errno.EXDEV);
    }

    if (new_.dInode != null) {
      OvlPathType newType;

      newType = OvlDentry.ovlPathType(new_);

      if (newType == OVL_PATH_LOWER && oldType == OVL_PATH_LOWER) {
        if (OvlDentry.ovlDentryLower(old).dInode == OvlDentry.ovlDentryLower(new_).dInode) {
          return;
        }
      }
      if (newType != OVL_PATH_LOWER && oldType != OVL_PATH_LOWER) {
        if (OvlDentry.ovlDentryUpper(old).dInode == OvlDentry.ovlDentryUpper(new_).dInode) {
          return;
        }
      }

      if (newType != OVL_PATH_UPPER && Stat.S_ISDIR(new_.dInode.iMode)) {
        ovlCheckEmptyDir(new_);

        if (newType == OVL_PATH_MERGE) {
          ovlRemoveWhiteouts(new_);
        }
      }
    }

    OvlCopyUp.ovlCopyUp(old);

    OvlCopyUp.ovlCopyUp(new_.dParent);

    oldUpperdir = OvlDentry.ovlDentryUpper(old.dParent);
    newUpperdir = OvlDentry.ovlDentryUpper(new_.dParent);

    trap = Namei.lockRename(newUpperdir, oldUpperdir);
    try {
      olddentry = OvlDentry.ovlDentryUpper(old);
      newdentry = OvlDentry.ovlDentryUpper(new_);
      if (newdentry != null) {
        Dcache.dget(newdentry);
      } else {
        newdentry = OvlUpper.ovlLookupCreate(newUpperdir, new_); // error: goto out_unlock
      }

      try {
        if (olddentry.dParent != oldUpperdir) {
          throw new KernelError(Errno.ESTALE); // goto out_dput
        }
        if (newdentry.dParent != newUpperdir) {
          throw new KernelError(Errno.ESTALE);
        }
        if (olddentry == trap) {
          throw new KernelError(Errno.ESTALE);
        }
        if (newdentry == trap) {
          throw new KernelError(Errno.ESTALE);
        }

        Namei.vfsRename(oldUpperdir.dInode, olddentry, newUpperdir.dInode, newdentry);

        // if (!err)
        Sched.point(OvlSchedPoint.RENAME_AFTER_VFS_RENAME);
        boolean oldOpaque = OvlDentry.ovlDentryIsOpaque(old);
        boolean newOpaque = OvlDentry.ovlDentryIsOpaque(new_);
        KernelError err = null;

        if (OvlDentry.ovlPathType(new_) != OVL_PATH_UPPER) {
          newOpaque = true;
        }

        if (oldType != OVL_PATH_UPPER || oldOpaque) {
          try {
            OvlUpper.ovlWhiteout(oldUpperdir, old);
          } catch (KernelError e) {
            err = e;
          }
        }
        if (err == null && isDir) {
          if (oldOpaque && !newOpaque) {
            try {
              OvlUpper.ovlRemoveOpaque(olddentry);
            } catch (KernelError ignored) {
              // the C ignores what ovl_remove_opaque() returns
            }
            OvlDentry.ovlDentrySetOpaque(old, false);
          }
          if (!oldOpaque && newOpaque) {
            try {
              OvlUpper.ovlSetOpaque(olddentry);
            } catch (KernelError e) {
              err = e;
            }
            OvlDentry.ovlDentrySetOpaque(old, true);
          }
        }
        OvlDentry.ovlDentryVersionInc(old.dParent);
        OvlDentry.ovlDentryVersionInc(new_.dParent);
        if (err != null) {
          throw err;
        }
      } finally {
        // out_dput:
        Dcache.dput(newdentry);
      }
    } finally {
      // out_unlock:
      Namei.unlockRename(newUpperdir, oldUpperdir);
    }
    Sched.point(OvlSchedPoint.RENAME_AFTER_UNLOCK);
  }
}
