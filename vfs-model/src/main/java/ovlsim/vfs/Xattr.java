package ovlsim.vfs;

/** Port of {@code fs/xattr.c}. */
public final class Xattr {
  private Xattr() {}

  /** Port of {@code xattr_permission()}. */
  static void xattrPermission(Inode inode, String name, int mask) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_getxattr()}. */
  public static int vfsGetxattr(Dentry dentry, String name, byte[] value, int size) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_setxattr()}: takes the inode's i_mutex itself. */
  public static void vfsSetxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_listxattr()}. */
  public static int vfsListxattr(Dentry dentry, byte[] list, int size) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_removexattr()}: takes the inode's i_mutex itself. */
  public static void vfsRemovexattr(Dentry dentry, String name) {
    throw new UnsupportedOperationException("TODO");
  }
}
