package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code struct file_operations} (the members the model uses). Absent methods behave
 * as the VFS does when the C pointer is NULL. None is called with an i_mutex held, except
 * {@code ->readdir}, under the directory's i_mutex ({@code vfs_readdir()}), and
 * {@code ->fsync}, under the inode's ({@code vfs_fsync()}): docs/locking.md, {@link VfsLockRule}.
 * {@code ->splice_write} takes the pipe's lock and the file's i_mutex itself
 * ({@link Splice#genericFileSpliceWrite}).
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

  /**
   * {@code ->splice_read}: up to {@code len} bytes at {@code ppos} into {@code pipe}; advances
   * {@code ppos}, returns the bytes queued (0 at end of file). Absent:
   * {@code default_file_splice_read()}, which reads through {@link #read}.
   */
  default long spliceRead(File in, Loff ppos, PipeInodeInfo pipe, long len, int flags) {
    return Splice.defaultFileSpliceRead(in, ppos, pipe, len, flags);
  }

  /**
   * {@code ->splice_write}: up to {@code len} bytes out of {@code pipe} into the file at
   * {@code ppos}; advances it, returns the bytes written. Absent:
   * {@code default_file_splice_write()}, which writes through {@link #write}. A page-cache
   * filesystem sets {@code generic_file_splice_write()}: {@link Splice#genericFileSpliceWrite}
   * with its page writer.
   */
  default long spliceWrite(PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
    return Splice.defaultFileSpliceWrite(pipe, out, ppos, len, flags);
  }

  /** {@code ->fsync}; absent: EINVAL. */
  default void fsync(File file, int datasync) {
    throw new KernelError(Errno.EINVAL);
  }
}
