package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.vfs.Attr;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.Splice;
import ovlsim.vfs.Stat;
import ovlsim.vfs.VfsStat;
import ovlsim.vfs.Xattr;

/**
 * Copy-up: {@code ovl_copy_up()} finds the topmost ancestor not yet in the upper layer and
 * copies it with {@code ovl_copy_up_one()}, which takes the upper parent's i_mutex (as
 * I_MUTEX_PARENT) and calls {@code ovl_copy_up_locked()}: create the upper object
 * ({@code ovl_upper_create()}, in {@link OvlUpper}), copy the data in
 * {@value #OVL_COPY_UP_CHUNK_SIZE}-byte chunks through {@code do_splice_direct()}, the xattrs,
 * the mode and the times, then publish it ({@code ovl_dentry_update()}). Also the small helpers
 * of the copy the C keeps here: {@code ovl_read_symlink()}, {@code ovl_set_timestamps()},
 * {@code ovl_set_mode()}.
 *
 * <p>Locking, as in the C: the upper parent's i_mutex (PARENT) is held across the whole copy of
 * one object; the new object's i_mutex is taken inside it by {@code vfs_setxattr()} and around
 * the mode and time changes. The overlay locks the caller holds (for {@code ->setattr}, the
 * inode's; for {@code ->create} and friends, the parent's) come before all of these. Nothing
 * stops a rename between {@code ovl_copy_up()} reading the dentry's state and
 * {@code ovl_copy_up_one()} taking the lock: that is the window of Al Viro's review of v7,
 * marked by the schedule point {@value OvlSchedPoint#COPY_UP_ONE_BEFORE_LOCK}.
 *
 * <p>Versions: {@link OvlPatch#COPY_UP_FAILURE_CLEANUP} (v7),
 * {@link OvlPatch#RECHECK_COPY_UP_UNDER_LOCK} and {@link OvlPatch#COPY_UP_LOCKED_EEXIST_IS_ERROR}
 * (v7-fix) switch between the versions here.
 */
final class OvlCopyUp {
  /** {@code OVL_COPY_UP_CHUNK_SIZE}: 1 MiB per {@code do_splice_direct()}. */
  static final int OVL_COPY_UP_CHUNK_SIZE = 1 << 20;

  /** {@code SPLICE_F_MOVE}. */
  private static final int SPLICE_F_MOVE = 0x01;

  private OvlCopyUp() {}

  /**
   * Port of {@code ovl_copy_up_xattr()}: copies every xattr of {@code old} to {@code new_}
   * (nothing when either has no {@code ->getxattr}, or the old one answers EOPNOTSUPP). As in
   * the C, an xattr with an empty value ends the copy early without error.
   */
  static void ovlCopyUpXattr(Dentry old, Dentry new_) {
    int listSize;
    int size;
    byte[] buf;
    byte[] value;

    if (!old.dInode.iOp.hasGetxattr() || !new_.dInode.iOp.hasGetxattr()) {
      return;
    }

    try {
      listSize = Xattr.vfsListxattr(old, null, 0);
    } catch (KernelError e) {
      if (e.is(Errno.EOPNOTSUPP)) {
        return;
      }
      throw e;
    }
    if (listSize <= 0) {
      return; // list_size == 0
    }

    buf = new byte[listSize]; // kzalloc(): cannot fail in the model

    value = new byte[Fs.XATTR_SIZE_MAX]; // kmalloc(): cannot fail in the model

    listSize = Xattr.vfsListxattr(old, buf, listSize); // error: goto out_free_value
    if (listSize <= 0) {
      return; // error = list_size (0)
    }

    for (int name = 0; name < listSize; name += strlen(buf, name) + 1) {
      String n = new String(buf, name, strlen(buf, name), StandardCharsets.UTF_8);
      size = Xattr.vfsGetxattr(old, n, value, Fs.XATTR_SIZE_MAX); // error: goto out_free_value
      if (size <= 0) {
        return; // error = size (0): the remaining xattrs are not copied
      }
      Xattr.vfsSetxattr(new_, n, value, size, 0); // error: goto out_free_value
    }
  }

  private static int strlen(byte[] buf, int from) {
    int i = from;
    while (i < buf.length && buf[i] != 0) {
      i++;
    }
    return i - from;
  }

  /**
   * Port of {@code ovl_copy_up_data()}: opens both files and moves {@code len} bytes with
   * {@code do_splice_direct()}, {@value #OVL_COPY_UP_CHUNK_SIZE} bytes at a time, stopping
   * early (without error) when a splice moves nothing. A fatal signal interrupts it: v6 returns
   * EINTR right there, leaving both files open (their references, the upper inode's write count
   * and the upper mount's write reference leak); with {@link OvlPatch#COPY_UP_FAILURE_CLEANUP}
   * it breaks out and closes them. {@code version} is the model's extra parameter.
   */
  static void ovlCopyUpData(Path old, Path new_, long len, OvlVersion version) {
    File oldFile;
    File newFile;
    KernelError error = null;

    if (len == 0) {
      return;
    }

    oldFile = OvlSuper.ovlPathOpen(old, Fcntl.O_RDONLY, version);

    try {
      newFile = OvlSuper.ovlPathOpen(new_, Fcntl.O_WRONLY, version);
    } catch (KernelError e) {
      // out_fput:
      Open.fput(oldFile);
      throw e;
    }

    /* FIXME: copy up sparse files efficiently */
    while (len != 0) {
      Loff offset = new Loff(newFile.fPos);
      long thisLen = OVL_COPY_UP_CHUNK_SIZE;
      long bytes;

      if (len < thisLen) {
        thisLen = len;
      }

      // signal_pending_state(TASK_KILLABLE, current): only a fatal signal counts.
      if (Task.current().fatalSignalPending()) {
        if (!version.has(OvlPatch.COPY_UP_FAILURE_CLEANUP)) {
          throw new KernelError(Errno.EINTR); // v6: return -EINTR, both files left open
        }
        error = new KernelError(Errno.EINTR);
        break;
      }

      try {
        bytes = Splice.doSpliceDirect(oldFile, offset, newFile, thisLen, SPLICE_F_MOVE);
      } catch (KernelError e) {
        error = e;
        break;
      }
      if (bytes <= 0) {
        break; // error = bytes (0)
      }

      len -= bytes;
    }

    Open.fput(newFile);
    // out_fput:
    Open.fput(oldFile);
    if (error != null) {
      throw error;
    }
  }

  /**
   * Port of {@code ovl_read_symlink()}: the body of the lower symlink, read through its
   * {@code ->readlink} into a page (at most {@code PAGE_SIZE - 1} bytes). The C's
   * {@code set_fs(get_ds())} dance has no counterpart: the model has no user pointers. An absent
   * {@code ->readlink} is EINVAL either way (the model's default method throws it).
   */
  static String ovlReadSymlink(Dentry realdentry) {
    int res;
    byte[] buf;
    Inode inode = realdentry.dInode;

    // res = -EINVAL: if (!inode->i_op->readlink) goto err; (the default throws EINVAL)
    // res = -ENOMEM: __get_free_page() cannot fail in the model.
    buf = new byte[Fs.PAGE_SIZE];

    res = inode.iOp.readlink(realdentry, buf, Fs.PAGE_SIZE - 1); // res < 0: free_page, goto err
    // buf[res] = '\0';

    return new String(buf, 0, res, StandardCharsets.UTF_8);
  }

  /**
   * Port of {@code ovl_set_timestamps()}: sets atime and mtime from {@code stat} through
   * {@code notify_change()}. The caller holds {@code upperdentry}'s i_mutex.
   */
  static void ovlSetTimestamps(Dentry upperdentry, Kstat stat) {
    Iattr attr = new Iattr();
    attr.iaValid = Fs.ATTR_ATIME | Fs.ATTR_MTIME | Fs.ATTR_ATIME_SET | Fs.ATTR_MTIME_SET;
    attr.iaAtime = stat.atime;
    attr.iaMtime = stat.mtime;

    Attr.notifyChange(upperdentry, attr);
  }

  /**
   * Port of {@code ovl_set_mode()}: sets the mode through {@code notify_change()}. The caller
   * holds {@code upperdentry}'s i_mutex.
   */
  static void ovlSetMode(Dentry upperdentry, int mode) {
    Iattr attr = new Iattr();
    attr.iaValid = Fs.ATTR_MODE;
    attr.iaMode = mode;

    Attr.notifyChange(upperdentry, attr);
  }

  /**
   * Port of {@code ovl_copy_up_locked()}: with the upper parent's i_mutex held, creates the
   * upper object (mode bits after, because of the umask), copies data and xattrs, sets mode
   * and times under the new object's i_mutex, publishes it and unhashes a non-directory
   * overlay dentry (to drop the lower reference).
   *
   * <p>v6: when the create fails with EEXIST and the dentry is no longer lower ("Already copied
   * up?"), returns success; a failure after the create leaves the half-made upper object in
   * place and its dentry referenced ("FIXME: recovery from failure to copy up").
   * {@link OvlPatch#COPY_UP_LOCKED_EEXIST_IS_ERROR} drops the EEXIST branch (the caller
   * rechecks, {@link OvlPatch#RECHECK_COPY_UP_UNDER_LOCK});
   * {@link OvlPatch#COPY_UP_FAILURE_CLEANUP} removes the half-made object ({@code err_remove}).
   */
  static void ovlCopyUpLocked(
      Dentry upperdir, Dentry dentry, Path lowerpath, Kstat stat, String link) {
    Path newpath = new Path();
    int mode = stat.mode;
    OvlFs ofs = OvlFs.of(dentry.dSb);

    /* Can't properly set mode on creation because of the umask */
    stat.mode &= Stat.S_IFMT;

    newpath.mnt = ofs.upperMnt;
    try {
      newpath.dentry = OvlUpper.ovlUpperCreate(upperdir, dentry, stat, link);
    } catch (KernelError e) {
      if (!ofs.version.has(OvlPatch.COPY_UP_LOCKED_EEXIST_IS_ERROR)) {
        // v6..v7: COPY_UP_LOCKED_EEXIST_IS_ERROR (2011-03-23) removes this branch.
        /* Already copied up? */
        if (e.is(Errno.EEXIST) && OvlDentry.ovlPathType(dentry) != OVL_PATH_LOWER) {
          return;
        }
      }
      throw e;
    }

    /* FIXME: recovery from failure to copy up */

    try {
      if (Stat.S_ISREG(stat.mode)) {
        ovlCopyUpData(lowerpath, newpath, stat.size, ofs.version);
      }

      ovlCopyUpXattr(lowerpath.dentry, newpath.dentry);

      KMutex.mutexLock(newpath.dentry.dInode.iMutex);
      try {
        if (!Stat.S_ISLNK(stat.mode)) {
          ovlSetMode(newpath.dentry, mode);
        }
        ovlSetTimestamps(newpath.dentry, stat);
      } finally {
        KMutex.mutexUnlock(newpath.dentry.dInode.iMutex);
      }
    } catch (KernelError e) {
      if (ofs.version.has(OvlPatch.COPY_UP_FAILURE_CLEANUP)) {
        // err_remove: (the C ignores what the removal returns)
        try {
          if (Stat.S_ISDIR(stat.mode)) {
            Namei.vfsRmdir(upperdir.dInode, newpath.dentry);
          } else {
            Namei.vfsUnlink(upperdir.dInode, newpath.dentry);
          }
        } catch (KernelError ignored) {
          // best effort, as in the C
        }

        Dcache.dput(newpath.dentry);
      }
      throw e;
    }

    OvlDentry.ovlDentryUpdate(dentry, newpath.dentry);

    /*
     * Easiest way to get rid of the lower dentry reference is to
     * drop this dentry.  This is neither needed nor possible for
     * directories.
     */
    if (!Stat.S_ISDIR(stat.mode)) {
      Dcache.dDrop(dentry);
    }
  }

  /**
   * Port of {@code ovl_copy_up_one()}: copies up {@code dentry}, whose parent {@code parent} is
   * already in the upper layer, as its lower owner ({@code fsuid}/{@code fsgid} from
   * {@code stat}) with CAP_SYS_ADMIN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID and CAP_MKNOD
   * raised, under the upper parent's i_mutex (I_MUTEX_PARENT); then restores the upper
   * parent's times (best effort).
   *
   * <p>Under the lock, v6 checks only {@code dentry->d_parent != parent} ("rename means the copy
   * up was already successful") and warns if the dentry is still lower; a rename within the
   * same directory followed by an unlink passes that check, and the copy goes on with stale
   * lower data (Al Viro's review of v7). {@link OvlPatch#RECHECK_COPY_UP_UNDER_LOCK} checks
   * {@code ovl_path_type(dentry) != OVL_PATH_LOWER} instead.
   *
   * <p>Schedule point {@value OvlSchedPoint#COPY_UP_ONE_BEFORE_LOCK} just before the lock.
   */
  static void ovlCopyUpOne(Dentry parent, Dentry dentry, Path lowerpath, Kstat stat) {
    Kstat pstat = new Kstat();
    Path parentpath = new Path();
    Dentry upperdir;
    Cred oldCred;
    Cred overrideCred;
    String link = null;
    OvlVersion version = OvlFs.of(dentry.dSb).version;

    OvlDentry.ovlPathUpper(parent, parentpath);
    upperdir = parentpath.dentry;

    VfsStat.vfsGetattr(parentpath.mnt, parentpath.dentry, pstat);

    if (Stat.S_ISLNK(stat.mode)) {
      link = ovlReadSymlink(lowerpath.dentry);
    }

    // err = -ENOMEM: prepare_creds() cannot fail in the model.
    overrideCred = Creds.prepareCreds();

    overrideCred.setFsuid(stat.uid);
    overrideCred.setFsgid(stat.gid);
    /*
     * CAP_SYS_ADMIN for copying up extended attributes
     * CAP_DAC_OVERRIDE for create
     * CAP_FOWNER for chmod, timestamp update
     * CAP_FSETID for chmod
     * CAP_MKNOD for mknod
     */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    overrideCred.capRaise(Capability.CAP_FOWNER);
    overrideCred.capRaise(Capability.CAP_FSETID);
    overrideCred.capRaise(Capability.CAP_MKNOD);
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      Sched.point(OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK);
      KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
      try {
        if (version.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK)) {
          if (OvlDentry.ovlPathType(dentry) != OVL_PATH_LOWER) {
            // err = 0: copied up meanwhile
          } else {
            copyUpLockedRestoringParent(upperdir, dentry, lowerpath, stat, link, pstat);
          }
        } else {
          /*
           * Using upper filesystem locking to protect against copy up
           * racing with rename (rename means the copy up was already
           * successful).
           */
          if (dentry.dParent != parent) {
            Bugs.warnOn(
                OvlDentry.ovlPathType(dentry) == OVL_PATH_LOWER,
                "ovl_copy_up_one: %s moved but not copied up", dentry);
            // err = 0;
          } else {
            copyUpLockedRestoringParent(upperdir, dentry, lowerpath, stat, link, pstat);
          }
        }
      } finally {
        KMutex.mutexUnlock(upperdir.dInode.iMutex);
      }
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }

    // out_free_link: free_page(link): the GC frees it.
  }

  /**
   * The body both versions share: {@code err = ovl_copy_up_locked(...); if (!err)
   * ovl_set_timestamps(upperdir, &pstat);} (best effort: its result is ignored).
   */
  private static void copyUpLockedRestoringParent(
      Dentry upperdir, Dentry dentry, Path lowerpath, Kstat stat, String link, Kstat pstat) {
    ovlCopyUpLocked(upperdir, dentry, lowerpath, stat, link);
    /* Restore timestamps on parent (best effort) */
    try {
      ovlSetTimestamps(upperdir, pstat);
    } catch (KernelError ignored) {
      // best effort
    }
  }

  /**
   * Port of {@code ovl_copy_up()}: while {@code dentry} is still lower, finds its topmost
   * ancestor not yet copied up and copies that one up ({@code ovl_copy_up_one()}), parents
   * first.
   */
  static void ovlCopyUp(Dentry dentry) {
    while (true) { // while (!err)
      Dentry next;
      Dentry parent;
      Path lowerpath = new Path();
      Kstat stat = new Kstat();
      OvlPathType type = OvlDentry.ovlPathType(dentry);

      if (type != OVL_PATH_LOWER) {
        break;
      }

      next = Dcache.dget(dentry);
      /* find the topmost dentry not yet copied up */
      for (; ; ) {
        parent = Dcache.dgetParent(next);

        type = OvlDentry.ovlPathType(parent);
        if (type != OVL_PATH_LOWER) {
          break;
        }

        Dcache.dput(next);
        next = parent;
      }

      try {
        OvlDentry.ovlPathLower(next, lowerpath);
        VfsStat.vfsGetattr(lowerpath.mnt, lowerpath.dentry, stat);
        ovlCopyUpOne(parent, next, lowerpath, stat);
      } finally {
        Dcache.dput(parent);
        Dcache.dput(next);
      }
    }
  }

  /**
   * Port of {@code ovl_copy_up_truncate()}: copies up the parents, then the file with at most
   * {@code size} bytes of data ("Optimize by not copying up the file first and truncating
   * later").
   */
  static void ovlCopyUpTruncate(Dentry dentry, long size) {
    Kstat stat = new Kstat();
    Path lowerpath = new Path();
    Dentry parent = Dcache.dgetParent(dentry);

    try {
      ovlCopyUp(parent);

      OvlDentry.ovlPathLower(dentry, lowerpath);
      VfsStat.vfsGetattr(lowerpath.mnt, lowerpath.dentry, stat);

      if (size < stat.size) {
        stat.size = size;
      }

      ovlCopyUpOne(parent, dentry, lowerpath, stat);
    } finally {
      // out_dput_parent:
      Dcache.dput(parent);
    }
  }
}
