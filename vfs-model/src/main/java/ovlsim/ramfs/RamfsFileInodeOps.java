package ovlsim.ramfs;

import ovlsim.vfs.Attr;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.libfs.Libfs;

/**
 * Port of {@code ramfs_file_inode_operations}: {@code .setattr = simple_setattr},
 * {@code .getattr = simple_getattr}. The VFS holds the inode's i_mutex around setattr and
 * nothing around getattr.
 */
final class RamfsFileInodeOps implements InodeOperations {
  static final RamfsFileInodeOps INSTANCE = new RamfsFileInodeOps();

  private RamfsFileInodeOps() {}

  /**
   * Port of {@code simple_setattr()}: {@code inode_change_ok()}, {@code truncate_setsize()}
   * for a size change, {@code setattr_copy()}. Differs from {@link Attr#simpleSetattr} only in
   * that the pages past the new size go, since the model's VFS has no page cache of its own.
   */
  @Override
  public void setattr(Dentry dentry, Iattr attr) {
    RamfsInode inode = RamfsInode.of(dentry.dInode);
    Attr.inodeChangeOk(inode, attr);
    if ((attr.iaValid & Fs.ATTR_SIZE) != 0) {
      inode.pages.truncateSetsize(attr.iaSize);
    }
    Attr.setattrCopy(inode, attr);
  }

  /** {@code .getattr = simple_getattr}, with the file's page count. */
  @Override
  public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    Inode inode = dentry.dInode;
    Libfs.simpleGetattr(mnt, dentry, stat, RamfsInode.of(inode).pages.nrpages());
  }
}
