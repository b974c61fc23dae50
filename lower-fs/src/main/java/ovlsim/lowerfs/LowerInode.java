package ovlsim.lowerfs;

import ovlsim.kernel.Bugs;
import ovlsim.vfs.File;
import ovlsim.vfs.Inode;
import ovlsim.vfs.SuperBlock;

/**
 * Port of {@code struct squashfs_inode_info}: a VFS inode of a lower-fs superblock with the
 * image inode it was read from. The image inode is immutable, so nothing here needs a lock.
 */
final class LowerInode extends Inode {
  final ImageInode image;

  LowerInode(SuperBlock sb, ImageInode image) {
    super(sb);
    this.image = image;
  }

  /**
   * Port of {@code squashfs_i()}: the lower-fs inode behind {@code inode}. Only lower-fs's own
   * operation tables call it, and only on the inode the VFS handed them as theirs (the
   * {@code dir} of {@code ->lookup}, the {@code d_inode} of the dentry of {@code ->readlink} or
   * {@code ->getxattr}, the inode of {@code ->open}); anything else is a bug.
   */
  static LowerInode of(Inode inode) {
    if (inode instanceof LowerInode li) {
      return li;
    }
    Bugs.bug("lower-fs operation called on " + inode + ", not a lower-fs inode");
    throw new AssertionError("unreachable");
  }

  /**
   * The lower-fs inode {@code file} was opened on: what {@code ->open} recorded in
   * {@code private_data}, the model's {@code file->f_mapping->host}. Never
   * {@code file->f_path.dentry->d_inode}: a stacked filesystem may open a lower-fs inode on a
   * file whose {@code f_path} is its own (Al Viro, linux-fsdevel, June 2018), and then that
   * inode is not lower-fs's.
   */
  static LowerInode opened(File file) {
    if (file.privateData instanceof LowerInode li) {
      return li;
    }
    Bugs.bug("lower-fs file operation on " + file + ", which lower-fs did not open");
    throw new AssertionError("unreachable");
  }
}
