package ovlsim.vfs;

import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code struct inode_operations} (2.6.38, with the {@code ->open} of the overlayfs v6
 * series, patch 1/6 "vfs: add i_op->open()", 2011, and the {@code ->dentry_open} that replaces it
 * in the v15 series for 3.6). Errors are thrown as {@link KernelError}. A method the filesystem does not provide
 * keeps its default, which behaves as the VFS does when the C pointer is NULL.
 *
 * <p>Locks the caller holds (docs/locking.md, {@link VfsLockRule}): the parent's i_mutex for
 * lookup, create, mknod, symlink, mkdir; also the source inode's for link, the victim's for
 * unlink and rmdir; both parents through {@code lock_rename()} and the target's for rename; the
 * inode's for setattr, setxattr and removexattr; none for permission, getattr, getxattr,
 * listxattr, readlink, follow_link, open and dentry_open.
 */
public interface InodeOperations {
  /** An operations table with every method absent. */
  InodeOperations EMPTY = new InodeOperations() {};

  /**
   * {@code ->lookup}: fill in {@code dentry} (d_add, positive or negative). Returns
   * {@code null}, or another dentry to use instead. The VFS calls it only on directories.
   */
  default Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
    throw new KernelError(Errno.ENOTDIR);
  }

  /** {@code ->create}; absent: {@code vfs_create()} returns EACCES. */
  default void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    throw new KernelError(Errno.EACCES);
  }

  default void link(Dentry oldDentry, Inode dir, Dentry dentry) {
    throw new KernelError(Errno.EPERM);
  }

  default void unlink(Inode dir, Dentry dentry) {
    throw new KernelError(Errno.EPERM);
  }

  default void symlink(Inode dir, Dentry dentry, String symname) {
    throw new KernelError(Errno.EPERM);
  }

  default void mkdir(Inode dir, Dentry dentry, int mode) {
    throw new KernelError(Errno.EPERM);
  }

  default void rmdir(Inode dir, Dentry dentry) {
    throw new KernelError(Errno.EPERM);
  }

  default void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
    throw new KernelError(Errno.EPERM);
  }

  default void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    throw new KernelError(Errno.EPERM);
  }

  /**
   * {@code ->readlink}: copies at most {@code bufsiz} bytes of the link body into {@code buf}
   * and returns how many. Absent: EINVAL.
   */
  default int readlink(Dentry dentry, byte[] buf, int bufsiz) {
    throw new KernelError(Errno.EINVAL);
  }

  /**
   * {@code ->follow_link}: hands the link body to {@code nd.setLink()} and returns a cookie for
   * {@link #putLink}. The VFS follows a symlink when its inode is {@code S_IFLNK}.
   */
  default Object followLink(Dentry dentry, Nameidata nd) {
    throw new KernelError(Errno.EINVAL);
  }

  /** {@code ->put_link}; absent: nothing to release. */
  default void putLink(Dentry dentry, Nameidata nd, Object cookie) {}

  /** {@code ->put_link} present? ({@code inode->i_op->put_link != NULL}). */
  default boolean hasPutLink() {
    return false;
  }

  /** {@code ->permission}; absent: {@code generic_permission()}. */
  default void permission(Inode inode, int mask, int flags) {
    Permission.genericPermission(inode, mask, flags);
  }

  /** {@code ->setattr}; absent: {@code simple_setattr()}. */
  default void setattr(Dentry dentry, Iattr attr) {
    Attr.simpleSetattr(dentry, attr);
  }

  /** {@code ->getattr}; absent: {@code generic_fillattr()}. */
  default void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    VfsStat.genericFillattr(dentry.dInode, stat);
  }

  default void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    throw new KernelError(Errno.EOPNOTSUPP);
  }

  /**
   * {@code ->getxattr}: with {@code size == 0} returns the value's length; else copies it into
   * {@code value} (ERANGE when it does not fit) and returns the length.
   */
  default int getxattr(Dentry dentry, String name, byte[] value, int size) {
    throw new KernelError(Errno.EOPNOTSUPP);
  }

  /** {@code ->getxattr} present? ({@code inode->i_op->getxattr != NULL}). */
  default boolean hasGetxattr() {
    return false;
  }

  /**
   * {@code ->listxattr}: the names, each NUL-terminated, into {@code list}; with
   * {@code size == 0} only the length needed. Absent: {@code vfs_listxattr()} asks
   * {@code security_inode_listsecurity()} instead, which without an LSM lists nothing (0).
   */
  default int listxattr(Dentry dentry, byte[] list, int size) {
    return 0;
  }

  default void removexattr(Dentry dentry, String name) {
    throw new KernelError(Errno.EOPNOTSUPP);
  }

  /**
   * {@code ->open} (overlayfs v6, patch 1/6): open the file, possibly one of another filesystem.
   * Absent: returns {@code null}, and {@code vfs_open()} opens the inode itself.
   */
  default File open(Dentry dentry, int flags, Cred cred) {
    return null;
  }

  /** Whether {@link #open} is provided ({@code i_op->open != NULL}). */
  default boolean hasOpen() {
    return false;
  }

  /**
   * {@code ->dentry_open} (overlayfs v15 for 3.6, "vfs: add i_op->dentry_open()"): fill in
   * {@code file}, already allocated by {@code dentry_open()} with its {@code f_flags} set,
   * possibly as a file of another filesystem. The VFS calls it only when {@link #hasDentryOpen}
   * (the C tests the pointer first); the absent method has nothing to do, so a call to it is a
   * bug in the model's VFS.
   */
  default void dentryOpen(Dentry dentry, File file, Cred cred) {
    throw new IllegalStateException(
        "i_op->dentry_open called on " + this + ", which has none (hasDentryOpen() is false)");
  }

  /** Whether {@link #dentryOpen} is provided ({@code i_op->dentry_open != NULL}). */
  default boolean hasDentryOpen() {
    return false;
  }
}
