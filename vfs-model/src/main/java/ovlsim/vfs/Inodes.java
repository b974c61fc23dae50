package ovlsim.vfs;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;

/** Port of {@code fs/inode.c} and the inode helpers of {@code <linux/fs.h>}. */
public final class Inodes {
  private Inodes() {}

  /**
   * Port of {@code new_inode()}: a fresh inode of {@code sb} ({@code ->alloc_inode}) with one
   * reference, {@code i_ino} 0 and no mode; the filesystem fills in the rest.
   */
  public static Inode newInode(SuperBlock sb) {
    return sb.sOp.allocInode(sb);
  }

  /**
   * Port of the lockdep part of {@code unlock_new_inode()} (2.6.38, {@code CONFIG_DEBUG_LOCK_ALLOC}):
   * a directory's i_mutex moves to its type's {@code i_mutex_dir_key} class, so that a
   * directory and a file of one filesystem are different classes. Filesystems whose inodes go
   * through {@code iget_locked()}/{@code unlock_new_inode()} (jffs2, ext*) get it; those that
   * only call {@code new_inode()} (2.6.38's tmpfs, and the overlay) do not. The model has no
   * I_NEW state to clear.
   */
  public static void unlockNewInode(Inode inode) {
    if (Stat.S_ISDIR(inode.iMode)) {
      RegisteredFs.Keys keys = inode.iSb.sType().keys();
      // Set new key only if filesystem hasn't already changed it
      if (inode.iMutex.key() == keys.iMutexKey()) {
        KMutex.lockdepSetClass(inode.iMutex, keys.iMutexDirKey());
      }
    }
  }

  /** Port of {@code get_next_ino()}. */
  public static long getNextIno() {
    return Vfs.of(Task.current().kernel()).getNextIno();
  }

  /** Port of {@code ihold()}: takes a reference on an inode already referenced. */
  public static void ihold(Inode inode) {
    int c = inode.iCount.getAndIncrement();
    Bugs.warnOn(c < 1, "ihold: inode %s had no reference", inode);
  }

  /**
   * Port of {@code iput()}: drops a reference; with the last one the inode is evicted
   * ({@code ->evict_inode}), which frees an unlinked inode's storage. {@code null} is ignored.
   */
  public static void iput(Inode inode) {
    if (inode == null) {
      return;
    }
    int c = inode.iCount.decrementAndGet();
    Bugs.bugOn(c < 0, "iput: negative i_count on %s", inode);
    if (c == 0) {
      inode.iSb.sOp.evictInode(inode);
    }
  }

  /**
   * Port of {@code inode_init_owner()}: uid from the fsuid; gid from a setgid directory (and a
   * new directory inherits the bit), else from the fsgid.
   */
  public static void inodeInitOwner(Inode inode, Inode dir, int mode) {
    Cred cred = Creds.currentCred();
    inode.iUid = cred.fsuid();
    if (dir != null && (dir.iMode & Stat.S_ISGID) != 0) {
      inode.iGid = dir.iGid;
      if (Stat.S_ISDIR(mode)) {
        mode |= Stat.S_ISGID;
      }
    } else {
      inode.iGid = cred.fsgid();
    }
    inode.iMode = mode;
  }

  /**
   * Port of {@code should_remove_suid()}: the ATTR_KILL_* bits a write or truncate must add,
   * for a regular file with set-id bits, when the caller lacks CAP_FSETID; else 0.
   */
  public static int shouldRemoveSuid(Dentry dentry) {
    int mode = dentry.dInode.iMode;
    int kill = 0;
    if ((mode & Stat.S_ISUID) != 0) {
      kill = Fs.ATTR_KILL_SUID;
    }
    if ((mode & Stat.S_ISGID) != 0 && (mode & Stat.S_IXGRP) != 0) {
      kill |= Fs.ATTR_KILL_SGID;
    }
    if (kill != 0 && !Creds.capable(Capability.CAP_FSETID) && Stat.S_ISREG(mode)) {
      return kill;
    }
    return 0;
  }

  /** Port of {@code inc_nlink()}. */
  public static void incNlink(Inode inode) {
    inode.iNlink++;
  }

  /** Port of {@code drop_nlink()}. */
  public static void dropNlink(Inode inode) {
    Bugs.warnOn(inode.iNlink == 0, "drop_nlink on %s with i_nlink 0", inode);
    inode.iNlink--;
  }

  /** Port of {@code clear_nlink()}. */
  public static void clearNlink(Inode inode) {
    inode.iNlink = 0;
  }

  /**
   * Port of {@code touch_atime()} with {@code relatime}, the default mount option: atime moves
   * only when it is older than mtime or ctime, or a day old. Nothing on a read-only or noatime
   * mount or an {@code S_NOATIME} inode.
   */
  public static void touchAtime(VfsMount mnt, Dentry dentry) {
    Inode inode = dentry.dInode;
    if ((inode.iFlags & Fs.S_NOATIME) != 0) {
      return;
    }
    if (mnt != null && ((mnt.mntFlags & Fs.MNT_NOATIME) != 0 || mnt.isReadonly())) {
      return;
    }
    if (inode.isRdonly()) {
      return;
    }
    Timespec now = Timespec.now();
    Timespec at = inode.iAtime;
    if (at.compareTo(inode.iMtime) <= 0
        || at.compareTo(inode.iCtime) <= 0
        || now.sec() - at.sec() >= 24 * 60 * 60) {
      inode.iAtime = now;
    }
  }

  /**
   * Port of {@code file_update_time()}: mtime and ctime to now for a write, unless the inode is
   * {@code S_NOCMTIME}, they are now already, or the mount is read-only. The caller holds the
   * inode's i_mutex. The model keeps no {@code i_version} for files.
   */
  public static void fileUpdateTime(File file) {
    Inode inode = file.fPath.dentry.dInode;
    if ((inode.iFlags & Fs.S_NOCMTIME) != 0) {
      return;
    }
    Timespec now = Timespec.now();
    boolean syncMtime = !inode.iMtime.equals(now);
    boolean syncCtime = !inode.iCtime.equals(now);
    if (!syncMtime && !syncCtime) {
      return;
    }
    // Finally allowed to write? Takes lock.
    try {
      Namespace.mntWantWrite(file.fPath.mnt);
    } catch (KernelError e) {
      return;
    }
    if (syncCtime) {
      inode.iCtime = now;
    }
    if (syncMtime) {
      inode.iMtime = now;
    }
    Namespace.mntDropWrite(file.fPath.mnt);
  }

  /** Port of {@code file_accessed()}: {@link #touchAtime} unless opened {@code O_NOATIME}. */
  public static void fileAccessed(File file) {
    if ((file.fFlags & Fcntl.O_NOATIME) == 0) {
      touchAtime(file.fPath.mnt, file.fPath.dentry);
    }
  }
}
