package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code struct file_operations} (the members the model uses). Absent methods behave
 * as the VFS does when the C pointer is NULL. None is called with an i_mutex held, except
 * {@code ->readdir}, under the directory's i_mutex ({@code vfs_readdir()}), and
 * {@code ->fsync}, under the inode's ({@code vfs_fsync()}): docs/locking.md, {@link VfsLockRule}.
 */
public interface FileOperations {
  FileOperations EMPTY = new FileOperations() {};

  /** {@code ->llseek}; absent: {@code default_llseek()}. */
  default long llseek(File file, long offset, int origin) {
    return ReadWrite.defaultLlseek(file, offset, origin);
  }

  /** {@code ->read}: up to {@code count} bytes at {@code pos} into {@code buf}. Absent: EINVAL. */
  default int read(File file, byte[] buf, int count, Loff pos) {
    throw new KernelError(Errno.EINVAL);
  }

  /** {@code ->write}: {@code count} bytes of {@code buf} at {@code pos}. Absent: EINVAL. */
  default int write(File file, byte[] buf, int count, Loff pos) {
    throw new KernelError(Errno.EINVAL);
  }

  /** {@code ->readdir}: calls {@code filler} per entry from {@code file.fPos}. Absent: ENOTDIR. */
  default void readdir(File file, FillDir filler) {
    throw new KernelError(Errno.ENOTDIR);
  }

  /** {@code ->open}; absent: nothing to do. */
  default void open(Inode inode, File file) {}

  /** {@code ->release}; absent: nothing to do. */
  default void release(Inode inode, File file) {}

  /** {@code ->fsync}; absent: EINVAL. */
  default void fsync(File file, int datasync) {
    throw new KernelError(Errno.EINVAL);
  }
}
