package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;
import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;
import static ovlsim.overlay.OvlPathType.OVL_PATH_UPPER;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
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
import ovlsim.vfs.Xattr;

/**
 * The directory inode operations that change the namespace: creation over whiteouts
 * ({@code ovl_lookup_create()}, {@code ovl_upper_create()}, {@code ovl_create_object()} and the
 * four i_ops on it), removal ({@code ovl_whiteout()}, {@code ovl_do_remove()},
 * {@code ovl_unlink()}, {@code ovl_rmdir()} with {@code ovl_check_empty_dir()} and
 * {@code ovl_remove_whiteouts()}), {@code ovl_link()} and {@code ovl_rename()}.
 *
 * <p>Locking: the VFS holds the overlay locks of docs/locking.md around each i_op (the
 * parent's i_mutex; the victim's or source's too; both parents and the target for rename).
 * Inside, each operation copies up what it needs first, then takes the upper parent's i_mutex
 * as I_MUTEX_PARENT ({@code lock_rename()} on the upper layer for rename), and checks that the
 * upper dentries still hang where the overlay says (ESTALE), because the upper layer's
 * {@code d_move()} and the overlay's are two separate steps.
 */
final class OvlDir {
  private OvlDir() {}

  /**
   * Schedule point in {@code ovl_rename()}: the upper {@code vfs_rename()} has succeeded (the
   * upper dentry is already moved), the whiteout and opaque steps and the overlay's own
   * {@code d_move()} have not happened; the upper parents' i_mutexes are held.
   */
  static final String POINT_AFTER_VFS_RENAME = "ovl_rename:after_vfs_rename";

  /**
   * Schedule point at the end of a successful {@code ovl_rename()}: the upper locks are dropped
   * ({@code unlock_rename()}), the VFS has not yet {@code d_move()}d the overlay dentry (it does
   * so under the overlay locks only). Between the two, the upper and overlay trees disagree
   * about the dentry's parent and name: Al Viro's "two d_move() calls".
   */
  static final String POINT_AFTER_UNLOCK = "ovl_rename:after_unlock";

  /**
   * Port of {@code ovl_lookup_create()}: the upper dentry to create {@code template}'s name in
   * {@code upperdir} (whose i_mutex the caller holds), negative. An existing upper object is
   * EEXIST unless it is a whiteout over a lower parent: then it is unlinked (with CAP_SYS_ADMIN
   * and CAP_FOWNER raised) and looked up again.
   */
  static Dentry ovlLookupCreate(Dentry upperdir, Dentry template) {
    Dentry newdentry;
    String name = template.dName;

    newdentry = Namei.lookupOneLen(name, upperdir, name.length());

    if (newdentry.dInode != null) {
      Cred oldCred;
      Cred overrideCred;
      KernelError err;

      try {
        /* No need to check whiteout if lower parent is non-existent */
        if (OvlDentry.ovlDentryLower(template.dParent) == null) {
          throw new KernelError(Errno.EEXIST); // goto out_dput
        }

        if (!Stat.S_ISLNK(newdentry.dInode.iMode)) {
          throw new KernelError(Errno.EEXIST); // goto out_dput
        }

        // err = -ENOMEM: prepare_creds() cannot fail in the model.
        overrideCred = Creds.prepareCreds();

        /*
         * CAP_SYS_ADMIN for getxattr
         * CAP_FOWNER for unlink in sticky directory
         */
        overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
        overrideCred.capRaise(Capability.CAP_FOWNER);
        oldCred = Creds.overrideCreds(overrideCred);

        err = new KernelError(Errno.EEXIST);
        try {
          if (OvlDentry.ovlIsWhiteout(newdentry)) {
            Namei.vfsUnlink(upperdir.dInode, newdentry);
            err = null;
          }
        } catch (KernelError e) {
          err = e;
        } finally {
          Creds.revertCreds(oldCred);
          Creds.putCred(overrideCred);
        }
        if (err != null) {
          throw err; // goto out_dput
        }
      } catch (KernelError e) {
        // out_dput:
        Dcache.dput(newdentry);
        throw e;
      }

      Dcache.dput(newdentry);
      newdentry = Namei.lookupOneLen(name, upperdir, name.length());

      /*
       * Whiteout just been successfully removed, parent
       * i_mutex is still held, there's no way the lookup
       * could return positive.
       */
      Bugs.warnOn(newdentry.dInode != null, "ovl_lookup_create: " + newdentry + " positive");
    }

    return newdentry;
  }

  /**
   * Port of {@code ovl_upper_create()}: creates the upper object of {@code stat}'s type
   * ({@code vfs_create()}, {@code vfs_mkdir()}, {@code vfs_mknod()} or {@code vfs_symlink()} to
   * {@code link}) in {@code upperdir}, whose i_mutex the caller holds; EPERM for an unknown
   * type. Returns the new upper dentry with a reference.
   */
  static Dentry ovlUpperCreate(Dentry upperdir, Dentry dentry, Kstat stat, String link) {
    Dentry newdentry;
    Inode dir = upperdir.dInode;

    newdentry = ovlLookupCreate(upperdir, dentry); // IS_ERR: goto out

    try {
      switch (stat.mode & Stat.S_IFMT) {
        case Stat.S_IFREG:
          Namei.vfsCreate(dir, newdentry, stat.mode, null);
          break;

        case Stat.S_IFDIR:
          Namei.vfsMkdir(dir, newdentry, stat.mode);
          break;

        case Stat.S_IFCHR:
        case Stat.S_IFBLK:
        case Stat.S_IFIFO:
        case Stat.S_IFSOCK:
          Namei.vfsMknod(dir, newdentry, stat.mode, stat.rdev);
          break;

        case Stat.S_IFLNK:
          Namei.vfsSymlink(dir, newdentry, link);
          break;

        default:
          throw new KernelError(Errno.EPERM);
      }
    } catch (KernelError e) {
      Dcache.dput(newdentry);
      throw e;
    }

    // out:
    return newdentry;
  }

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
        newdentry = ovlUpperCreate(upperdir, dentry, stat, link); // error: goto out_unlock
        try {
          OvlDentry.ovlDentryVersionInc(dentry.dParent);
          if (OvlDentry.ovlDentryIsOpaque(dentry) && Stat.S_ISDIR(mode)) {
            OvlCopyUp.ovlSetOpaque(newdentry); // error: goto out_dput
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
   * Port of {@code ovl_whiteout()}: creates the whiteout for {@code dentry}'s name in
   * {@code upperdir} (whose i_mutex the caller holds): a symlink to
   * {@value OvlDentry#OVL_WHITEOUT_SYMLINK} owned by root (fsuid/fsgid 0), then the xattr
   * {@value OvlDentry#OVL_WHITEOUT_XATTR}{@code =y}, with CAP_SYS_ADMIN and CAP_DAC_OVERRIDE.
   * A failed setxattr leaves the bare symlink behind, as in the C.
   */
  static void ovlWhiteout(Dentry upperdir, Dentry dentry) {
    Dentry newdentry;
    Cred oldCred;
    Cred overrideCred;

    /* FIXME: recheck lower dentry to see if whiteout is really needed */

    // err = -ENOMEM: prepare_creds() cannot fail in the model.
    overrideCred = Creds.prepareCreds();

    /*
     * CAP_SYS_ADMIN for setxattr
     * CAP_DAC_OVERRIDE for symlink creation
     */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    overrideCred.setFsuid(0);
    overrideCred.setFsgid(0);
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      newdentry = Namei.lookupOneLen(dentry.dName, upperdir, dentry.dName.length());
      // IS_ERR: goto out_put_cred

      try {
        /* Just been removed within the same locked region */
        Bugs.warnOn(newdentry.dInode != null, "ovl_whiteout: " + newdentry + " positive");

        Namei.vfsSymlink(upperdir.dInode, newdentry, OvlDentry.OVL_WHITEOUT_SYMLINK);
        // error: goto out_dput

        OvlDentry.ovlDentryVersionInc(dentry.dParent);

        Xattr.vfsSetxattr(newdentry, OvlDentry.OVL_WHITEOUT_XATTR, OvlDentry.Y, 1, 0);
      } finally {
        // out_dput:
        Dcache.dput(newdentry);
      }
    } finally {
      // out_put_cred:
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
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
        ovlWhiteout(upperdir, dentry);
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
      newdentry = ovlLookupCreate(upperdir, new_); // error: goto out_unlock

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
   * <p>Schedule points {@value #POINT_AFTER_VFS_RENAME} and {@value #POINT_AFTER_UNLOCK}.
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
        newdentry = ovlLookupCreate(newUpperdir, new_); // error: goto out_unlock
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
        Sched.point(POINT_AFTER_VFS_RENAME);
        boolean oldOpaque = OvlDentry.ovlDentryIsOpaque(old);
        boolean newOpaque = OvlDentry.ovlDentryIsOpaque(new_);
        KernelError err = null;

        if (OvlDentry.ovlPathType(new_) != OVL_PATH_UPPER) {
          newOpaque = true;
        }

        if (oldType != OVL_PATH_UPPER || oldOpaque) {
          try {
            ovlWhiteout(oldUpperdir, old);
          } catch (KernelError e) {
            err = e;
          }
        }
        if (err == null && isDir) {
          if (oldOpaque && !newOpaque) {
            try {
              OvlCopyUp.ovlRemoveOpaque(olddentry);
            } catch (KernelError ignored) {
              // the C ignores what ovl_remove_opaque() returns
            }
            OvlDentry.ovlDentrySetOpaque(old, false);
          }
          if (!oldOpaque && newOpaque) {
            try {
              OvlCopyUp.ovlSetOpaque(olddentry);
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
    Sched.point(POINT_AFTER_UNLOCK);
  }
}
