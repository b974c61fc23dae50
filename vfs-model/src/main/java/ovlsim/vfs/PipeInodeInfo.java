package ovlsim.vfs;

import java.util.ArrayDeque;

import ovlsim.kernel.WaitQueueHead;

/**
 * Port of {@code struct pipe_inode_info} (2.6.38): the ring of {@link #buffers} page buffers,
 * the wait queue readers, writers and FIFO openers sleep on, and the counts of readers and
 * writers. A FIFO's lives in its inode ({@code i_pipe}) from the first open to the last
 * release; {@code do_splice_direct()} keeps one without an inode per task
 * ({@code current->splice_pipe}).
 *
 * <p>Locking: every field is guarded by {@code pipe_lock()} ({@link Pipe#pipeLock}): the
 * i_mutex of {@link #inode}. The
 * internal pipe of a splice has no inode and so no lock: only its own task touches it. The
 * wait queue has its own lock.
 */
public final class PipeInodeInfo {
  /** {@code PIPE_DEF_BUFFERS}: 16 pages, 64 KiB. */
  public static final int PIPE_DEF_BUFFERS = 16;

  /** {@code wait}: readers, writers and FIFO openers sleep here. */
  final WaitQueueHead wait = new WaitQueueHead("&pipe->wait");
  int nrbufs;
  int curbuf;
  /** {@code buffers}: the size of the ring, a power of two. */
  final int buffers = PIPE_DEF_BUFFERS;
  int readers;
  int writers;
  int waitingWriters;
  int rCounter;
  int wCounter;
  /** The FIFO's inode, or {@code null} for a splice's internal pipe. */
  final Inode inode;
  final PipeBuffer[] bufs = new PipeBuffer[PIPE_DEF_BUFFERS];

  /**
   * Pages a splice released, for the next {@code default_file_splice_read()} to fill: the
   * model's stand-in for the page allocator, which hands a page just freed to the next
   * {@code alloc_page()}. At most {@link #buffers} pages; guarded by itself (a lock of the
   * model's, not of the kernel's: no task sleeps on it).
   */
  private final ArrayDeque<byte[]> freePages = new ArrayDeque<>();

  PipeInodeInfo(Inode inode) {
    this.inode = inode;
    for (int i = 0; i < bufs.length; i++) {
      bufs[i] = new PipeBuffer();
    }
  }

  /** {@code alloc_page()} for a splice read: a page released before, or a new one. */
  byte[] allocPage() {
    synchronized (freePages) {
      byte[] page = freePages.pollFirst();
      return page != null ? page : new byte[Fs.PAGE_SIZE];
    }
  }

  /**
   * {@code page_cache_release()} of a buffer's page once a splice is done with it (nothing else
   * holds a pipe's pages: they are its own); {@code null} is ignored.
   */
  void freePage(byte[] page) {
    if (page == null || page.length != Fs.PAGE_SIZE) {
      return;
    }
    synchronized (freePages) {
      if (freePages.size() < buffers) {
        freePages.addFirst(page);
      }
    }
  }

  /** The FIFO's inode, or {@code null} for the internal pipe of a splice. */
  public Inode inode() {
    return inode;
  }

  /** How many bytes the buffers hold. Under the pipe's lock. */
  int bytesBuffered() {
    int n = 0;
    for (int i = 0; i < nrbufs; i++) {
      n += bufs[(curbuf + i) & (buffers - 1)].len;
    }
    return n;
  }

  @Override
  public String toString() {
    return "pipe{" + (inode == null ? "internal" : inode.toString()) + ",readers=" + readers
        + ",writers=" + writers + ",nrbufs=" + nrbufs + "}";
  }
}
