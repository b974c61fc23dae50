package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of the write-side checks of {@code mm/filemap.c} (2.6.38) that every filesystem's
 * {@code generic_file_aio_write()} path runs: {@code generic_write_checks()} and
 * {@code file_remove_suid()}.
 *
 * <p>Locks: both run under the inode's i_mutex, which {@code generic_file_aio_write()} takes.
 * The model has no {@code RLIMIT_FSIZE}, no LSM and no 32-bit {@code O_LARGEFILE} rule (every
 * file is large on the 64-bit model).
 */
public final class Filemap {
  private Filemap() {}

  /**
   * Port of {@code generic_write_checks()} for a file that is not a block device: EINVAL for a
   * negative position; {@code O_APPEND} writes at {@code i_size}; EFBIG at {@code s_maxbytes}
   * unless the write is empty; the count is cut to stay below it. Returns the count.
   */
  public static int genericWriteChecks(File file, Loff pos, int count) {
    Inode inode = file.inode();
    if (pos.value < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    // FIXME: this is for backwards compatibility with 2.4
    if ((file.fFlags & Fcntl.O_APPEND) != 0) {
      pos.value = inode.iSize;
    }
    long maxbytes = inode.iSb.sMaxbytes;
    if (pos.value >= maxbytes) {
      if (count != 0 || pos.value > maxbytes) {
        throw new KernelError(Errno.EFBIG);
      }
      // zero-length writes at ->s_maxbytes are OK
    }
    if (pos.value + count > maxbytes || pos.value + count < 0) {
      count = (int) (maxbytes - pos.value);
    }
    return count;
  }

  /**
   * Port of {@code file_remove_suid()} with {@code __remove_suid()}: writing to a setuid file
   * (or a setgid one with group exec) without CAP_FSETID clears the bits through
   * {@code notify_change(ATTR_FORCE | kill)}. The model has no file capabilities to kill.
   */
  public static void fileRemoveSuid(File file) {
    Dentry dentry = file.fPath.dentry;
    int killsuid = Inodes.shouldRemoveSuid(dentry);
    if (killsuid != 0) {
      Iattr newattrs = new Iattr();
      newattrs.iaValid = Fs.ATTR_FORCE | killsuid;
      Attr.notifyChange(dentry, newattrs);
    }
  }
}
