package ovlsim.upperfs;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import ovlsim.vfs.Fs;

/**
 * The content of a regular file: its page cache, the Java form of a shmem inode's pages.
 * Pages are allocated on write only, so a file grown by truncate or by a write past its end
 * has holes that read as zeros and take no space, as in tmpfs.
 *
 * <p>Locking: the pages, and the owner's {@code iSize} and {@code iBlocks} where they change
 * here, are guarded by this object: the inode's data monitor. Writers also hold the inode's
 * i_mutex; readers do not. Nothing here blocks or calls into the VFS; the instance's
 * {@code stat_lock} ({@link UpperFs}) may be taken inside.
 */
final class Pages {
  static final int PAGE_SIZE = Fs.PAGE_SIZE;
  /** {@code BLOCKS_PER_PAGE}: 512-byte blocks per page, the unit of {@code i_blocks}. */
  static final int BLOCKS_PER_PAGE = PAGE_SIZE / 512;

  private final UpperInode inode;
  private final TreeMap<Long, byte[]> pages = new TreeMap<>();

  Pages(UpperInode inode) {
    this.inode = inode;
  }

  /**
   * Port of {@code do_shmem_file_read()}: copies up to {@code count} bytes at {@code pos} into
   * {@code buf}, stopping at {@code i_size}; holes read as zeros. Returns the count copied.
   */
  synchronized int read(long pos, byte[] buf, int count) {
    long size = inode.iSize;
    if (pos >= size || count <= 0) {
      return 0;
    }
    int n = (int) Math.min(count, size - pos);
    int done = 0;
    while (done < n) {
      long at = pos + done;
      int off = (int) (at % PAGE_SIZE);
      int chunk = Math.min(n - done, PAGE_SIZE - off);
      byte[] page = pages.get(at / PAGE_SIZE);
      if (page == null) {
        Arrays.fill(buf, done, done + chunk, (byte) 0);
      } else {
        System.arraycopy(page, off, buf, done, chunk);
      }
      done += chunk;
    }
    return n;
  }

  /**
   * The copy loop of {@code generic_perform_write()} with {@code shmem_write_begin()}: writes
   * {@code count} bytes of {@code buf} at {@code pos}, allocating missing pages from
   * {@code fs}. When a page cannot be had the write stops there and the bytes written so far
   * are returned (0 when none), as tmpfs does; {@code i_size} grows to cover what was written.
   */
  synchronized int write(long pos, byte[] buf, int count, UpperFs fs) {
    return write(pos, buf, 0, count, fs);
  }

  /** {@link #write(long, byte[], int, UpperFs)} of {@code count} bytes of {@code buf} from {@code from}. */
  synchronized int write(long pos, byte[] buf, int from, int count, UpperFs fs) {
    int done = 0;
    while (done < count) {
      long at = pos + done;
      long index = at / PAGE_SIZE;
      int off = (int) (at % PAGE_SIZE);
      int chunk = Math.min(count - done, PAGE_SIZE - off);
      byte[] page = pages.get(index);
      if (page == null) {
        if (!fs.acctBlock()) {
          break;
        }
        page = new byte[PAGE_SIZE];
        pages.put(index, page);
        inode.iBlocks += BLOCKS_PER_PAGE;
      }
      System.arraycopy(buf, from + done, page, off, chunk);
      done += chunk;
    }
    if (done > 0 && pos + done > inode.iSize) {
      inode.iSize = pos + done;
    }
    return done;
  }

  /**
   * Port of {@code truncate_setsize()} + {@code shmem_truncate_range(inode, newsize, -1)}:
   * sets {@code i_size}, zeroes the tail of a partial last page and frees the pages past it.
   */
  synchronized void truncate(long newsize, UpperFs fs) {
    inode.iSize = newsize;
    int off = (int) (newsize % PAGE_SIZE);
    long firstWhole = newsize / PAGE_SIZE + (off != 0 ? 1 : 0);
    if (off != 0) {
      byte[] partial = pages.get(newsize / PAGE_SIZE);
      if (partial != null) {
        Arrays.fill(partial, off, PAGE_SIZE, (byte) 0);
      }
    }
    Map<Long, byte[]> gone = pages.tailMap(firstWhole, true);
    long freed = gone.size();
    gone.clear();
    inode.iBlocks -= freed * BLOCKS_PER_PAGE;
    fs.freeBlocks(freed);
  }
}
