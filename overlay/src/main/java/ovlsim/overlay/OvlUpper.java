package ovlsim.overlay;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Xattr;

/**
 * What the overlay makes in the upper layer: the negative upper dentry to create a name in, over
 * a whiteout if there is one ({@code ovl_lookup_create()}), the object itself
 * ({@code ovl_upper_create()}), the opaque mark of a directory ({@code ovl_set_opaque()},
 * {@code ovl_remove_opaque()}) and the whiteout that hides a lower name ({@code ovl_whiteout()}).
 * In the C the first four sit among the copy-up helpers, and {@code ovl_whiteout()} among the
 * removals. Copy-up ({@link OvlCopyUp}: {@code ovl_upper_create()}) and the directory
 * operations ({@link OvlDir}: all five) both call down into this class, which calls only
 * {@link OvlDentry} and the VFS.
 *
 * <p>Locking: the caller holds the upper parent's i_mutex (I_MUTEX_PARENT, or both parents
 * through {@code lock_rename()} for rename); {@code vfs_setxattr()} and
 * {@code vfs_removexattr()} take the marked object's own i_mutex inside it. The credentials
 * each function raises (CAP_SYS_ADMIN for the {@code trusted.*} xattrs, CAP_FOWNER,
 * CAP_DAC_OVERRIDE) are overridden for the call only.
 */
final class OvlUpper {
  private OvlUpper() {}

  /**
   * Port of {@code ovl_lookup_create()}: the upper dentry to create {@code template}'s name in
   * {@code upperdir} (whose i_mutex the caller holds), negative. An existing upper object is
   * EEXIST unless it is a whiteout over a lower parent: then it is unlinked (with CAP_SYS_ADMIN
   * and CAP_FOWNER raised) and looked up again. From v7
   * ({@link OvlPatch#RESTORE_WHITEOUT_ON_FAILURE}) a failure of that second lookup puts the
   * whiteout back.
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
      try {
        newdentry = Namei.lookupOneLen(name, upperdir, name.length());
      } catch (KernelError e) {
        if (OvlFs.has(template, OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)) {
          // v7 RESTORE_WHITEOUT_ON_FAILURE: put back the whiteout just unlinked.
          whiteoutIgnoringError(upperdir, template);
        }
        throw e;
      }

      /*
       * Whiteout just been successfully removed, parent
       * i_mutex is still held, there's no way the lookup
       * could return positive.
       */
      Bugs.warnOn(newdentry.dInode != null, "ovl_lookup_create: %s positive", newdentry);
    }

    return newdentry;
  }

  /**
   * Port of {@code ovl_upper_create()}: creates the upper object of {@code stat}'s type
   * ({@code vfs_create()}, {@code vfs_mkdir()}, {@code vfs_mknod()} or {@code vfs_symlink()} to
   * {@code link}) in {@code upperdir}, whose i_mutex the caller holds; EPERM for an unknown
   * type. Returns the new upper dentry with a reference. From v7
   * ({@link OvlPatch#RESTORE_WHITEOUT_ON_FAILURE}) a failed create over a whiteout (the dentry
   * is opaque) puts the whiteout back; from v10 a create that leaves the dentry negative warns
   * and fails with ENOENT ({@link OvlPatch#WARN_ON_UNINSTANTIATED_UPPER}).
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
      if (OvlFs.has(dentry, OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)
          && OvlDentry.ovlDentryIsOpaque(dentry)) {
        // v7 RESTORE_WHITEOUT_ON_FAILURE
        whiteoutIgnoringError(upperdir, dentry);
      }
      Dcache.dput(newdentry);
      throw e;
    }
    if (OvlFs.has(dentry, OvlPatch.WARN_ON_UNINSTANTIATED_UPPER) && newdentry.dInode == null) {
      // v10 WARN_ON_UNINSTANTIATED_UPPER: "VFS doesn't seem to care so check and warn here."
      Bugs.warnOn(true, "ovl_upper_create: %s negative after create", newdentry);
      Dcache.dput(newdentry);
      throw new KernelError(Errno.ENOENT);
    }

    // out:
    return newdentry;
  }

  /**
   * Port of {@code ovl_set_opaque()}: sets {@code trusted.overlay.opaque=y} with CAP_SYS_ADMIN
   * raised ({@code vfs_setxattr()} takes the directory's i_mutex).
   */
  static void ovlSetOpaque(Dentry upperdentry) {
    Cred oldCred;
    Cred overrideCred;

    overrideCred = Creds.prepareCreds(); // -ENOMEM cannot happen in the model

    /* CAP_SYS_ADMIN for setxattr of "trusted" namespace */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    oldCred = Creds.overrideCreds(overrideCred);
    try {
      Xattr.vfsSetxattr(upperdentry, OvlDentry.OVL_OPAQUE_XATTR, OvlDentry.Y, 1, 0);
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
  }

  /**
   * Port of {@code ovl_remove_opaque()}: removes {@code trusted.overlay.opaque} with
   * CAP_SYS_ADMIN raised.
   */
  static void ovlRemoveOpaque(Dentry upperdentry) {
    Cred oldCred;
    Cred overrideCred;

    overrideCred = Creds.prepareCreds(); // -ENOMEM cannot happen in the model

    /* CAP_SYS_ADMIN for removexattr of "trusted" namespace */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    oldCred = Creds.overrideCreds(overrideCred);
    try {
      Xattr.vfsRemovexattr(upperdentry, OvlDentry.OVL_OPAQUE_XATTR);
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
  }

  /**
   * Port of {@code ovl_whiteout()}: creates the whiteout for {@code dentry}'s name in
   * {@code upperdir} (whose i_mutex the caller holds): a symlink to
   * {@value OvlDentry#OVL_WHITEOUT_SYMLINK} owned by root (fsuid/fsgid 0), then the xattr
   * {@value OvlDentry#OVL_WHITEOUT_XATTR}{@code =y}, with CAP_SYS_ADMIN and CAP_DAC_OVERRIDE
   * (from v10 also CAP_FOWNER, {@link OvlPatch#WHITEOUT_RAISES_CAP_FOWNER}). In v6 a failed setxattr leaves the bare symlink behind; from v7
   * ({@link OvlPatch#WHITEOUT_UNLINK_ON_XATTR_FAILURE}) it is unlinked (its result ignored) and
   * the error logged ({@code printk(KERN_ERR)}: the model has no log, the error is thrown).
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
    if (OvlFs.has(dentry, OvlPatch.WHITEOUT_RAISES_CAP_FOWNER)) {
      overrideCred.capRaise(Capability.CAP_FOWNER); // v10: "for unlink in sticky directory"
    }
    overrideCred.setFsuid(0);
    overrideCred.setFsgid(0);
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      newdentry = Namei.lookupOneLen(dentry.dName, upperdir, dentry.dName.length());
      // IS_ERR: goto out_put_cred

      try {
        /* Just been removed within the same locked region */
        Bugs.warnOn(newdentry.dInode != null, "ovl_whiteout: %s positive", newdentry);

        Namei.vfsSymlink(upperdir.dInode, newdentry, OvlDentry.OVL_WHITEOUT_SYMLINK);
        // error: goto out_dput

        OvlDentry.ovlDentryVersionInc(dentry.dParent);

        try {
          Xattr.vfsSetxattr(newdentry, OvlDentry.OVL_WHITEOUT_XATTR, OvlDentry.Y, 1, 0);
        } catch (KernelError e) {
          if (OvlFs.has(dentry, OvlPatch.WHITEOUT_UNLINK_ON_XATTR_FAILURE)) {
            // v7 WHITEOUT_UNLINK_ON_XATTR_FAILURE
            try {
              Namei.vfsUnlink(upperdir.dInode, newdentry);
            } catch (KernelError ignored) {
              // the C ignores what vfs_unlink() returns here
            }
          }
          throw e;
        }
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
   * {@code ovl_whiteout(upperdir, dentry);} as a statement: the callers that restore a whiteout
   * after a failure (v7) ignore what it returns.
   */
  static void whiteoutIgnoringError(Dentry upperdir, Dentry dentry) {
    try {
      ovlWhiteout(upperdir, dentry);
    } catch (KernelError ignored) {
      // the C ignores ovl_whiteout()'s result here (it has logged the failure)
    }
  }
}
