package ovlsim.lowerfs;

import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Inode;

/**
 * The file operations of lower-fs's fifos and devices: the model has no pipes or drivers, so
 * where {@code init_special_inode()} installs {@code def_fifo_fops} or {@code def_chr_fops}
 * this keeps the VFS defaults and only adds the {@code lower.open} injection point.
 */
final class LowerSpecialOps implements FileOperations {
  static final LowerSpecialOps INSTANCE = new LowerSpecialOps();

  private LowerSpecialOps() {}

  @Override
  public void open(Inode inode, File file) {
    LowerSuper.of(LowerInode.of(inode).iSb).fault("lower.open");
  }
}
