package ovlsim.lowerfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Stat;

/**
 * Port of {@code squashfs_dir_ops}: readdir, {@code generic_read_dir()}, default llseek.
 *
 * <p>Positions: 0 is {@code .}, 1 is {@code ..}, {@code 2 + i} the i-th entry in name order.
 * squashfs counts byte offsets in its directory table instead; the port uses entry indexes,
 * which a caller sees only as opaque {@code d_off} values.
 */
final class LowerDirOps implements FileOperations {
  static final LowerDirOps INSTANCE = new LowerDirOps();

  private LowerDirOps() {}

  /**
   * squashfs directories have no {@code ->open}; this one is the {@code lower.open} injection
   * point and records {@code inode} for {@link #readdir} (see {@link LowerInode#opened}).
   */
  @Override
  public void open(Inode inode, File file) {
    LowerInode li = LowerInode.of(inode);
    LowerSuper.of(li.iSb).fault("lower.open");
    file.privateData = li;
  }

  /** Port of {@code generic_read_dir()}: EISDIR. */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    throw new KernelError(Errno.EISDIR);
  }

  /**
   * Port of {@code squashfs_readdir()}: from {@code f_pos}, {@code .} and {@code ..}, then the
   * entries with their inode numbers and {@code d_type}, until {@code filler} asks to stop;
   * {@code f_pos} moves past each entry handed over. The VFS holds the directory's i_mutex
   * ({@code vfs_readdir()}); this takes nothing. The root's {@code ..} is the root itself.
   * The C takes the inode from {@code f_dentry}; the port takes the one {@link #open} recorded,
   * so that a file a stacked filesystem opened with its own {@code f_path} still works.
   */
  @Override
  public void readdir(File file, FillDir filler) {
    LowerInode inode = LowerInode.opened(file);
    LowerSuper.of(inode.iSb).fault("lower.readdir");
    ImageInode dir = inode.image;
    if (file.fPos == 0) {
      if (filler.fill(".", 0, dir.ino, Stat.DT_DIR) != 0) {
        return;
      }
      file.fPos = 1;
    }
    if (file.fPos == 1) {
      if (filler.fill("..", 1, dir.parent.ino, Stat.DT_DIR) != 0) {
        return;
      }
      file.fPos = 2;
    }
    for (long pos = file.fPos; pos >= 2 && pos - 2 < dir.names.length; pos++) {
      int i = (int) (pos - 2);
      ImageInode child = dir.children[i];
      if (filler.fill(dir.names[i], pos, child.ino, child.attrs.type().dType()) != 0) {
        return;
      }
      file.fPos = pos + 1;
    }
  }
}
