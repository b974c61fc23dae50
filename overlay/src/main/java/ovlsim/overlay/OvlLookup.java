package ovlsim.overlay;

import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Stat;

/**
 * Lookup: {@code ovl_lookup_real()} and {@code ovl_lookup()}, which builds an overlay dentry from
 * the upper and lower dentries of the same name.
 *
 * <p>Locking: the VFS calls {@code ->lookup} with the overlay directory's i_mutex held;
 * {@code ovl_lookup_real()} takes each real directory's i_mutex in turn (upper, then lower,
 * never both), inside the overlay's.
 */
final class OvlLookup {
  private OvlLookup() {}

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
   * real object's type, or negative. Returns {@code null} (the dentry passed in is used).
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
      inode = OvlInode.ovlNewInode(dir.iSb, realdentry.dInode.iMode, oe);
      if (inode == null) {
        // out_dput: out_dput_upper: out_put_dir:
        Dcache.dput(lowerdentry);
        Dcache.dput(upperdentry);
        throw new KernelError(Errno.ENOMEM);
      }
    }

    if (upperdentry != null) {
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
}
