package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code init_special_inode()} ({@code fs/inode.c}) and the file operations it installs:
 * {@code def_fifo_fops}, {@code def_chr_fops}, {@code def_blk_fops} and {@code bad_sock_fops}.
 *
 * <p>The model has no pipes and no device drivers: a fifo opens without waiting for a peer (the
 * kernel would block an O_RDONLY open until a writer comes), reads as empty and swallows
 * writes; a device node opens with ENXIO, as one whose driver is absent; a socket with ENXIO,
 * as {@code sock_no_open()} gives.
 */
public final class SpecialFiles {
  static final FileOperations FIFO_FOPS =
      new FileOperations() {
        @Override
        public int read(File file, byte[] buf, int count, Loff pos) {
          return 0;
        }

        @Override
        public int write(File file, byte[] buf, int count, Loff pos) {
          return count;
        }

        @Override
        public long llseek(File file, long offset, int origin) {
          throw new KernelError(Errno.ESPIPE);
        }
      };

  static final FileOperations NO_DEVICE_FOPS =
      new FileOperations() {
        @Override
        public void open(Inode inode, File file) {
          throw new KernelError(Errno.ENXIO);
        }
      };

  private SpecialFiles() {}

  /** Port of {@code init_special_inode()}: sets {@code i_fop} and {@code i_rdev} by type. */
  public static void initSpecialInode(Inode inode, int mode, int rdev) {
    inode.iMode = mode;
    if (Stat.S_ISCHR(mode) || Stat.S_ISBLK(mode)) {
      inode.iFop = NO_DEVICE_FOPS;
      inode.iRdev = rdev;
    } else if (Stat.S_ISFIFO(mode)) {
      inode.iFop = FIFO_FOPS;
    } else if (Stat.S_ISSOCK(mode)) {
      inode.iFop = NO_DEVICE_FOPS;
    } else {
      throw new IllegalArgumentException(
          "init_special_inode: bogus i_mode 0" + Integer.toOctalString(mode));
    }
  }
}
