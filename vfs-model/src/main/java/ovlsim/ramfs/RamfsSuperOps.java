package ovlsim.ramfs;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SuperOperations;
import ovlsim.vfs.libfs.Libfs;

/**
 * Port of {@code ramfs_ops}: {@code .statfs = simple_statfs}; {@code .drop_inode =
 * generic_delete_inode}, which the model's {@code iput()} does anyway (it keeps no unused
 * inodes); an inode is a {@link RamfsInode}. No lock is held around statfs.
 */
final class RamfsSuperOps implements SuperOperations {
  static final RamfsSuperOps INSTANCE = new RamfsSuperOps();

  private RamfsSuperOps() {}

  /** The model's form of the inode slab: a ramfs inode carries its pages. */
  @Override
  public Inode allocInode(SuperBlock sb) {
    return new RamfsInode(sb);
  }

  @Override
  public void statfs(Dentry dentry, Kstatfs buf) {
    Libfs.simpleStatfs(dentry, buf);
  }

  @Override
  public boolean hasStatfs() {
    return true;
  }
}
