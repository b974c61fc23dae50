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
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.Xattr;

/**
 * The overlay directory inode: {@code ovl_dir_inode_operations} and the directory operations it
 * points to. Lookup ({@code ovl_lookup_real()}, {@code ovl_lookup()}), which builds an overlay
 * dentry from the upper and lower dentries of one name; creation ({@code ovl_create_object()}
 * and the four i_ops on it); removal ({@code ovl_do_remove()}, {@code ovl_unlink()},
 * {@code ovl_rmdir()} with {@code ovl_check_empty_dir()} and {@code ovl_remove_whiteouts()});
 * {@code ovl_link()} and {@code ovl_rename()}; and {@code ovl_new_inode()}, which installs this
 * table (or one of {@link OvlInode}'s) on every new overlay inode. Lookup and creation are the
 * two callers of {@code ovl_new_inode()}, and the table it installs points back at them, so the
 * four sit in one class. What the operations make in the upper layer (the object, the
 * whiteout, the opaque mark) {@link OvlUpper} makes; the operations every overlay inode shares
 * ({@code ->setattr}, {@code ->permission}, the xattrs) are {@link OvlInode}'s.
 *
 * <p>Locking: the VFS holds the overlay locks of the table in {@code docs/locking.md} around
 * each i_op (the parent's i_mutex; the victim's or source's too; both parents and the target
 * for rename). {@code ovl_lookup_real()} takes each real directory's i_mutex in turn (upper,
 * then lower, never both) inside the overlay's. The other operations copy up what they need
 * first, then take the upper parent's i_mutex as I_MUTEX_PARENT ({@code lock_rename()} on the
 * upper layer for rename), and check that the upper dentries still hang where the overlay says
 * (ESTALE), because the upper layer's {@code d_move()} and the overlay's are two separate steps.
 */
final class OvlDir {
  /** {@code ovl_dir_inode_operations}. */
  static final InodeOperations OVL_DIR_INODE_OPERATIONS =
      new InodeOperations() {
        @Override
        public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
          return ovlLookup(dir, dentry, nd);
        }

        @Override
        public void mkdir(Inode dir, Dentry dentry, int mode) {
          ovlMkdir(dir, dentry, mode);
        }

        @Override
        public void symlink(Inode dir, Dentry dentry, String symname) {
          ovlSymlink(dir, dentry, symname);
        }

        @Override
        public void unlink(Inode dir, Dentry dentry) {
          ovlUnlink(dir, dentry);
        }

        @Override
        public void rmdir(Inode dir, Dentry dentry) {
          ovlRmdir(dir, dentry);
        }

        @Override
        public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
          ovlRename(oldDir, oldDentry, newDir, newDentry);
        }

        @Override
        public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
          ovlLink(oldDentry, dir, dentry);
        }

        @Override
        public void setattr(Dentry dentry, Iattr attr) {
          OvlInode.ovlSetattr(dentry, attr);
        }

        @Override
        public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
          ovlCreate(dir, dentry, mode, nd);
        }

        @Override
        public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
          ovlMknod(dir, dentry, mode, rdev);
        }

        @Override
        public void permission(Inode inode, int mask, int flags) {
          OvlInode.ovlPermission(inode, mask, flags);
        }

        @Override
        public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
          OvlInode.ovlDirGetattr(mnt, dentry, stat);
        }

        @Override
        public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
          OvlInode.ovlSetxattr(dentry, name, value, size, flags);
        }

        @Override
        public int getxattr(Dentry dentry, String name, byte[] value, int size) {
          return OvlInode.ovlGetxattr(dentry, name, value, size);
        }

        @Override
        public boolean hasGetxattr() {
          return true;
        }

        @Override
        public int listxattr(Dentry dentry, byte[] list, int size) {
          return OvlInode.ovlListxattr(dentry, list, size);
        }

        @Override
        public void removexattr(Dentry dentry, String name) {
          OvlInode.ovlRemovexattr(dentry, name);
        }

        @Override
        public String toString() {
          return "ovl_dir_inode_operations";
        }
      };

  private OvlDir() {}

  /**
   * Port of {@code ovl_lookup_real()}: {@code lookup_one_len()} in {@code dir} under its
   * i_mutex; {@code null} for a negative result or ENOENT, the dentry otherwise; other errors
   * are thrown.
   */
  static Dentry ovlLookupReal(Dentry dir, String name) {
    Dentry dentry;

    KMutex.mutexLock(dir.dInode.iMutex);
    try {
      dentry = Namei.lookupOneLen(name, dir, name.length());
    } catch (KernelError e) {
      if (e.is(Errno.ENOENT)) {
        return null;
      }
      throw e;
    } finally {
      KMutex.mutexUnlock(dir.dInode.iMutex);
    }

    if (dentry.dInode == null) {
      Dcache.dput(dentry);
      dentry = null;
    }
    return dentry;
  }

  /**
   * Port of {@code ovl_lookup()}: looks the name up in the upper directory, then (unless the
   * upper says opaque: an opaque directory or a whiteout) in the lower one; a non-directory in
   * either layer hides the lower. Instantiates the overlay dentry with a new overlay inode of the
   * real object's type (from v14 with its owner, {@link OvlPatch#COPY_ATTR_UID_GID}), or
   * negative. Returns {@code null} (the dentry passed in is used).
   */
  static Dentry ovlLookup(Inode dir, Dentry dentry, Nameidata nd) {
    OvlEntry oe;
    Dentry upperdir;
    Dentry lowerdir;
    Dentry upperdentry = null;
    Dentry lowerdentry = null;
    Inode inode = null;

    // err = -ENOMEM: ovl_alloc_entry() cannot fail in the model.
    oe = OvlEntry.ovlAllocEntry();

    upperdir = OvlDentry.ovlDentryUpper(dentry.dParent);
    lowerdir = OvlDentry.ovlDentryLower(dentry.dParent);

    if (upperdir != null) {
      upperdentry = ovlLookupReal(upperdir, dentry.dName); // error: goto out_put_dir

      if (lowerdir != null
          && upperdentry != null
          && (Stat.S_ISLNK(upperdentry.dInode.iMode) || Stat.S_ISDIR(upperdentry.dInode.iMode))) {
        Cred oldCred;
        Cred overrideCred;

        // err = -ENOMEM: prepare_creds() cannot fail in the model.
        overrideCred = Creds.prepareCreds();

        /* CAP_SYS_ADMIN needed for getxattr */
        overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
        oldCred = Creds.overrideCreds(overrideCred);

        try {
          if (OvlDentry.ovlIsOpaquedir(upperdentry)) {
            oe.opaque = true;
          } else if (OvlDentry.ovlIsWhiteout(upperdentry)) {
            Dcache.dput(upperdentry);
            upperdentry = null;
            oe.opaque = true;
          }
        } finally {
          Creds.revertCreds(oldCred);
          Creds.putCred(overrideCred);
        }
      }
    }
    if (lowerdir != null && !oe.opaque) {
      try {
        lowerdentry = ovlLookupReal(lowerdir, dentry.dName);
      } catch (KernelError e) {
        // out_dput_upper:
        Dcache.dput(upperdentry);
        throw e;
      }
    }

    if (lowerdentry != null
        && upperdentry != null
        && (!Stat.S_ISDIR(upperdentry.dInode.iMode) || !Stat.S_ISDIR(lowerdentry.dInode.iMode))) {
      Dcache.dput(lowerdentry);
      lowerdentry = null;
      oe.opaque = true;
    }

    if (lowerdentry != null || upperdentry != null) {
      Dentry realdentry;

      realdentry = upperdentry != null ? upperdentry : lowerdentry;
      inode = ovlNewInode(dir.iSb, realdentry.dInode.iMode, oe);
      if (inode == null) {
        // out_dput: out_dput_upper: out_put_dir:
        Dcache.dput(lowerdentry);
        Dcache.dput(upperdentry);
        throw new KernelError(Errno.ENOMEM);
      }
      if (OvlFs.has(dentry, OvlPatch.COPY_ATTR_UID_GID)) {
        OvlInode.ovlCopyattr(realdentry.dInode, inode); // v14 COPY_ATTR_UID_GID
      }
    }

    if (upperdentry != null) {
      if (OvlFs.has(dentry, OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
        Dcache.dget(upperdentry); // v10 UPPER_DENTRY_DOUBLE_REF
      }
      oe.setUpperdentryInit(upperdentry);
    }

    if (lowerdentry != null) {
      oe.lowerdentry = lowerdentry;
    }

    dentry.dFsdata = oe;
    dentry.dOp = OvlDentryOps.OVL_DENTRY_OPERATIONS;
    Dcache.dAdd(dentry, inode);

    return null;
  }
  /**
   * Port of {@code ovl_create_object()}: a new overlay inode, the parent copied up, then the
   * upper object created under the upper parent's i_mutex (PARENT), marked opaque when it is a
   * directory replacing a whiteout, published and instantiated (from v14 the overlay inode takes
   * the new object's owner, {@link OvlPatch#COPY_ATTR_UID_GID}). From v7
   * ({@link OvlPatch#RESTORE_WHITEOUT_ON_FAILURE}) a failure to mark it opaque removes the new
   * directory and puts the whiteout back; v6 left an unmarked directory merging the lower one.
   */
  static void ovlCreateObject(Dentry dentry, int mode, int rdev, String link) {
    Dentry newdentry;
    Dentry upperdir;
    Inode inode;
    Kstat stat = new Kstat();
    stat.mode = mode;
    stat.rdev = rdev;

    inode = ovlNewInode(dentry.dSb, mode, (OvlEntry) dentry.dFsdata);
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
            try {
              OvlUpper.ovlSetOpaque(newdentry); // error: goto out_dput
            } catch (KernelError e) {
              if (OvlFs.has(dentry, OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)) {
                // v7 RESTORE_WHITEOUT_ON_FAILURE: the new directory goes, the whiteout returns.
                try {
                  Namei.vfsRmdir(upperdir.dInode, newdentry);
                } catch (KernelError ignored) {
                  // the C ignores what vfs_rmdir() returns here
                }
                OvlUpper.whiteoutIgnoringError(upperdir, dentry);
              }
              throw e;
            }
          }
          OvlDentry.ovlDentryUpdate(dentry, newdentry);
          if (OvlFs.has(dentry, OvlPatch.COPY_ATTR_UID_GID)) {
            OvlInode.ovlCopyattr(newdentry.dInode, inode); // v14 COPY_ATTR_UID_GID
          }
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
   *
   * <p>Schedule point {@value OvlSchedPoint#DO_REMOVE_AFTER_UNLINK}.
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
        Sched.point(OvlSchedPoint.DO_REMOVE_AFTER_UNLINK);
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
   * Port of {@code ovl_check_empty_dir()} as v6 has it: reads the merged directory into a list
   * of its own; ENOTEMPTY when a name other than ".", ".." and whiteouts shows; the list is freed.
   */
  static void ovlCheckEmptyDir(Dentry dentry) {
    ListHead list = new ListHead(null); // LIST_HEAD(list)
    try {
      ovlCheckEmptyDir(dentry, list);
    } finally {
      OvlReaddir.ovlCacheFree(list);
    }
  }

  /**
   * Port of {@code ovl_check_empty_dir()} as v7 has it ({@link OvlPatch#CHECK_EMPTY_AND_CLEAR}):
   * reads the merged directory into the caller's {@code list}, which keeps it (for
   * {@code ovl_remove_whiteouts()}) and frees it; ENOTEMPTY when a name other than ".", ".."
   * and whiteouts shows. The v6 form above runs the same body and frees the list itself.
   */
  static void ovlCheckEmptyDir(Dentry dentry, ListHead list) {
    Path lowerpath = new Path();
    Path upperpath = new Path();
    OvlReaddirData rdd = new OvlReaddirData();
    rdd.list = list;
    rdd.version = OvlFs.of(dentry.dSb).version;
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
   * Port of {@code ovl_remove_whiteouts()} as v6 has it: reads the upper directory with
   * {@code ovl_unlink_whiteout()} as the callback, so that it can be removed. With
   * {@link OvlPatch#REMOVE_WHITEOUTS_FROM_LIST} alone (Felix Fietkau's 211, before v7's
   * {@link OvlPatch#CHECK_EMPTY_AND_CLEAR}) the read only collects the symlinks
   * ({@code ovl_fill_links()}), which are unlinked afterwards under the upper directory's
   * i_mutex, stopping at the first error.
   */
  static void ovlRemoveWhiteouts(Dentry dentry) {
    Path upperpath = new Path();
    OvlReaddirData rdd = new OvlReaddirData();
    rdd.list = null;
    rdd.version = OvlFs.of(dentry.dSb).version;

    OvlDentry.ovlPathUpper(dentry, upperpath);
    rdd.dir = upperpath.dentry;

    if (!rdd.version.has(OvlPatch.REMOVE_WHITEOUTS_FROM_LIST)) {
      OvlReaddir.ovlDirRead(upperpath, rdd, OvlDir::ovlUnlinkWhiteout);
      return;
    }
    // 211 REMOVE_WHITEOUTS_FROM_LIST: collect, then unlink outside the readdir callback.
    ListHead list = new ListHead(null);
    rdd.list = list;
    KernelError ret = null;
    try {
      OvlReaddir.ovlDirRead(upperpath, rdd, OvlDir::ovlFillLinks);
    } catch (KernelError e) {
      ret = e;
    }

    KMutex.mutexLock(rdd.dir.dInode.iMutex);
    try {
      ListHead t;
      for (ListHead l = list.next; l != list; l = t) {
        t = l.next;
        OvlCacheEntry p = (OvlCacheEntry) l.container;
        if (ret == null) {
          try {
            Dentry d = Namei.lookupOneLen(p.name, rdd.dir, p.name.length());
            try {
              Namei.vfsUnlink(rdd.dir.dInode, d);
            } finally {
              Dcache.dput(d);
            }
          } catch (KernelError e) {
            ret = e;
          }
        }
        ListHead.listDel(p.lNode); // list_del() + kfree()
      }
    } finally {
      KMutex.mutexUnlock(rdd.dir.dInode.iMutex);
    }
    if (ret != null) {
      throw ret;
    }
  }

  /**
   * Port of {@code ovl_fill_links()} (Felix Fietkau's 211, {@link OvlPatch#REMOVE_WHITEOUTS_FROM_LIST}
   * without {@link OvlPatch#CHECK_EMPTY_AND_CLEAR}): the fill callback that only collects the
   * symlinks of the upper directory, at the head of {@code rdd->list}.
   */
  static int ovlFillLinks(OvlReaddirData rdd, String name, long offset, long ino, int dType) {
    OvlCacheEntry p;

    if (dType != Stat.DT_LNK) {
      return 0;
    }

    p = OvlReaddir.ovlCacheEntryNew(name, OvlReaddir.utf8Len(name), ino, dType, false);
    ListHead.listAdd(p.lNode, rdd.list);
    return 0;
  }

  /**
   * Port of {@code ovl_remove_whiteouts()} as v7 has it ({@link OvlPatch#CHECK_EMPTY_AND_CLEAR}):
   * with CAP_DAC_OVERRIDE raised and the upper directory's i_mutex held, unlinks each entry of
   * {@code list} (from {@code ovl_check_empty_dir()}) marked as a whiteout; the first failed
   * lookup or unlink stops it with that error. From v10
   * ({@link OvlPatch#REMOVE_WHITEOUTS_SETS_OPAQUE}) it first marks the upper directory opaque
   * (with CAP_SYS_ADMIN and CAP_FOWNER raised too), takes its i_mutex as I_MUTEX_PARENT, and
   * skips a whiteout it cannot look up or unlink.
   */
  static void ovlRemoveWhiteouts(Dentry dir, ListHead list) {
    Path upperpath = new Path();
    Dentry upperdir;
    Cred oldCred;
    Cred overrideCred;

    OvlDentry.ovlPathUpper(dir, upperpath);
    upperdir = upperpath.dentry;

    overrideCred = Creds.prepareCreds(); // -ENOMEM cannot happen in the model

    boolean opaqueFirst = OvlFs.has(dir, OvlPatch.REMOVE_WHITEOUTS_SETS_OPAQUE);

    /*
     * CAP_DAC_OVERRIDE for lookup and unlink
     */
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    if (opaqueFirst) {
      // v10 REMOVE_WHITEOUTS_SETS_OPAQUE: CAP_SYS_ADMIN for the xattr, CAP_FOWNER for unlink
      overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
      overrideCred.capRaise(Capability.CAP_FOWNER);
    }
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      if (opaqueFirst) {
        // v10: the directory is opaque before any whiteout goes (an error: nothing unlinked).
        Xattr.vfsSetxattr(upperdir, OvlDentry.OVL_OPAQUE_XATTR, OvlDentry.Y, 1, 0);
        KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
      } else {
        KMutex.mutexLock(upperdir.dInode.iMutex);
      }
      try {
        for (ListHead l = list.next; l != list; l = l.next) {
          OvlCacheEntry p = (OvlCacheEntry) l.container;
          if (p.isWhiteout) {
            Dentry dentry;

            try {
              dentry = Namei.lookupOneLen(p.name, upperdir, p.name.length()); // v7: break
            } catch (KernelError e) {
              if (opaqueFirst) {
                continue; // v10: printk(KERN_WARNING) and go on (the model has no log)
              }
              throw e;
            }
            try {
              Namei.vfsUnlink(upperdir.dInode, dentry); // v7: error: break
            } catch (KernelError e) {
              if (!opaqueFirst) {
                throw e;
              }
              // v10: printk(KERN_WARNING) and go on
            } finally {
              Dcache.dput(dentry);
            }
          }
        }
      } finally {
        KMutex.mutexUnlock(upperdir.dInode.iMutex);
      }
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
  }

  /**
   * Port of {@code ovl_check_empty_and_clear()} (v7, {@link OvlPatch#CHECK_EMPTY_AND_CLEAR}):
   * one read of the merged directory; if it looks empty and is merged, its whiteouts go; the
   * list is freed either way.
   */
  static void ovlCheckEmptyAndClear(Dentry dentry, OvlPathType type) {
    ListHead list = new ListHead(null); // LIST_HEAD(list)

    try {
      ovlCheckEmptyDir(dentry, list);
      if (type == OVL_PATH_MERGE) {
        ovlRemoveWhiteouts(dentry, list);
      }
    } finally {
      OvlReaddir.ovlCacheFree(list);
    }
  }

  /**
   * Port of {@code ovl_rmdir()}: a directory with a lower part must look empty (whiteouts
   * aside); a merged one has its whiteouts removed first; then {@code ovl_do_remove()}.
   */
  static void ovlRmdir(Inode dir, Dentry dentry) {
    OvlPathType type;

    type = OvlDentry.ovlPathType(dentry);
    if (type != OVL_PATH_UPPER) {
      if (OvlFs.has(dentry, OvlPatch.CHECK_EMPTY_AND_CLEAR)) {
        ovlCheckEmptyAndClear(dentry, type); // v7 CHECK_EMPTY_AND_CLEAR
      } else {
        ovlCheckEmptyDir(dentry);

        if (type == OVL_PATH_MERGE) {
          ovlRemoveWhiteouts(dentry);
        }
      }
    }

    ovlDoRemove(dentry, true);
  }

  /**
   * Port of {@code ovl_link()}: copies up the source and the new parent, then links the upper
   * source under the upper parent's i_mutex (over a whiteout if there is one) and instantiates
   * {@code new_} with the source's overlay inode; from v13 ({@link OvlPatch#LINK_NEW_INODE})
   * with an overlay inode of its own, owned from v14 ({@link OvlPatch#COPY_ATTR_UID_GID}) as the
   * upper parent directory is. From v7 ({@link OvlPatch#RESTORE_WHITEOUT_ON_FAILURE}) a failed
   * link over a whiteout puts it back.
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
        linkFail(upperdir, new_, newdentry);
        throw e;
      }
      if (OvlFs.has(new_, OvlPatch.WARN_ON_UNINSTANTIATED_UPPER) && newdentry.dInode == null) {
        Bugs.warnOn(true, "ovl_link: %s negative after vfs_link", newdentry); // v10
        Dcache.dput(newdentry);
        throw new KernelError(Errno.ENOENT);
      }
      Inode newinode;
      if (OvlFs.has(new_, OvlPatch.LINK_NEW_INODE)) {
        // v13 LINK_NEW_INODE: an overlay inode of the new name's own.
        newinode = ovlNewInode(old.dSb, newdentry.dInode.iMode, (OvlEntry) new_.dFsdata);
        if (newinode == null) {
          linkFail(upperdir, new_, newdentry); // goto link_fail, err still 0: "success"
          return;
        }
        if (OvlFs.has(new_, OvlPatch.COPY_ATTR_UID_GID)) {
          OvlInode.ovlCopyattr(upperdir.dInode, newinode); // v14: the parent's, as in the C
        }
      } else {
        newinode = null;
      }
      OvlDentry.ovlDentryVersionInc(new_.dParent);
      OvlDentry.ovlDentryUpdate(new_, newdentry);

      if (newinode != null) {
        Dcache.dInstantiate(new_, newinode);
      } else {
        Inodes.ihold(old.dInode);
        Dcache.dInstantiate(new_, old.dInode);
      }
    } finally {
      // out_unlock:
      KMutex.mutexUnlock(upperdir.dInode.iMutex);
    }
    // out:
  }

  /**
   * {@code ovl_link()}'s failure branch ({@code link_fail:} from v13): from v7
   * ({@link OvlPatch#RESTORE_WHITEOUT_ON_FAILURE}) puts the whiteout back over an opaque name,
   * then drops the new upper dentry. Called with the upper parent's i_mutex held.
   */
  private static void linkFail(Dentry upperdir, Dentry new_, Dentry newdentry) {
    if (OvlFs.has(new_, OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)
        && OvlDentry.ovlDentryIsOpaque(new_)) {
      // v7 RESTORE_WHITEOUT_ON_FAILURE
      OvlUpper.whiteoutIgnoringError(upperdir, new_);
    }
    Dcache.dput(newdentry);
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
   * <p>Schedule points {@value OvlSchedPoint#RENAME_AFTER_VFS_RENAME} and
   * {@value OvlSchedPoint#RENAME_AFTER_UNLOCK}.
   */
  static void ovlRename(Inode olddir, Dentry old, Inode newdir, Dentry new_) {
    OvlPathType oldType;
    // v9 REMOVE_AFTER_RENAME_FIX: new_type, OVL_PATH_UPPER unless the target exists.
    OvlPathType newTypeV9 = OVL_PATH_UPPER;
    boolean newCreate = false; // v9 RENAME_FAILURE_RESTORE_CREATED_ONLY: new_create
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
      newTypeV9 = newType;

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
        if (OvlFs.has(new_, OvlPatch.CHECK_EMPTY_AND_CLEAR)) {
          ovlCheckEmptyAndClear(new_, newType); // v7 CHECK_EMPTY_AND_CLEAR
        } else {
          ovlCheckEmptyDir(new_);

          if (newType == OVL_PATH_MERGE) {
            ovlRemoveWhiteouts(new_);
          }
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
        newCreate = true;
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

        if (OvlFs.has(old, OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)) {
          renameOpaqueFirst(old, new_, oldType, newTypeV9, newCreate, isDir, oldUpperdir,
              newUpperdir, olddentry, newdentry);
        } else {
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

  /**
   * The part of {@code ovl_rename()} from {@code vfs_rename()} on, as v7 has it
   * ({@link OvlPatch#RENAME_OPAQUE_BEFORE_VFS_RENAME}), with the upper parents locked and both
   * upper dentries checked: the opaque flags are decided first; a directory moving over a lower
   * name is marked opaque before the rename (an error stops it); a failed rename restores the
   * target's whiteout (when the target is opaque) and removes that mark; after the rename a
   * whiteout hides the old name when needed, a directory leaving a lower name loses its mark, and
   * the cached opaque flag follows the new name for every type. v9 changes two steps:
   * {@link OvlPatch#REMOVE_AFTER_RENAME_FIX} ({@code newType}, {@code OVL_PATH_UPPER} for a
   * negative target) and {@link OvlPatch#RENAME_FAILURE_RESTORE_CREATED_ONLY} ({@code newCreate}).
   */
  private static void renameOpaqueFirst(Dentry old, Dentry new_, OvlPathType oldType,
      OvlPathType newType, boolean newCreate, boolean isDir, Dentry oldUpperdir,
      Dentry newUpperdir, Dentry olddentry, Dentry newdentry) {
    boolean oldOpaque;
    boolean newOpaque;
    KernelError err = null;

    oldOpaque = OvlDentry.ovlDentryIsOpaque(old);
    if (OvlFs.has(old, OvlPatch.REMOVE_AFTER_RENAME_FIX)) {
      // v9 REMOVE_AFTER_RENAME_FIX: a negative target counts as upper.
      newOpaque = OvlDentry.ovlDentryIsOpaque(new_) || newType != OVL_PATH_UPPER;
    } else {
      newOpaque = OvlDentry.ovlDentryIsOpaque(new_)
          || OvlDentry.ovlPathType(new_) != OVL_PATH_UPPER;
    }

    if (isDir && !oldOpaque && newOpaque) {
      OvlUpper.ovlSetOpaque(olddentry); // error: goto out_dput
    }

    try {
      Namei.vfsRename(oldUpperdir.dInode, olddentry, newUpperdir.dInode, newdentry);
    } catch (KernelError e) {
      boolean restore = OvlFs.has(old, OvlPatch.RENAME_FAILURE_RESTORE_CREATED_ONLY)
          ? newCreate && OvlDentry.ovlDentryIsOpaque(new_) // v9: only over a created target
          : OvlDentry.ovlDentryIsOpaque(new_);
      if (restore) {
        OvlUpper.whiteoutIgnoringError(newUpperdir, new_);
      }
      if (isDir && !oldOpaque && newOpaque) {
        try {
          OvlUpper.ovlRemoveOpaque(olddentry);
        } catch (KernelError ignored) {
          // the C ignores what ovl_remove_opaque() returns
        }
      }
      throw e; // goto out_dput
    }
    Sched.point(OvlSchedPoint.RENAME_AFTER_VFS_RENAME);

    if (oldType != OVL_PATH_UPPER || oldOpaque) {
      try {
        OvlUpper.ovlWhiteout(oldUpperdir, old);
      } catch (KernelError e) {
        err = e;
      }
    }
    if (isDir && oldOpaque && !newOpaque) {
      try {
        OvlUpper.ovlRemoveOpaque(olddentry);
      } catch (KernelError ignored) {
        // the C ignores what ovl_remove_opaque() returns
      }
    }

    if (oldOpaque != newOpaque) {
      OvlDentry.ovlDentrySetOpaque(old, newOpaque);
    }

    OvlDentry.ovlDentryVersionInc(old.dParent);
    OvlDentry.ovlDentryVersionInc(new_.dParent);
    if (err != null) {
      throw err;
    }
  }

  /**
   * Port of {@code ovl_new_inode()}: a new overlay inode with a fresh {@code get_next_ino()},
   * only the type bits of {@code mode}, {@code S_NOATIME | S_NOCMTIME}, and the operations of
   * its type; a directory keeps {@code oe} in {@code i_private}. An illegal type warns and
   * returns {@code null}, leaking the inode as the C does until v13
   * ({@link OvlPatch#NEW_INODE_ILLEGAL_TYPE_IPUT}).
   */
  static Inode ovlNewInode(SuperBlock sb, int mode, OvlEntry oe) {
    Inode inode;

    inode = Inodes.newInode(sb); // never null in the model

    mode &= Stat.S_IFMT;

    inode.iIno = Inodes.getNextIno();
    inode.iMode = mode;
    inode.iFlags |= Fs.S_NOATIME | Fs.S_NOCMTIME;

    switch (mode) {
      case Stat.S_IFDIR:
        inode.iPrivate = oe;
        inode.iOp = OVL_DIR_INODE_OPERATIONS;
        inode.iFop = OvlReaddir.OVL_DIR_OPERATIONS;
        break;

      case Stat.S_IFLNK:
        inode.iOp = OvlInode.OVL_SYMLINK_INODE_OPERATIONS;
        break;

      case Stat.S_IFREG:
      case Stat.S_IFSOCK:
      case Stat.S_IFBLK:
      case Stat.S_IFCHR:
      case Stat.S_IFIFO:
        inode.iOp = OvlFs.of(sb).version.has(OvlPatch.DENTRY_OPEN_HOOK)
            ? OvlInode.OVL_FILE_INODE_OPERATIONS_DENTRY_OPEN
            : OvlInode.OVL_FILE_INODE_OPERATIONS;
        break;

      default:
        Bugs.warnOn(true, "illegal file type: %s", mode);
        if (OvlFs.of(sb).version.has(OvlPatch.NEW_INODE_ILLEGAL_TYPE_IPUT)) {
          Inodes.iput(inode); // v13 NEW_INODE_ILLEGAL_TYPE_IPUT
        }
        inode = null;
    }

    return inode;
  }
}
