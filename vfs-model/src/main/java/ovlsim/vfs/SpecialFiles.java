package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code init_special_inode()} ({@code fs/inode.c}) and the file operations it installs:
 * {@code def_fifo_fops}, {@code def_chr_fops}, {@code def_blk_fops} and {@code bad_sock_fops}.
 *
 * <p>A FIFO is a pipe ({@link Fifo}, {@link Pipe}). The model has no device drivers: a device
 * node opens with ENXIO, as one whose driver is absent; a socket with ENXIO, as
 * {@code sock_no_open()} gives.
 */
public final class SpecialFiles {
  static final FileOperations NO_DEVICE_FOPS =
      new FileOperations() {
        @Override
        public void open(Inode inode, File file) {
          throw new KernelError(Errno.ENXIO);
        }
      };

  private SpecialFiles() {}

  /**
   * The file operations {@code init_special_inode()} gives an inode of type {@code mode}:
   * {@code def_fifo_fops} for a FIFO, a driverless device's for the rest.
   */
  public static FileOperations specialFops(int mode) {
    return Stat.S_ISFIFO(mode) ? Fifo.DEF_FIFO_FOPS : NO_DEVICE_FOPS;
  }

  /** Port of {@code init_special_inode()}: sets {@code i_fop} and {@code i_rdev} by type. */
  public static void initSpecialInode(Inode inode, int mode, int rdev) {
    inode.iMode = mode;
    if (Stat.S_ISCHR(mode) || Stat.S_ISBLK(mode)) {
      inode.iFop = NO_DEVICE_FOPS;
      inode.iRdev = rdev;
    } else if (Stat.S_ISFIFO(mode)) {
      inode.iFop = Fifo.DEF_FIFO_FOPS;
    } else if (Stat.S_ISSOCK(mode)) {
      inode.iFop = NO_DEVICE_FOPS;
    } else {
      throw new IllegalArgumentException(
          "init_special_inode: bogus i_mode 0" + Integer.toOctalString(mode));
    }
  }
}
