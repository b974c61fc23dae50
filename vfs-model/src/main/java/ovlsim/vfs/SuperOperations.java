package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/** Port of {@code struct super_operations} (the members the model uses). */
public interface SuperOperations {
  SuperOperations EMPTY = new SuperOperations() {};

  /** {@code ->alloc_inode}; absent: a plain {@link Inode}. */
  default Inode allocInode(SuperBlock sb) {
    return new Inode(sb);
  }

  /**
   * {@code ->evict_inode}: the last reference to an inode went; with {@code i_nlink == 0} its
   * storage is to be freed.
   */
  default void evictInode(Inode inode) {}

  /** {@code ->put_super}: the superblock is going away. */
  default void putSuper(SuperBlock sb) {}

  /**
   * {@code ->remount_fs}: {@code flags[0]} holds the new MS_* flags and may be changed;
   * {@code data} the new options.
   */
  default void remountFs(SuperBlock sb, int[] flags, String data) {}

  /** {@code ->statfs}; absent: ENOSYS. */
  default void statfs(Dentry dentry, Kstatfs buf) {
    throw new KernelError(Errno.ENOSYS);
  }

  /** {@code ->statfs} present? ({@code sb->s_op->statfs != NULL}). */
  default boolean hasStatfs() {
    return false;
  }
}
