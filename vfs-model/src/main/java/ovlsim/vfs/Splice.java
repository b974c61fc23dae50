package ovlsim.vfs;

import static ovlsim.kernel.locking.KMutex.mutexLockNested;
import static ovlsim.kernel.locking.KMutex.mutexUnlock;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_CHILD;

import java.util.Arrays;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Signals;
import ovlsim.kernel.Task;
import ovlsim.kernel.TaskLocal;

/**
 * Port of the parts of {@code fs/splice.c} (2.6.38) that {@code do_splice_direct()} runs (the
 * overlay's data copy-up, {@code sendfile(2)}): {@code splice_direct_to_actor()} through the
 * task's internal pipe, {@code do_splice_to()} and {@code ->splice_read}
 * ({@code default_file_splice_read()}, {@code splice_to_pipe()}), {@code do_splice_from()} and
 * {@code ->splice_write} ({@code generic_file_splice_write()},
 * {@code default_file_splice_write()}, {@code splice_from_pipe()} and its helpers).
 *
 * <p>Locks, as in 2.6.38: nothing is held when {@code ->splice_read} or {@code ->splice_write}
 * is called. {@code generic_file_splice_write()} takes {@code pipe_lock()} and then, for each
 * batch of buffers, the output inode's i_mutex as I_MUTEX_CHILD; {@code pipe_lock()} is the
 * pipe inode's i_mutex as I_MUTEX_PARENT, and nothing at all for the internal pipe of
 * {@code do_splice_direct()}, which has no inode. So a data copy-up, which holds the upper
 * parent's i_mutex (PARENT), makes lockdep record {@code PARENT -> CHILD} (upper directory to
 * upper file), not an edge to a pipe lock. {@code default_file_splice_write()} writes through
 * {@code ->write}, which takes the i_mutex (NORMAL) itself.
 *
 * <p>The model has no page cache to move pages from: a splice into the pipe copies the bytes
 * {@code ->read} returns into page buffers ({@code default_file_splice_read()}, which every
 * model filesystem's reads take no lock in, as {@code generic_file_splice_read()} takes none),
 * and a splice out of it copies them into the filesystem's pages through its
 * {@link PageCacheWriter}.
 */
public final class Splice {
  /** {@code SPLICE_F_MOVE}. */
  public static final int SPLICE_F_MOVE = 0x01;

  /** {@code SPLICE_F_NONBLOCK}. */
  public static final int SPLICE_F_NONBLOCK = 0x02;

  /** {@code current->splice_pipe}: made on the first splice, kept by the task. */
  private static final TaskLocal<PipeInodeInfo> SPLICE_PIPE =
      TaskLocal.of(
          () -> {
            PipeInodeInfo pipe = Pipe.allocPipeInfo(null);
            /*
             * We don't have an immediate reader, but we'll read the stuff
             * out of the pipe right after the splice_to_pipe(). So set
             * PIPE_READERS appropriately.
             */
            pipe.readers = 1;
            return pipe;
          });

  private Splice() {}

  /**
   * The filesystem's half of {@code pipe_to_file()}: {@code pagecache_write_begin()}, the copy,
   * {@code pagecache_write_end()} for {@code len} bytes of the pipe buffer's {@code page} from
   * {@code offset} (at most the rest of one page) at {@code pos} of {@code out}'s inode, growing
   * {@code i_size}; returns the bytes copied, or throws (ENOSPC when no page can be had). The
   * caller holds the inode's i_mutex. The writer copies out of {@code page} and keeps no
   * reference to it.
   */
  @FunctionalInterface
  public interface PageCacheWriter {
    int write(File out, long pos, byte[] page, int offset, int len);
  }

  /** Port of {@code struct splice_desc}. */
  static final class SpliceDesc {
    /** {@code total_len}: what is left to splice. */
    long totalLen;
    /** {@code len}: the current buffer's share. */
    int len;
    int flags;
    long pos;
    /** {@code u.file}. */
    final File file;
    int numSpliced;
    boolean needWakeup;

    SpliceDesc(long totalLen, int flags, long pos, File file) {
      this.totalLen = totalLen;
      this.flags = flags;
      this.pos = pos;
      this.file = file;
    }
  }

  /** Port of {@code splice_actor}: moves (part of) one pipe buffer; returns the bytes moved. */
  @FunctionalInterface
  interface SpliceActor {
    int move(PipeInodeInfo pipe, PipeBuffer buf, SpliceDesc sd);
  }

  /** Port of {@code splice_direct_actor}. */
  @FunctionalInterface
  interface SpliceDirectActor {
    long move(PipeInodeInfo pipe, SpliceDesc sd);
  }

  /**
   * Port of {@code do_splice_direct()}: copies up to {@code len} bytes from {@code in} at
   * {@code ppos} to {@code out} at its {@code f_pos}, through the task's internal pipe; advances
   * both and returns the bytes moved (0 at end of file). An error after some bytes moved is
   * not reported: the count is.
   */
  public static long doSpliceDirect(File in, Loff ppos, File out, long len, int flags) {
    SpliceDesc sd = new SpliceDesc(len, flags, ppos.value, out);
    long ret = spliceDirectToActor(in, sd, Splice::directSpliceActor);
    if (ret > 0) {
      ppos.value = sd.pos;
    }
    return ret;
  }

  /** Port of {@code direct_splice_actor()}: {@code do_splice_from()} at the file's position. */
  private static long directSpliceActor(PipeInodeInfo pipe, SpliceDesc sd) {
    File file = sd.file;
    Loff pos = new Loff(file.fPos);
    try {
      return doSpliceFrom(pipe, file, pos, sd.totalLen, sd.flags);
    } finally {
      file.fPos = pos.value;
    }
  }

  /**
   * Port of {@code splice_direct_to_actor()}: only regular files and block devices (EINVAL);
   * in rounds of at most one pipeful, {@code do_splice_to()} into the task's pipe, then the
   * actor out of it; stops at end of file, on a short write, or on an error (then the buffers
   * still in the pipe are released, and the error is the result only when nothing moved).
   */
  static long spliceDirectToActor(File in, SpliceDesc sd, SpliceDirectActor actor) {
    /*
     * We require the input being a regular file, as we don't want to
     * randomly drop data for eg socket -> socket splicing. Use the
     * piped splicing for that!
     */
    int iMode = in.fPath.dentry.dInode.iMode;
    if (!Stat.S_ISREG(iMode) && !Stat.S_ISBLK(iMode)) {
      throw new KernelError(Errno.EINVAL);
    }

    /*
     * neither in nor out is a pipe, setup an internal pipe attached to
     * 'out' and transfer the wanted data from 'in' to 'out' through that
     */
    PipeInodeInfo pipe = SPLICE_PIPE.get(Task.current());

    /*
     * Do the splice.
     */
    long ret = 0;
    long bytes = 0;
    long len = sd.totalLen;
    int flags = sd.flags;
    KernelError error = null;

    /*
     * Don't block on output, we have to drain the direct pipe.
     */
    sd.flags &= ~SPLICE_F_NONBLOCK;

    outRelease:
    {
      while (len != 0) {
        Loff pos = new Loff(sd.pos);
        long prevPos = pos.value;

        try {
          ret = doSpliceTo(in, pos, pipe, len, flags);
        } catch (KernelError e) {
          error = e;
          break outRelease;
        }
        if (ret <= 0) {
          break outRelease;
        }

        long readLen = ret;
        sd.totalLen = readLen;

        /*
         * NOTE: nonblocking mode only applies to the input. We
         * must not do the output in nonblocking mode as then we
         * could get stuck data in the internal pipe:
         */
        try {
          ret = actor.move(pipe, sd);
        } catch (KernelError e) {
          error = e;
          sd.pos = prevPos;
          break outRelease;
        }
        if (ret <= 0) {
          sd.pos = prevPos;
          break outRelease;
        }

        bytes += ret;
        len -= ret;
        sd.pos = pos.value;

        if (ret < readLen) {
          sd.pos = prevPos + ret;
          break outRelease;
        }
      }
      return done(pipe, in, bytes);
    }
    /*
     * If we did an incomplete transfer we must release
     * the pipe buffers in question:
     */
    for (PipeBuffer buf : pipe.bufs) {
      pipe.freePage(buf.page);
      buf.release();
    }
    if (bytes == 0) {
      if (error != null) {
        done(pipe, in, 0);
        throw error;
      }
      bytes = ret;
    }
    return done(pipe, in, bytes);
  }

  /** The {@code done:} label of {@code splice_direct_to_actor()}. */
  private static long done(PipeInodeInfo pipe, File in, long bytes) {
    pipe.nrbufs = 0;
    pipe.curbuf = 0;
    Inodes.fileAccessed(in);
    return bytes;
  }

  /**
   * Port of {@code do_splice_to()}: EBADF unless {@code in} is open for reading, the checks of
   * {@code rw_verify_area()}, then {@code ->splice_read}.
   */
  static long doSpliceTo(File in, Loff ppos, PipeInodeInfo pipe, long len, int flags) {
    if ((in.fMode & Fs.FMODE_READ) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    ReadWrite.rwVerifyArea(ReadWrite.READ, in, ppos, len);
    return in.fOp.spliceRead(in, ppos, pipe, len, flags);
  }

  /**
   * Port of {@code do_splice_from()}: EBADF unless {@code out} is open for writing, EINVAL for
   * {@code O_APPEND}, the checks of {@code rw_verify_area()}, then {@code ->splice_write}.
   */
  static long doSpliceFrom(PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
    if ((out.fMode & Fs.FMODE_WRITE) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    if ((out.fFlags & Fcntl.O_APPEND) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    ReadWrite.rwVerifyArea(ReadWrite.WRITE, out, ppos, len);
    return out.fOp.spliceWrite(pipe, out, ppos, len, flags);
  }

  /**
   * Port of {@code default_file_splice_read()}: reads up to {@code len} bytes at {@code ppos}
   * through {@code ->read} ({@code kernel_readv()}) into fresh pages, at most as many as the
   * pipe has buffers, then {@code splice_to_pipe()}; advances {@code ppos} by what went in.
   * 0 at end of file.
   */
  public static long defaultFileSpliceRead(
      File in, Loff ppos, PipeInodeInfo pipe, long len, int flags) {
    int offset = (int) (ppos.value & (Fs.PAGE_SIZE - 1));
    long nrPages = (len + offset + Fs.PAGE_SIZE - 1) >> Fs.PAGE_SHIFT;
    int n = (int) Math.min(nrPages, pipe.buffers);
    byte[][] pages = new byte[n][];
    int[] lens = new int[n];
    int count = 0;
    for (int i = 0; i < n && len != 0; i++) {
      int thisLen = (int) Math.min(len, Fs.PAGE_SIZE - offset);
      pages[i] = pipe.allocPage();
      lens[i] = thisLen;
      count++;
      len -= thisLen;
      offset = 0;
    }
    int res = kernelReadv(in, pages, lens, count, ppos.value);
    if (res == 0) {
      return 0;
    }
    for (int i = 0; i < count; i++) {
      int thisLen = Math.min(lens[i], res);
      lens[i] = thisLen;
      res -= thisLen;
    }
    long moved = spliceToPipe(pipe, pages, lens, count, flags);
    if (moved > 0) {
      ppos.value += moved;
    }
    return moved;
  }

  /**
   * Port of {@code kernel_readv()} with {@code do_loop_readv_writev()}: {@code ->read} into
   * each page in turn, stopping at a short read; returns the bytes read.
   */
  private static int kernelReadv(File in, byte[][] pages, int[] lens, int count, long pos) {
    if ((in.fMode & Fs.FMODE_READ) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    Loff p = new Loff(pos);
    int total = 0;
    for (int i = 0; i < count; i++) {
      int nr = in.fOp.read(in, pages[i], lens[i], p);
      if (nr <= 0) {
        break;
      }
      total += nr;
      if (nr != lens[i]) {
        break;
      }
    }
    return total;
  }

  /**
   * Port of {@code splice_to_pipe()}: under {@code pipe_lock()}, puts the pages (the non-empty
   * ones) into free buffers; with no reader, SIGPIPE and EPIPE; with the ring full, EAGAIN for
   * {@code SPLICE_F_NONBLOCK}, EINTR for a signal, else it sleeps in {@code pipe_wait()}.
   * Returns the bytes it queued.
   */
  static long spliceToPipe(PipeInodeInfo pipe, byte[][] pages, int[] lens, int count, int flags) {
    int pageNr = 0;
    int spdPages = 0;
    for (int i = 0; i < count; i++) {
      if (lens[i] != 0) {
        pages[spdPages] = pages[i];
        lens[spdPages] = lens[i];
        spdPages++;
      }
    }
    if (spdPages == 0) {
      return 0;
    }
    long ret = 0;
    boolean doWakeup = false;
    KernelError error = null;
    Pipe.pipeLock(pipe);
    try {
      for (; ; ) {
        if (pipe.readers == 0) {
          Task.current().sendSig(Signals.SIGPIPE);
          if (ret == 0) {
            error = new KernelError(Errno.EPIPE);
          }
          break;
        }
        if (pipe.nrbufs < pipe.buffers) {
          int newbuf = (pipe.curbuf + pipe.nrbufs) & (pipe.buffers - 1);
          PipeBuffer buf = pipe.bufs[newbuf];
          buf.page = pages[pageNr];
          buf.offset = 0;
          buf.len = lens[pageNr];
          buf.canMerge = false; // default_pipe_buf_ops
          pipe.nrbufs++;
          pageNr++;
          ret += buf.len;
          if (pipe.inode != null) {
            doWakeup = true;
          }
          if (pageNr == spdPages) {
            break;
          }
          if (pipe.nrbufs < pipe.buffers) {
            continue;
          }
          break;
        }
        if ((flags & SPLICE_F_NONBLOCK) != 0) {
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
        Pipe.pipeWait(pipe);
        pipe.waitingWriters--;
      }
    } finally {
      Pipe.pipeUnlock(pipe);
    }
    if (doWakeup) {
      pipe.wait.wakeUpInterruptible();
    }
    if (error != null) {
      throw error;
    }
    return ret;
  }

  /** Port of {@code splice_from_pipe_begin()}. */
  private static void spliceFromPipeBegin(SpliceDesc sd) {
    sd.numSpliced = 0;
    sd.needWakeup = false;
  }

  /** Port of {@code wakeup_pipe_writers()}. */
  private static void wakeupPipeWriters(PipeInodeInfo pipe) {
    if (pipe.wait.waitqueueActive()) {
      pipe.wait.wakeUpInterruptible();
    }
  }

  /**
   * Port of {@code splice_from_pipe_next()}: 1 when the pipe holds a buffer; 0 when it is empty
   * and has no writer, or something was spliced already and no writer is waiting; EAGAIN for
   * {@code SPLICE_F_NONBLOCK}, EINTR for a signal; else it wakes the writers and sleeps.
   */
  private static int spliceFromPipeNext(PipeInodeInfo pipe, SpliceDesc sd) {
    while (pipe.nrbufs == 0) {
      if (pipe.writers == 0) {
        return 0;
      }
      if (pipe.waitingWriters == 0 && sd.numSpliced != 0) {
        return 0;
      }
      if ((sd.flags & SPLICE_F_NONBLOCK) != 0) {
        throw new KernelError(Errno.EAGAIN);
      }
      if (Task.current().signalPending()) {
        throw new KernelError(Errno.EINTR); // -ERESTARTSYS
      }
      if (sd.needWakeup) {
        wakeupPipeWriters(pipe);
        sd.needWakeup = false;
      }
      Pipe.pipeWait(pipe);
    }
    return 1;
  }

  /**
   * Port of {@code splice_from_pipe_feed()}: hands each buffer to {@code actor} until the pipe
   * is empty (1) or {@code total_len} is spliced (0); a buffer it empties is released. Returns
   * what the actor returned when that is 0 or less.
   */
  private static int spliceFromPipeFeed(PipeInodeInfo pipe, SpliceDesc sd, SpliceActor actor) {
    while (pipe.nrbufs != 0) {
      PipeBuffer buf = pipe.bufs[pipe.curbuf];
      sd.len = (int) Math.min(buf.len, sd.totalLen);
      int ret = actor.move(pipe, buf, sd);
      if (ret <= 0) {
        return ret;
      }
      buf.offset += ret;
      buf.len -= ret;

      sd.numSpliced += ret;
      sd.len -= ret;
      sd.pos += ret;
      sd.totalLen -= ret;

      if (buf.len == 0) {
        pipe.freePage(buf.page);
        buf.release();
        pipe.curbuf = (pipe.curbuf + 1) & (pipe.buffers - 1);
        pipe.nrbufs--;
        if (pipe.inode != null) {
          sd.needWakeup = true;
        }
      }
      if (sd.totalLen == 0) {
        return 0;
      }
    }
    return 1;
  }

  /** Port of {@code splice_from_pipe_end()}. */
  private static void spliceFromPipeEnd(PipeInodeInfo pipe, SpliceDesc sd) {
    if (sd.needWakeup) {
      wakeupPipeWriters(pipe);
    }
  }

  /**
   * Port of {@code generic_file_splice_write()}: under {@code pipe_lock()}, for each batch of
   * buffers, under the file's i_mutex as I_MUTEX_CHILD, {@code file_remove_suid()},
   * {@code file_update_time()} and the copy ({@code pipe_to_file()} through {@code writer}).
   * Advances {@code ppos} and returns the bytes spliced; an error is the result only when
   * nothing was. The model has no {@code O_SYNC} ({@code generic_write_sync()}) and no dirty
   * page accounting ({@code balance_dirty_pages_ratelimited_nr()}).
   */
  public static long genericFileSpliceWrite(
      PipeInodeInfo pipe, File out, Loff ppos, long len, int flags, PageCacheWriter writer) {
    Inode inode = out.fPath.dentry.dInode;
    SpliceDesc sd = new SpliceDesc(len, flags, ppos.value, out);
    long ret = 0;
    KernelError error = null;

    Pipe.pipeLock(pipe);
    try {
      spliceFromPipeBegin(sd);
      try {
        do {
          ret = spliceFromPipeNext(pipe, sd);
          if (ret <= 0) {
            break;
          }
          mutexLockNested(inode.iMutex, I_MUTEX_CHILD);
          try {
            Filemap.fileRemoveSuid(out);
            Inodes.fileUpdateTime(out);
            ret = spliceFromPipeFeed(pipe, sd, (p, buf, d) -> pipeToFile(buf, d, writer));
          } finally {
            mutexUnlock(inode.iMutex);
          }
        } while (ret > 0);
      } catch (KernelError e) {
        error = e;
      }
      spliceFromPipeEnd(pipe, sd);
    } finally {
      Pipe.pipeUnlock(pipe);
    }

    if (sd.numSpliced != 0) {
      ret = sd.numSpliced;
    } else if (error != null) {
      throw error;
    }
    if (ret > 0) {
      ppos.value += ret;
    }
    return ret;
  }

  /**
   * Port of {@code pipe_to_file()}: writes the buffer's share ({@code sd.len}, cut at the end
   * of the page {@code sd.pos} is in) at {@code sd.pos} through the filesystem's
   * {@code writer}. The caller holds the inode's i_mutex.
   */
  private static int pipeToFile(PipeBuffer buf, SpliceDesc sd, PageCacheWriter writer) {
    int offset = (int) (sd.pos & (Fs.PAGE_SIZE - 1));
    int thisLen = sd.len;
    if (thisLen + offset > Fs.PAGE_SIZE) {
      thisLen = Fs.PAGE_SIZE - offset;
    }
    return writer.write(sd.file, sd.pos, buf.page, buf.offset, thisLen);
  }

  /**
   * Port of {@code default_file_splice_write()}: {@code splice_from_pipe()} with
   * {@code write_pipe_buf()}, which writes each buffer through {@code kernel_write()} (so
   * {@code ->write}, which takes the i_mutex itself); advances {@code ppos}.
   */
  public static long defaultFileSpliceWrite(
      PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
    long ret = spliceFromPipe(pipe, out, ppos, len, flags, Splice::writePipeBuf);
    if (ret > 0) {
      ppos.value += ret;
    }
    return ret;
  }

  /** Port of {@code splice_from_pipe()}: {@code __splice_from_pipe()} under {@code pipe_lock()}. */
  private static long spliceFromPipe(
      PipeInodeInfo pipe, File out, Loff ppos, long len, int flags, SpliceActor actor) {
    SpliceDesc sd = new SpliceDesc(len, flags, ppos.value, out);
    Pipe.pipeLock(pipe);
    try {
      return spliceFromPipeLocked(pipe, sd, actor);
    } finally {
      Pipe.pipeUnlock(pipe);
    }
  }

  /**
   * Port of {@code __splice_from_pipe()}: feeds the buffers to {@code actor} while there are
   * some; the bytes spliced, or (when none) what stopped it.
   */
  private static long spliceFromPipeLocked(PipeInodeInfo pipe, SpliceDesc sd, SpliceActor actor) {
    int ret = 0;
    KernelError error = null;
    spliceFromPipeBegin(sd);
    try {
      do {
        ret = spliceFromPipeNext(pipe, sd);
        if (ret > 0) {
          ret = spliceFromPipeFeed(pipe, sd, actor);
        }
      } while (ret > 0);
    } catch (KernelError e) {
      error = e;
    }
    spliceFromPipeEnd(pipe, sd);
    if (sd.numSpliced != 0) {
      return sd.numSpliced;
    }
    if (error != null) {
      throw error;
    }
    return ret;
  }

  /** Port of {@code write_pipe_buf()}: {@code kernel_write()} of the buffer's share. */
  private static int writePipeBuf(PipeInodeInfo pipe, PipeBuffer buf, SpliceDesc sd) {
    // ->write() takes its bytes from the start of the array: a copy only for a buffer's tail.
    byte[] data =
        buf.offset == 0 ? buf.page : Arrays.copyOfRange(buf.page, buf.offset, buf.offset + sd.len);
    return ReadWrite.vfsWrite(sd.file, data, sd.len, new Loff(sd.pos));
  }
}
