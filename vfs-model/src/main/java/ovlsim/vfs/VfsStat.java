package ovlsim.vfs;

/** Port of {@code fs/stat.c}: {@code vfs_getattr()} and {@code generic_fillattr()}. */
public final class VfsStat {
  private VfsStat() {}

  /** Port of {@code generic_fillattr()}. */
  public static void genericFillattr(Inode inode, Kstat stat) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_getattr()}. */
  public static void vfsGetattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    throw new UnsupportedOperationException("TODO");
  }
}
