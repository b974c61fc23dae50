package ovlsim.ramfs;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;

/**
 * The page cache of a ramfs regular file, which is all the storage it has: whole
 * {@value Fs#PAGE_SIZE}-byte pages by index. A write brings in the pages it touches
 * ({@code simple_write_begin()}: a new page is zeroed outside the bytes written) and moves
 * {@code i_size} ({@code simple_write_end()}); a read of a page that is not there, inside
 * {@code i_size}, brings in a zeroed page ({@code simple_readpage()}), so a hole reads as zeros;
 * truncation drops the pages past the new size ({@code truncate_inode_pages()}). Pages are never
 * evicted ({@code mapping_set_unevictable()}).
 *
 * <p>Locking: the pages, and the owner's {@code iSize} where it changes here, are guarded by
 * this object, the model's form of the page locks and {@code mapping->tree_lock}. Writers and
 * truncation also hold the inode's i_mutex; readers do not. Nothing here blocks or calls out.
 */
final class RamfsPages {
  private static final int PAGE_SIZE = Fs.PAGE_SIZE;

  private final Inode host;
  private final TreeMap<Long, byte[]> pages = new TreeMap<>();

  RamfsPages(Inode host) {
    this.host = host;
  }

  /** {@code mapping->nrpages}. */
  synchronized long nrpages() {
    return pages.size();
  }

  /**
   * The copy loop of {@code do_generic_file_read()}: up to {@code count} bytes at {@code pos}
   * into {@code buf}, none past {@code i_size}; returns how many.
   */
  synchronized int read(long pos, byte[] buf, int count) {
    long isize = host.iSize;
    if (pos >= isize || count <= 0) {
      return 0;
    }
    int n = (int) Math.min(count, isize - pos);
    int done = 0;
    while (done < n) {
      long at = pos + done;
      int offset = (int) (at % PAGE_SIZE);
      int chunk = Math.min(n - done, PAGE_SIZE - offset);
      // find_get_page(), or ->readpage() (simple_readpage(): a zeroed page) on a miss.
      byte[] page = pages.computeIfAbsent(at / PAGE_SIZE, index -> new byte[PAGE_SIZE]);
      System.arraycopy(page, offset, buf, done, chunk);
      done += chunk;
    }
    return n;
  }

  /**
   * The copy loop of {@code generic_perform_write()} with {@code simple_write_begin()} and
   * {@code simple_write_end()}: {@code count} bytes of {@code buf} at {@code pos}, each page
   * brought in zeroed when missing; {@code i_size} grows to cover the bytes written. The model's
   * pages never fail to come, so the whole count is written.
   */
  synchronized int write(long pos, byte[] buf, int count) {
    return write(pos, buf, 0, count);
  }

  /** {@link #write(long, byte[], int)} of {@code count} bytes of {@code buf} from {@code from}. */
  synchronized int write(long pos, byte[] buf, int from, int count) {
    int done = 0;
    while (done < count) {
      long at = pos + done;
      int offset = (int) (at % PAGE_SIZE);
      int chunk = Math.min(count - done, PAGE_SIZE - offset);
      byte[] page = pages.computeIfAbsent(at / PAGE_SIZE, index -> new byte[PAGE_SIZE]);
      System.arraycopy(buf, from + done, page, offset, chunk);
      done += chunk;
      long lastPos = at + chunk;
      if (lastPos > host.iSize) {
        host.iSize = lastPos;
      }
    }
    return done;
  }

  /**
   * Port of {@code truncate_setsize()}: sets {@code i_size}, then {@code truncate_pagecache()}:
   * the tail of a partial last page is zeroed and the pages wholly past the size go.
   */
  synchronized void truncateSetsize(long newsize) {
    host.iSize = newsize;
    int partial = (int) (newsize & (PAGE_SIZE - 1));
    long start = (newsize + PAGE_SIZE - 1) >> Fs.PAGE_SHIFT;
    if (partial != 0) {
      byte[] page = pages.get(start - 1);
      if (page != null) {
        Arrays.fill(page, partial, PAGE_SIZE, (byte) 0);
      }
    }
    Map<Long, byte[]> gone = pages.tailMap(start, true);
    gone.clear();
  }
}
