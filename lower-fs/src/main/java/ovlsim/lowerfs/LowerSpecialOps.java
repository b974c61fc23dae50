package ovlsim.lowerfs;

import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.SpecialFiles;
import ovlsim.vfs.Stat;

/**
 * The file operations of lower-fs's fifos and devices: those {@code init_special_inode()}
 * installs, as squashfs gets them ({@code def_fifo_fops}, so a FIFO in the image is a pipe;
 * a driverless device's), with the {@code lower.open} injection point in front of the open.
 */
final class LowerSpecialOps implements FileOperations {
  static final LowerSpecialOps FIFO = new LowerSpecialOps(SpecialFiles.specialFops(Stat.S_IFIFO));
  static final LowerSpecialOps DEVICE =
      new LowerSpecialOps(SpecialFiles.specialFops(Stat.S_IFCHR));

  private final FileOperations special;

  private LowerSpecialOps(FileOperations special) {
    this.special = special;
  }

  @Override
  public void open(Inode inode, File file) {
    LowerSuper.of(LowerInode.of(inode).iSb).fault("lower.open");
    special.open(inode, file);
  }

  @Override
  public long llseek(File file, long offset, int origin) {
    return special.llseek(file, offset, origin);
  }

  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    return special.read(file, buf, count, pos);
  }

  @Override
  public int write(File file, byte[] buf, int count, Loff pos) {
    return special.write(file, buf, count, pos);
  }

  @Override
  public void release(Inode inode, File file) {
    special.release(inode, file);
  }
}
