package ovlsim.vfs;

/**
 * Port of {@code fs/attr.c} ({@code notify_change()}, {@code inode_change_ok()},
 * {@code setattr_copy()}, {@code inode_newsize_ok()}) and {@code simple_setattr()} from
 * {@code fs/libfs.c}.
 */
public final class Attr {
  private Attr() {}

  /** Port of {@code notify_change()}: the caller holds the inode's i_mutex. */
  public static void notifyChange(Dentry dentry, Iattr attr) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code inode_change_ok()}. */
  public static void inodeChangeOk(Inode inode, Iattr attr) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code inode_newsize_ok()}. */
  public static void inodeNewsizeOk(Inode inode, long offset) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code setattr_copy()}. */
  public static void setattrCopy(Inode inode, Iattr attr) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code simple_setattr()}. */
  public static void simpleSetattr(Dentry dentry, Iattr attr) {
    throw new UnsupportedOperationException("TODO");
  }
}
