package ovlsim.ramfs;

import static ovlsim.kernel.locking.KMutex.mutexLock;
import static ovlsim.kernel.locking.KMutex.mutexUnlock;

import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Filemap;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Loff;
import ovlsim.vfs.PipeInodeInfo;
import ovlsim.vfs.ReadWrite;
import ovlsim.vfs.Splice;
import ovlsim.vfs.libfs.Libfs;

/**
 * Port of {@code ramfs_file_operations} ({@code fs/ramfs/file-mmu.c}): read and write through
 * the page cache ({@code generic_file_aio_read()}, {@code generic_file_aio_write()}), llseek
 * {@code generic_file_llseek()}, fsync {@code noop_fsync()}, splice_write
 * {@code generic_file_splice_write()} (splice_read, {@code generic_file_splice_read()}, is the
 * VFS default here: both read the pages without a lock).
 *
 * <p>Locks: the VFS holds none around read, write, llseek and the splices; write and llseek
 * take the inode's i_mutex themselves, splice_write takes the pipe's lock and then the
 * i_mutex as I_MUTEX_CHILD, read takes none. {@code vfs_fsync()} holds the i_mutex around
 * fsync. The pages are guarded by their own monitor ({@link RamfsPages}).
 */
final class RamfsFileOps implements FileOperations {
  static final RamfsFileOps INSTANCE = new RamfsFileOps();

  private RamfsFileOps() {}

  /** {@code .llseek = generic_file_llseek}. */
  @Override
  public long llseek(File file, long offset, int origin) {
    return ReadWrite.genericFileLlseek(file, offset, origin);
  }

  /**
   * Port of {@code generic_file_aio_read()} with {@code do_generic_file_read()}: up to
   * {@code count} bytes at {@code pos}, none past {@code i_size}, then {@code file_accessed()};
   * an empty read does nothing.
   */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    if (count == 0) {
      return 0;
    }
    RamfsInode inode = RamfsInode.of(file.inode());
    int n = inode.pages.read(pos.value, buf, count);
    pos.value += n;
    Inodes.fileAccessed(file);
    return n;
  }

  /**
   * Port of {@code generic_file_aio_write()}: under the inode's i_mutex,
   * {@code __generic_file_aio_write()}: {@code generic_write_checks()},
   * {@code file_remove_suid()}, {@code file_update_time()}, then the buffered write. The model
   * has no {@code O_SYNC}, so {@code generic_write_sync()} has nothing to do.
   */
  @Override
  public int write(File file, byte[] buf, int count, Loff pos) {
    RamfsInode inode = RamfsInode.of(file.inode());
    mutexLock(inode.iMutex);
    try {
      count = Filemap.genericWriteChecks(file, pos, count);
      if (count == 0) {
        return 0;
      }
      Filemap.fileRemoveSuid(file);
      Inodes.fileUpdateTime(file);
      int written = inode.pages.write(pos.value, buf, count);
      pos.value += written;
      return written;
    } finally {
      mutexUnlock(inode.iMutex);
    }
  }

  /**
   * {@code .splice_write = generic_file_splice_write}: the buffers go into the pages as
   * {@code ramfs_aops}' {@code simple_write_begin()} / {@code simple_write_end()} put them.
   */
  @Override
  public long spliceWrite(PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
    return Splice.genericFileSpliceWrite(
        pipe, out, ppos, len, flags,
        (file, pos, page, offset, n) ->
            RamfsInode.of(file.inode()).pages.write(pos, page, offset, n));
  }

  /** {@code .fsync = noop_fsync}. */
  @Override
  public void fsync(File file, int datasync) {
    Libfs.noopFsync(file, datasync);
  }
}
