package ovlsim.vfs.libfs;

import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;

/**
 * Port of {@code simple_dir_operations}: the file operations of a directory whose entries are
 * its dentries: open and release keep the readdir cursor, llseek moves it, readdir walks the
 * children ({@link DcacheDir}), read is EISDIR, fsync does nothing.
 *
 * <p>Locks: as {@link DcacheDir} says; {@code vfs_readdir()} holds the directory's i_mutex
 * around readdir, {@code vfs_fsync()} around fsync, and nothing is held around the others.
 */
public final class SimpleDirOperations implements FileOperations {
  /** The one table, as the C's {@code const struct file_operations}. */
  public static final SimpleDirOperations INSTANCE = new SimpleDirOperations();

  private SimpleDirOperations() {}

  /** {@code .open = dcache_dir_open}. */
  @Override
  public void open(Inode inode, File file) {
    DcacheDir.dcacheDirOpen(inode, file);
  }

  /** {@code .release = dcache_dir_close}. */
  @Override
  public void release(Inode inode, File file) {
    DcacheDir.dcacheDirClose(inode, file);
  }

  /** {@code .llseek = dcache_dir_lseek}. */
  @Override
  public long llseek(File file, long offset, int origin) {
    return DcacheDir.dcacheDirLseek(file, offset, origin);
  }

  /** {@code .read = generic_read_dir}. */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    return Libfs.genericReadDir(file, buf, count, pos);
  }

  /** {@code .readdir = dcache_readdir}. */
  @Override
  public void readdir(File file, FillDir filler) {
    DcacheDir.dcacheReaddir(file, filler);
  }

  /** {@code .fsync = noop_fsync}. */
  @Override
  public void fsync(File file, int datasync) {
    Libfs.noopFsync(file, datasync);
  }
}
