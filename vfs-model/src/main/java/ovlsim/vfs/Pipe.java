package ovlsim.vfs;

import static ovlsim.kernel.locking.KMutex.mutexLock;
import static ovlsim.kernel.locking.KMutex.mutexLockNested;
import static ovlsim.kernel.locking.KMutex.mutexUnlock;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_PARENT;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Signals;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitQueueHead;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;

/**
 * Port of {@code fs/pipe.c} (2.6.38) as FIFOs use it: {@code pipe_lock()}, {@code pipe_wait()},
 * {@code pipe_read()}, {@code pipe_write()}, the releases, {@code alloc_pipe_info()},
 * {@code free_pipe_info()}, and the file operations {@code fifo_open()} installs
 * ({@code read_pipefifo_fops}, {@code write_pipefifo_fops}, {@code rdwr_pipefifo_fops}). The
 * model has no pipefs and no {@code pipe(2)}: every pipe with an inode is a FIFO's.
 *
 * <p>Locks: a pipe is guarded by its inode's i_mutex. {@code pipe_read()}, {@code pipe_write()}
 * and the releases take it as {@code mutex_lock()} (NORMAL); {@code pipe_lock()} takes it as
 * I_MUTEX_PARENT, because a splice nests a file's i_mutex (CHILD) inside it, and so does
 * {@code pipe_wait()} when it takes it back after sleeping. {@code pipe_wait()} sleeps on the
 * pipe's wait queue with the i_mutex dropped: a task blocked there is blocked on the queue's
 * entry ({@link ovlsim.kernel.WaitChannel}), woken by the other end.
 *
 * <p>The model has no signal handlers: where the C returns {@code -ERESTARTSYS} for a signal
 * the model answers EINTR, what a handler without {@code SA_RESTART} sees. No poll, no fasync,
 * no {@code f_version} (which only poll reads).
 */
public final class Pipe {
  /** {@code read_pipefifo_fops}: a FIFO opened {@code O_RDONLY}. */
  static final FileOperations READ_PIPEFIFO_FOPS =
      new PipeFops(1, 0) {
        /** Port of {@code bad_pipe_w()}; {@code vfs_write()} refuses first with EBADF. */
        @Override
        public int write(File file, byte[] buf, int count, Loff pos) {
          throw new KernelError(Errno.EBADF);
        }
      };

  /** {@code write_pipefifo_fops}: a FIFO opened {@code O_WRONLY}. */
  static final FileOperations WRITE_PIPEFIFO_FOPS =
      new PipeFops(0, 1) {
        /** Port of {@code bad_pipe_r()}; {@code vfs_read()} refuses first with EBADF. */
        @Override
        public int read(File file, byte[] buf, int count, Loff pos) {
          throw new KernelError(Errno.EBADF);
        }
      };

  /** {@code rdwr_pipefifo_fops}: a FIFO opened {@code O_RDWR}. */
  static final FileOperations RDWR_PIPEFIFO_FOPS = new PipeFops(1, 1);

  private Pipe() {}

  /**
   * The members the three tables share: {@code no_llseek}, {@code pipe_read()},
   * {@code pipe_write()}, and the release that drops this end ({@code decr} readers,
   * {@code decw} writers).
   */
  private static class PipeFops implements FileOperations {
    private final int decr;
    private final int decw;

    PipeFops(int decr, int decw) {
      this.decr = decr;
      this.decw = decw;
    }

    /** Port of {@code no_llseek()}: ESPIPE. */
    @Override
    public long llseek(File file, long offset, int origin) {
      throw new KernelError(Errno.ESPIPE);
    }

    @Override
    public int read(File file, byte[] buf, int count, Loff pos) {
      return pipeRead(file, buf, count);
    }

    @Override
    public int write(File file, byte[] buf, int count, Loff pos) {
      return pipeWrite(file, buf, count);
    }

    /**
     * Port of {@code pipe_read_release()}, {@code pipe_write_release()} and
     * {@code pipe_rdwr_release()}.
     */
    @Override
    public void release(Inode inode, File file) {
      pipeRelease(inode, decr, decw);
    }
  }

  /** Port of {@code pipe_lock_nested()}: nothing for a pipe without an inode. */
  private static void pipeLockNested(PipeInodeInfo pipe, MutexSubclass subclass) {
    if (pipe.inode != null) {
      mutexLockNested(pipe.inode.iMutex, subclass);
    }
  }

  /**
   * Port of {@code pipe_lock()}: the pipe inode's i_mutex as I_MUTEX_PARENT ("pipe_lock()
   * nests non-pipe inode locks (for writing to a file)"); nothing for the internal pipe of
   * {@code do_splice_direct()}, which has no inode.
   */
  public static void pipeLock(PipeInodeInfo pipe) {
    pipeLockNested(pipe, I_MUTEX_PARENT);
  }

  /** Port of {@code pipe_unlock()}. */
  public static void pipeUnlock(PipeInodeInfo pipe) {
    if (pipe.inode != null) {
      mutexUnlock(pipe.inode.iMutex);
    }
  }

  /**
   * {@code mutex_unlock()} at the end of a section that may have slept in {@link #pipeWait}:
   * the lock is held there unless the sleep was unwound (a scheduler aborted the run, which C
   * has no counterpart of), in which case there is nothing to unlock.
   */
  static void mutexUnlockHeld(KMutex m) {
    if (m.owner() == Task.current()) {
      mutexUnlock(m);
    }
  }

  /**
   * Port of {@code pipe_wait()}: "Drop the inode semaphore and wait for a pipe event,
   * atomically". Prepares to wait on the pipe's queue, drops the pipe's lock, sleeps until a
   * wake-up or a signal, and takes the lock back (as PARENT, {@code pipe_lock()}).
   */
  static void pipeWait(PipeInodeInfo pipe) {
    WaitQueueHead.Entry wait = pipe.wait.prepareToWait(true);
    pipeUnlock(pipe);
    try {
      WaitQueueHead.schedule(wait);
    } finally {
      pipe.wait.finishWait(wait);
    }
    pipeLock(pipe);
  }

  /** Port of {@code alloc_pipe_info()}: an empty pipe for {@code inode} (may be null). */
  static PipeInodeInfo allocPipeInfo(Inode inode) {
    return new PipeInodeInfo(inode);
  }

  /**
   * Port of {@code free_pipe_info()}: the last reader and writer went; the buffered data goes
   * with the pipe. The caller holds the inode's i_mutex.
   */
  static void freePipeInfo(Inode inode) {
    PipeInodeInfo pipe = inode.iPipe;
    for (PipeBuffer buf : pipe.bufs) {
      buf.release();
    }
    pipe.nrbufs = 0;
    inode.iPipe = null;
  }

  /**
   * Port of {@code pipe_read()} (through {@code do_sync_read()}): under the inode's i_mutex,
   * takes bytes from the buffers in order. With nothing buffered: 0 (end of file) when there is
   * no writer; what it has when it has some and no writer is sleeping in {@code pipe_write()};
   * EAGAIN for {@code O_NONBLOCK}; EINTR for a signal; else it sleeps in {@code pipe_wait()}.
   * A buffer it empties wakes the writers. The file's position is not used.
   */
  static int pipeRead(File filp, byte[] ubuf, int count) {
    Inode inode = filp.fPath.dentry.dInode;
    int totalLen = count;
    /* Null read succeeds. */
    if (totalLen == 0) {
      return 0;
    }
    boolean doWakeup = false;
    int ret = 0;
    KernelError error = null;
    mutexLock(inode.iMutex);
    PipeInodeInfo pipe = inode.iPipe;
    try {
      for (; ; ) {
        int bufs = pipe.nrbufs;
        if (bufs != 0) {
          int curbuf = pipe.curbuf;
          PipeBuffer buf = pipe.bufs[curbuf];
          int chars = Math.min(buf.len, totalLen);
          System.arraycopy(buf.page, buf.offset, ubuf, ret, chars);
          ret += chars;
          buf.offset += chars;
          buf.len -= chars;
          if (buf.len == 0) {
            buf.release();
            curbuf = (curbuf + 1) & (pipe.buffers - 1);
            pipe.curbuf = curbuf;
            pipe.nrbufs = --bufs;
            doWakeup = true;
          }
          totalLen -= chars;
          if (totalLen == 0) {
            break; /* common path: read succeeded */
          }
        }
        if (bufs != 0) { /* More to do? */
          continue;
        }
        if (pipe.writers == 0) {
          break;
        }
        if (pipe.waitingWriters == 0) {
          /* syscall merging: Usually we must not sleep
           * if O_NONBLOCK is set, or if we got some data.
           * But if a writer sleeps in kernel space, then
           * we can wait for that data without violating POSIX.
           */
          if (ret != 0) {
            break;
          }
          if ((filp.fFlags & Fcntl.O_NONBLOCK) != 0) {
            error = new KernelError(Errno.EAGAIN);
            break;
          }
        }
        if (Task.current().signalPending()) {
          if (ret == 0) {
            error = new KernelError(Errno.EINTR); // -ERESTARTSYS
          }
          break;
        }
        if (doWakeup) {
          pipe.wait.wakeUpInterruptible();
        }
        pipeWait(pipe);
      }
    } finally {
      mutexUnlockHeld(inode.iMutex);
    }

    /* Signal writers asynchronously that there is more room. */
    if (doWakeup) {
      pipe.wait.wakeUpInterruptible();
    }
    if (ret > 0) {
      Inodes.fileAccessed(filp);
    }
    if (error != null) {
      throw error;
    }
    return ret;
  }

  /**
   * Port of {@code pipe_write()} (through {@code do_sync_write()}): under the inode's i_mutex;
   * with no reader, SIGPIPE to the writer and EPIPE. A write whose last partial page fits in
   * the last buffer is merged into it; the rest goes into new page buffers while there are
   * free slots. With the ring full: EAGAIN for {@code O_NONBLOCK} (or what was written), EINTR
   * for a signal, else it wakes the readers and sleeps in {@code pipe_wait()} as a waiting
   * writer. A write that moved data updates the times ({@code file_update_time()}).
   */
  static int pipeWrite(File filp, byte[] ubuf, int count) {
    Inode inode = filp.fPath.dentry.dInode;
    int totalLen = count;
    /* Null write succeeds. */
    if (totalLen == 0) {
      return 0;
    }
    boolean doWakeup = false;
    int ret = 0;
    KernelError error = null;
    mutexLock(inode.iMutex);
    PipeInodeInfo pipe = inode.iPipe;
    try {
      out:
      {
        if (pipe.readers == 0) {
          Task.current().sendSig(Signals.SIGPIPE);
          error = new KernelError(Errno.EPIPE);
          break out;
        }

        /* We try to merge small writes */
        int chars = totalLen & (Fs.PAGE_SIZE - 1); /* size of the last buffer */
        if (pipe.nrbufs != 0 && chars != 0) {
          int lastbuf = (pipe.curbuf + pipe.nrbufs - 1) & (pipe.buffers - 1);
          PipeBuffer buf = pipe.bufs[lastbuf];
          int offset = buf.offset + buf.len;
          if (buf.canMerge && offset + chars <= Fs.PAGE_SIZE) {
            System.arraycopy(ubuf, 0, buf.page, offset, chars);
            doWakeup = true;
            buf.len += chars;
            totalLen -= chars;
            ret = chars;
            if (totalLen == 0) {
              break out;
            }
          }
        }

        for (; ; ) {
          if (pipe.readers == 0) {
            Task.current().sendSig(Signals.SIGPIPE);
            if (ret == 0) {
              error = new KernelError(Errno.EPIPE);
            }
            break;
          }
          int bufs = pipe.nrbufs;
          if (bufs < pipe.buffers) {
            int newbuf = (pipe.curbuf + bufs) & (pipe.buffers - 1);
            PipeBuffer buf = pipe.bufs[newbuf];
            /* Always wake up, even if the copy fails. Otherwise
             * we lock up (O_NONBLOCK-)readers that sleep due to
             * syscall merging.
             */
            doWakeup = true;
            chars = Math.min(Fs.PAGE_SIZE, totalLen);
            byte[] page = new byte[Fs.PAGE_SIZE];
            System.arraycopy(ubuf, ret, page, 0, chars);
            ret += chars;

            /* Insert it into the buffer array */
            buf.page = page;
            buf.canMerge = true; // anon_pipe_buf_ops
            buf.offset = 0;
            buf.len = chars;
            pipe.nrbufs = ++bufs;

            totalLen -= chars;
            if (totalLen == 0) {
              break;
            }
          }
          if (bufs < pipe.buffers) {
            continue;
          }
          if ((filp.fFlags & Fcntl.O_NONBLOCK) != 0) {
            if (ret == 0) {
              error = new KernelError(Errno.EAGAIN);
            }
            break;
          }
          if (Task.current().signalPending()) {
            if (ret == 0) {
              error = new KernelError(Errno.EINTR); // -ERESTARTSYS
            }
            break;
          }
          if (doWakeup) {
            pipe.wait.wakeUpInterruptible();
            doWakeup = false;
          }
          pipe.waitingWriters++;
          pipeWait(pipe);
          pipe.waitingWriters--;
        }
      }
    } finally {
      mutexUnlockHeld(inode.iMutex);
    }
    if (doWakeup) {
      pipe.wait.wakeUpInterruptible();
    }
    if (ret > 0) {
      Inodes.fileUpdateTime(filp);
    }
    if (error != null) {
      throw error;
    }
    return ret;
  }

  /**
   * Port of {@code pipe_release()}: one end is closed. With no reader and no writer left the
   * pipe (and what it still buffers) is freed; else the other end is woken (a reader sees end
   * of file once the last writer went, a writer EPIPE once the last reader went).
   */
  static void pipeRelease(Inode inode, int decr, int decw) {
    mutexLock(inode.iMutex);
    try {
      PipeInodeInfo pipe = inode.iPipe;
      pipe.readers -= decr;
      pipe.writers -= decw;
      if (pipe.readers == 0 && pipe.writers == 0) {
        freePipeInfo(inode);
      } else {
        pipe.wait.wakeUpInterruptible();
      }
    } finally {
      mutexUnlock(inode.iMutex);
    }
  }
}
