package ovlsim.vfs;

import static ovlsim.kernel.Capability.CAP_SYS_ADMIN;

import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of {@code fs/xattr.c}: the permission rules of the xattr namespaces and the
 * {@code vfs_*xattr()} helpers. The setters take the inode's i_mutex themselves, the getters
 * take nothing (DESIGN.md's lock table). The model has no LSM, so {@code security.*} names go
 * to the filesystem like any other and the {@code security_inode_*xattr()} hooks allow all.
 */
public final class Xattr {
  private Xattr() {}

  /**
   * Port of {@code xattr_permission()} (2.6.38): {@code trusted.*} needs CAP_SYS_ADMIN (EPERM,
   * to read as to write); {@code user.*} only on regular files and directories (EPERM),
   * and on a sticky directory only its owner may write; otherwise {@code inode_permission()}.
   */
  static void xattrPermission(Inode inode, String name, int mask) {
    // We can never set or remove an extended attribute on a read-only filesystem or on an
    // immutable / append-only inode.
    if ((mask & Fs.MAY_WRITE) != 0) {
      if (inode.isImmutable() || inode.isAppend()) {
        throw new KernelError(Errno.EPERM);
      }
    }

    // No restriction for security.* and system.* from the VFS. Decision delegated to the
    // filesystem.
    if (name.startsWith(Fs.XATTR_SECURITY_PREFIX) || name.startsWith(Fs.XATTR_SYSTEM_PREFIX)) {
      return;
    }

    // The trusted.* namespace can only be accessed by a privileged user. (Reads answer EPERM
    // too in 2.6.38; later kernels answer ENODATA.)
    if (name.startsWith(Fs.XATTR_TRUSTED_PREFIX)) {
      if (!Creds.capable(CAP_SYS_ADMIN)) {
        throw new KernelError(Errno.EPERM);
      }
      return;
    }

    // In the user.* namespace, only regular files and directories can have extended
    // attributes. For sticky directories, only the owner and privileged users can write
    // attributes.
    if (name.startsWith(Fs.XATTR_USER_PREFIX)) {
      if (!Stat.S_ISREG(inode.iMode) && !Stat.S_ISDIR(inode.iMode)) {
        throw new KernelError(Errno.EPERM);
      }
      if (Stat.S_ISDIR(inode.iMode)
          && (inode.iMode & Stat.S_ISVTX) != 0
          && (mask & Fs.MAY_WRITE) != 0
          && !Permission.isOwnerOrCap(inode)) {
        throw new KernelError(Errno.EPERM);
      }
    }

    Permission.inodePermission(inode, mask);
  }

  /**
   * Port of {@code vfs_getxattr()}: no lock taken. With {@code size == 0} returns the value's
   * length; else fills {@code value} and returns the length (ERANGE when it does not fit).
   */
  public static int vfsGetxattr(Dentry dentry, String name, byte[] value, int size) {
    Inode inode = dentry.dInode;
    xattrPermission(inode, name, Fs.MAY_READ);
    if (!inode.iOp.hasGetxattr()) {
      throw new KernelError(Errno.EOPNOTSUPP);
    }
    return inode.iOp.getxattr(dentry, name, value, size);
  }

  /**
   * Port of {@code vfs_setxattr()}: checks permission, then calls {@code ->setxattr} under the
   * inode's i_mutex, which it takes itself.
   */
  public static void vfsSetxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    Inode inode = dentry.dInode;
    xattrPermission(inode, name, Fs.MAY_WRITE);
    KMutex.mutexLock(inode.iMutex);
    try {
      vfsSetxattrNoperm(dentry, name, value, size, flags);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code __vfs_setxattr_noperm()}: {@code ->setxattr} with no permission check; the
   * caller holds the inode's i_mutex. (An absent {@code ->setxattr} throws EOPNOTSUPP.)
   */
  public static void vfsSetxattrNoperm(
      Dentry dentry, String name, byte[] value, int size, int flags) {
    dentry.dInode.iOp.setxattr(dentry, name, value, size, flags);
  }

  /**
   * Port of {@code vfs_listxattr()}: no lock taken. The names, each NUL-terminated; with
   * {@code size == 0} only the length needed.
   */
  public static int vfsListxattr(Dentry dentry, byte[] list, int size) {
    return dentry.dInode.iOp.listxattr(dentry, list, size);
  }

  /**
   * Port of {@code vfs_removexattr()}: checks permission, then calls {@code ->removexattr}
   * under the inode's i_mutex, which it takes itself.
   */
  public static void vfsRemovexattr(Dentry dentry, String name) {
    Inode inode = dentry.dInode;
    // Differs: the C answers EOPNOTSUPP for an absent ->removexattr before the permission
    // check; the model has no presence test for it, so the absent method answers after it.
    xattrPermission(inode, name, Fs.MAY_WRITE);
    KMutex.mutexLock(inode.iMutex);
    try {
      inode.iOp.removexattr(dentry, name);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }
}
