package ovlsim.vfs;

/**
 * Port of {@code fs/namei.c}: the path walk, {@code lookup_one_len()}, the {@code vfs_*}
 * directory operations with the locks the 2.6.38 VFS holds around each i_op, and
 * {@code lock_rename()}.
 */
public final class Namei {
  private Namei() {}

  /** Port of {@code kern_path()}: walks {@code name} from the current task's root or cwd. */
  public static void kernPath(String name, int flags, Path path) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code lookup_one_len()}: the caller holds {@code base}'s i_mutex. */
  public static Dentry lookupOneLen(String name, Dentry base, int len) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsCreate(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsMkdir(Inode dir, Dentry dentry, int mode) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsMknod(Inode dir, Dentry dentry, int mode, int dev) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsSymlink(Inode dir, Dentry dentry, String oldname) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsLink(Dentry oldDentry, Inode dir, Dentry newDentry) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsUnlink(Inode dir, Dentry dentry) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsRmdir(Inode dir, Dentry dentry) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void vfsRename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    throw new UnsupportedOperationException("TODO");
  }

  public static Dentry lockRename(Dentry p1, Dentry p2) {
    throw new UnsupportedOperationException("TODO");
  }

  public static void unlockRename(Dentry p1, Dentry p2) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code generic_readlink()}. */
  public static int genericReadlink(Dentry dentry, byte[] buf, int buflen) {
    throw new UnsupportedOperationException("TODO");
  }
}
