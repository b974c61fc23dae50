package ovlsim.vfs;

import static ovlsim.kernel.Capability.CAP_CHOWN;
import static ovlsim.kernel.Capability.CAP_FSETID;

import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code fs/attr.c} ({@code notify_change()}, {@code inode_change_ok()},
 * {@code setattr_copy()}, {@code inode_newsize_ok()}) and {@code simple_setattr()} from
 * {@code fs/libfs.c}.
 *
 * <p>Locking: every function here reads and writes the attributes that the inode's
 * {@code i_mutex} guards; the caller holds it, as {@code notify_change()}'s callers do in
 * 2.6.38. The model has no LSM ({@code security_inode_setattr()} and the killpriv hooks
 * allow everything), no rlimits and no swap files.
 */
public final class Attr {
  private Attr() {}

  /**
   * Port of {@code notify_change()}: the caller holds the inode's i_mutex. Stamps the times,
   * turns ATTR_KILL_SUID/SGID into a mode change, then calls {@code ->setattr} (whose absent
   * form is {@link #simpleSetattr}).
   */
  public static void notifyChange(Dentry dentry, Iattr attr) {
    Inode inode = dentry.dInode;
    int mode = inode.iMode;
    int iaValid = attr.iaValid;

    if ((iaValid & (Fs.ATTR_MODE | Fs.ATTR_UID | Fs.ATTR_GID | Fs.ATTR_TIMES_SET)) != 0) {
      if (inode.isImmutable() || inode.isAppend()) {
        throw new KernelError(Errno.EPERM);
      }
    }

    Timespec now = Timespec.now();
    attr.iaCtime = now;
    if ((iaValid & Fs.ATTR_ATIME_SET) == 0) {
      attr.iaAtime = now;
    }
    if ((iaValid & Fs.ATTR_MTIME_SET) == 0) {
      attr.iaMtime = now;
    }
    if ((iaValid & Fs.ATTR_KILL_PRIV) != 0) {
      // security_inode_need_killpriv() finds nothing to kill: the model has no file caps.
      attr.iaValid &= ~Fs.ATTR_KILL_PRIV;
      iaValid &= ~Fs.ATTR_KILL_PRIV;
    }

    // ATTR_KILL_S*ID go down to ->setattr as a mode change.
    if ((iaValid & Fs.ATTR_KILL_SUID) != 0) {
      if ((mode & Stat.S_ISUID) != 0) {
        iaValid = attr.iaValid |= Fs.ATTR_MODE;
        attr.iaMode = inode.iMode & ~Stat.S_ISUID;
      }
    }
    if ((iaValid & Fs.ATTR_KILL_SGID) != 0) {
      if ((mode & (Stat.S_ISGID | Stat.S_IXGRP)) == (Stat.S_ISGID | Stat.S_IXGRP)) {
        if ((iaValid & Fs.ATTR_MODE) == 0) {
          iaValid = attr.iaValid |= Fs.ATTR_MODE;
          attr.iaMode = inode.iMode;
        }
        attr.iaMode &= ~Stat.S_ISGID;
      }
    }
    if ((attr.iaValid & ~(Fs.ATTR_KILL_SUID | Fs.ATTR_KILL_SGID)) == 0) {
      return;
    }

    inode.iOp.setattr(dentry, attr);
  }

  /**
   * Port of {@code inode_change_ok()}: may the current task make the change {@code attr}
   * asks for? Clears S_ISGID from a requested mode where the C does.
   */
  public static void inodeChangeOk(Inode inode, Iattr attr) {
    int iaValid = attr.iaValid;

    // First check size constraints. These can't be overriden using ATTR_FORCE.
    if ((iaValid & Fs.ATTR_SIZE) != 0) {
      inodeNewsizeOk(inode, attr.iaSize);
    }

    // If force is set do it anyway.
    if ((iaValid & Fs.ATTR_FORCE) != 0) {
      return;
    }

    // Make sure a caller can chown.
    if ((iaValid & Fs.ATTR_UID) != 0
        && (Creds.currentFsuid() != inode.iUid || attr.iaUid != inode.iUid)
        && !Creds.capable(CAP_CHOWN)) {
      throw new KernelError(Errno.EPERM);
    }

    // Make sure caller can chgrp.
    if ((iaValid & Fs.ATTR_GID) != 0
        && (Creds.currentFsuid() != inode.iUid
            || (!Permission.inGroupP(attr.iaGid) && attr.iaGid != inode.iGid))
        && !Creds.capable(CAP_CHOWN)) {
      throw new KernelError(Errno.EPERM);
    }

    // Make sure a caller can chmod.
    if ((iaValid & Fs.ATTR_MODE) != 0) {
      if (!Permission.isOwnerOrCap(inode)) {
        throw new KernelError(Errno.EPERM);
      }
      // Also check the setgid bit!
      int gid = (iaValid & Fs.ATTR_GID) != 0 ? attr.iaGid : inode.iGid;
      if (!Permission.inGroupP(gid) && !Creds.capable(CAP_FSETID)) {
        attr.iaMode &= ~Stat.S_ISGID;
      }
    }

    // Check for setting the inode time.
    if ((iaValid & (Fs.ATTR_MTIME_SET | Fs.ATTR_ATIME_SET | Fs.ATTR_TIMES_SET)) != 0) {
      if (!Permission.isOwnerOrCap(inode)) {
        throw new KernelError(Errno.EPERM);
      }
    }
  }

  /**
   * Port of {@code inode_newsize_ok()}: EFBIG when growing past the superblock's
   * {@code s_maxbytes}. The model has no RLIMIT_FSIZE and no swap files.
   */
  public static void inodeNewsizeOk(Inode inode, long offset) {
    if (inode.iSize < offset) {
      if (offset > inode.iSb.sMaxbytes) {
        throw new KernelError(Errno.EFBIG);
      }
    }
  }

  /**
   * Port of {@code setattr_copy()}: copies what {@code attr} asks for into the inode (not the
   * size: that is the filesystem's job). The caller holds i_mutex.
   */
  public static void setattrCopy(Inode inode, Iattr attr) {
    int iaValid = attr.iaValid;

    if ((iaValid & Fs.ATTR_UID) != 0) {
      inode.iUid = attr.iaUid;
    }
    if ((iaValid & Fs.ATTR_GID) != 0) {
      inode.iGid = attr.iaGid;
    }
    if ((iaValid & Fs.ATTR_ATIME) != 0) {
      inode.iAtime = attr.iaAtime;
    }
    if ((iaValid & Fs.ATTR_MTIME) != 0) {
      inode.iMtime = attr.iaMtime;
    }
    if ((iaValid & Fs.ATTR_CTIME) != 0) {
      inode.iCtime = attr.iaCtime;
    }
    if ((iaValid & Fs.ATTR_MODE) != 0) {
      int mode = attr.iaMode;
      if (!Permission.inGroupP(inode.iGid) && !Creds.capable(CAP_FSETID)) {
        mode &= ~Stat.S_ISGID;
      }
      inode.iMode = mode;
    }
  }

  /**
   * Port of {@code simple_setattr()}: {@link #inodeChangeOk}, {@code truncate_setsize()} (the
   * model has no page cache: only {@code i_size} changes), {@link #setattrCopy}.
   */
  public static void simpleSetattr(Dentry dentry, Iattr attr) {
    Inode inode = dentry.dInode;
    inodeChangeOk(inode, attr);
    if ((attr.iaValid & Fs.ATTR_SIZE) != 0) {
      inode.iSize = attr.iaSize;
    }
    setattrCopy(inode, attr);
  }
}
