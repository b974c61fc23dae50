package ovlsim.vfs;

import static ovlsim.kernel.Capability.CAP_DAC_OVERRIDE;
import static ovlsim.kernel.Capability.CAP_DAC_READ_SEARCH;
import static ovlsim.kernel.Capability.CAP_FOWNER;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of the permission checks of {@code fs/namei.c}: {@code generic_permission()},
 * {@code inode_permission()}, {@code exec_permission()}, {@code may_create()},
 * {@code may_delete()}, {@code check_sticky()}. Each throws {@code KernelError} (EACCES,
 * EPERM, EROFS, ...) where the C returns a negative errno.
 *
 * <p>The model has no ACLs, no user namespaces, no device cgroup and no LSM: the hooks
 * {@code check_acl}, {@code devcgroup_inode_permission()} and
 * {@code security_inode_permission()} always allow.
 */
public final class Permission {
  /** {@code S_IXUGO}. */
  private static final int S_IXUGO = 0111;

  private Permission() {}

  /**
   * Port of {@code acl_permission_check()}: the owner, group or other bits of {@code i_mode}
   * against {@code mask}. Returns 0 or {@code -EACCES}, as the C does, so that the callers can
   * decide whether a capability overrides it.
   */
  static int aclPermissionCheck(Inode inode, int mask) {
    int mode = inode.iMode;
    mask &= Fs.MAY_READ | Fs.MAY_WRITE | Fs.MAY_EXEC;
    if (Creds.currentFsuid() == inode.iUid) {
      mode >>= 6;
    } else if (inGroupP(inode.iGid)) {
      mode >>= 3;
    }
    if ((mask & ~mode) == 0) {
      return 0;
    }
    return -Errno.EACCES.number();
  }

  /** Port of {@code execute_ok()}: some execute bit is set, or it is a directory. */
  private static boolean executeOk(Inode inode) {
    return (inode.iMode & S_IXUGO) != 0 || Stat.S_ISDIR(inode.iMode);
  }

  /** Port of {@code generic_permission()} (no ACLs). */
  public static void genericPermission(Inode inode, int mask, int flags) {
    if (aclPermissionCheck(inode, mask) == 0) {
      return;
    }
    // Read/write DACs are always overridable. Executable DACs are overridable if at least one
    // exec bit is set.
    if ((mask & Fs.MAY_EXEC) == 0 || executeOk(inode)) {
      if (Creds.capable(CAP_DAC_OVERRIDE)) {
        return;
      }
    }
    // Searching includes executable on directories, else just read.
    mask &= Fs.MAY_READ | Fs.MAY_WRITE | Fs.MAY_EXEC;
    if (mask == Fs.MAY_READ || (Stat.S_ISDIR(inode.iMode) && (mask & Fs.MAY_WRITE) == 0)) {
      if (Creds.capable(CAP_DAC_READ_SEARCH)) {
        return;
      }
    }
    throw new KernelError(Errno.EACCES);
  }

  /**
   * Port of {@code inode_permission()}: EROFS for writing a regular file, directory or symlink
   * of a read-only superblock, EACCES for writing an immutable inode, then {@code ->permission}
   * (whose absent form is {@link #genericPermission}).
   */
  public static void inodePermission(Inode inode, int mask) {
    if ((mask & Fs.MAY_WRITE) != 0) {
      int mode = inode.iMode;
      // Nobody gets write access to a read-only fs.
      if (inode.isRdonly() && (Stat.S_ISREG(mode) || Stat.S_ISDIR(mode) || Stat.S_ISLNK(mode))) {
        throw new KernelError(Errno.EROFS);
      }
      // Nobody gets write access to an immutable file.
      if (inode.isImmutable()) {
        throw new KernelError(Errno.EACCES);
      }
    }
    inode.iOp.permission(inode, mask, 0);
  }

  /**
   * Port of {@code __inode_permission()} as the v15 overlay series exports it (3.6; not in
   * 2.6.38, whose {@code inode_permission()} has no such split): {@code inode_permission()}
   * without the superblock's read-only check: EACCES for writing an immutable inode, then
   * {@code ->permission}. Differs from 3.6: no device cgroup and no LSM hook (the model has
   * neither), and {@code ->permission} gets the 2.6.38 {@code flags} 0.
   */
  public static void inodePermissionNoSbCheck(Inode inode, int mask) {
    if ((mask & Fs.MAY_WRITE) != 0) {
      // Nobody gets write access to an immutable file.
      if (inode.isImmutable()) {
        throw new KernelError(Errno.EACCES);
      }
    }
    inode.iOp.permission(inode, mask, 0);
  }

  /**
   * Port of {@code exec_permission()}: search permission on a directory during a walk. The
   * C calls {@code ->permission} when present and {@code acl_permission_check()} otherwise;
   * the model's absent {@code ->permission} is {@code generic_permission()}, which grants the
   * same overrides this function then grants anyway.
   */
  public static void execPermission(Inode inode, int flags) {
    try {
      inode.iOp.permission(inode, Fs.MAY_EXEC, flags);
      return;
    } catch (KernelError e) {
      if (e.is(Errno.ECHILD)) {
        throw e;
      }
      if (Creds.capable(CAP_DAC_OVERRIDE) || Creds.capable(CAP_DAC_READ_SEARCH)) {
        return;
      }
      throw e;
    }
  }

  /**
   * Port of {@code may_create()}: EEXIST when the child is positive, ENOENT when the directory
   * is dead (removed), else write and search permission on it.
   */
  public static void mayCreate(Inode dir, Dentry child) {
    if (child.dInode != null) {
      throw new KernelError(Errno.EEXIST);
    }
    if (isDeaddir(dir)) {
      throw new KernelError(Errno.ENOENT);
    }
    inodePermission(dir, Fs.MAY_WRITE | Fs.MAY_EXEC);
  }

  /**
   * Port of {@code may_delete()}: may the current task remove {@code victim} from {@code dir}?
   * The caller holds {@code dir}'s i_mutex, so {@code victim->d_parent} is stable.
   */
  public static void mayDelete(Inode dir, Dentry victim, boolean isdir) {
    Inode inode = victim.dInode;
    if (inode == null) {
      throw new KernelError(Errno.ENOENT);
    }
    Bugs.bugOn(victim.dParent.dInode != dir, "may_delete: victim->d_parent->d_inode != dir");
    inodePermission(dir, Fs.MAY_WRITE | Fs.MAY_EXEC);
    if (dir.isAppend()) {
      throw new KernelError(Errno.EPERM);
    }
    if (checkSticky(dir, inode) || inode.isAppend() || inode.isImmutable()) {
      throw new KernelError(Errno.EPERM);
    }
    if (isdir) {
      if (!Stat.S_ISDIR(inode.iMode)) {
        throw new KernelError(Errno.ENOTDIR);
      }
      if (victim.isRoot()) {
        throw new KernelError(Errno.EBUSY);
      }
    } else if (Stat.S_ISDIR(inode.iMode)) {
      throw new KernelError(Errno.EISDIR);
    }
    if (isDeaddir(dir)) {
      throw new KernelError(Errno.ENOENT);
    }
  }

  /** Port of {@code check_sticky()}: true when the sticky bit forbids the change. */
  public static boolean checkSticky(Inode dir, Inode inode) {
    int fsuid = Creds.currentFsuid();
    if ((dir.iMode & Stat.S_ISVTX) == 0) {
      return false;
    }
    if (inode.iUid == fsuid) {
      return false;
    }
    if (dir.iUid == fsuid) {
      return false;
    }
    return !Creds.capable(CAP_FOWNER);
  }

  /** Port of {@code is_owner_or_cap()}. */
  public static boolean isOwnerOrCap(Inode inode) {
    return Creds.currentFsuid() == inode.iUid || Creds.capable(CAP_FOWNER);
  }

  /** Port of {@code in_group_p()}: the fsgid or one of the supplementary groups. */
  public static boolean inGroupP(int gid) {
    return Creds.currentCred().inGroup(gid);
  }

  /** Port of {@code IS_DEADDIR()}. */
  static boolean isDeaddir(Inode inode) {
    return (inode.iFlags & Fs.S_DEAD) != 0;
  }
}
