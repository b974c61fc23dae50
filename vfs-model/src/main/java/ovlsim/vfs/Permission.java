package ovlsim.vfs;

/**
 * Port of the permission checks of {@code fs/namei.c}: {@code generic_permission()},
 * {@code inode_permission()}, {@code exec_permission()}, {@code may_create()},
 * {@code may_delete()}, {@code check_sticky()}. Each throws {@code KernelError} (EACCES,
 * EPERM, EROFS, ...) where the C returns a negative errno.
 */
public final class Permission {
  private Permission() {}

  /** Port of {@code generic_permission()} (no ACLs). */
  public static void genericPermission(Inode inode, int mask, int flags) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code inode_permission()}. */
  public static void inodePermission(Inode inode, int mask) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code exec_permission()}: search permission on a directory during a walk. */
  public static void execPermission(Inode inode, int flags) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code may_create()}. */
  public static void mayCreate(Inode dir, Dentry child) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code may_delete()}. */
  public static void mayDelete(Inode dir, Dentry victim, boolean isdir) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code check_sticky()}: true when the sticky bit forbids the change. */
  public static boolean checkSticky(Inode dir, Inode inode) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code is_owner_or_cap()}. */
  public static boolean isOwnerOrCap(Inode inode) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code in_group_p()}. */
  public static boolean inGroupP(int gid) {
    throw new UnsupportedOperationException("TODO");
  }
}
