package ovlsim.vfs;

import static ovlsim.kernel.locking.KMutex.mutexLock;

import java.util.function.IntSupplier;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;

/**
 * Port of {@code fs/fifo.c} (2.6.38): {@code fifo_open()}, which {@code init_special_inode()}
 * installs for every FIFO as {@code def_fifo_fops}, and its rendezvous
 * ({@code wait_for_partner()}, {@code wake_up_partner()}).
 *
 * <p>Opening a FIFO for reading without {@code O_NONBLOCK} waits for a writer, and for writing
 * (with or without) for a reader; {@code O_WRONLY|O_NONBLOCK} with no reader is ENXIO; a
 * non-blocking reader, and {@code O_RDWR} ("the process can at least talk to itself"), never
 * wait. The wait is {@code pipe_wait()} with the FIFO's i_mutex dropped: the opener is blocked
 * on the pipe's wait queue ({@link ovlsim.kernel.WaitChannel}) until the other end's open wakes
 * it; a signal ends the wait with EINTR (the C's {@code -ERESTARTSYS}, see {@link Pipe}).
 */
public final class Fifo {
  /**
   * {@code def_fifo_fops}: {@code .open = fifo_open} (which sets the pipe's file operations),
   * {@code .llseek = noop_llseek}.
   */
  static final FileOperations DEF_FIFO_FOPS =
      new FileOperations() {
        @Override
        public void open(Inode inode, File file) {
          fifoOpen(inode, file);
        }

        /** Port of {@code noop_llseek()}: the position stays. */
        @Override
        public long llseek(File file, long offset, int origin) {
          return file.fPos;
        }
      };

  private Fifo() {}

  /**
   * Port of {@code wait_for_partner()}: sleeps in {@code pipe_wait()} until the counter of the
   * other end moves (an open of it happened), or a signal comes.
   */
  private static void waitForPartner(Inode inode, IntSupplier cnt) {
    int cur = cnt.getAsInt();
    while (cur == cnt.getAsInt()) {
      Pipe.pipeWait(inode.iPipe);
      if (Task.current().signalPending()) {
        break;
      }
    }
  }

  /** Port of {@code wake_up_partner()}. */
  private static void wakeUpPartner(Inode inode) {
    inode.iPipe.wait.wakeUpInterruptible();
  }

  /**
   * Port of {@code fifo_open()}: under the FIFO's i_mutex, makes the pipe on first open,
   * keeps only {@code FMODE_READ|FMODE_WRITE} of the file's mode (so no seek, pread or pwrite:
   * ESPIPE), counts the new reader or writer, wakes a partner waiting for it, and waits for one
   * itself when the mode says so (see the class comment). On failure the pipe is freed again if
   * nobody else has it open.
   */
  static void fifoOpen(Inode inode, File filp) {
    mutexLock(inode.iMutex);
    try {
      PipeInodeInfo pipe = inode.iPipe;
      if (pipe == null) {
        // -ENOMEM: alloc_pipe_info() cannot fail in the model.
        pipe = Pipe.allocPipeInfo(inode);
        inode.iPipe = pipe;
      }

      /* We can only do regular read/write on fifos */
      filp.fMode &= (Fs.FMODE_READ | Fs.FMODE_WRITE);

      switch (filp.fMode) {
        case Fs.FMODE_READ -> {
          /*
           *  O_RDONLY
           *  POSIX.1 says that O_NONBLOCK means return with the FIFO
           *  opened, even when there is no process writing the FIFO.
           */
          filp.fOp = Pipe.READ_PIPEFIFO_FOPS;
          pipe.rCounter++;
          if (pipe.readers++ == 0) {
            wakeUpPartner(inode);
          }
          if (pipe.writers == 0) {
            if ((filp.fFlags & Fcntl.O_NONBLOCK) != 0) {
              /* suppress POLLHUP until we have seen a writer: f_version, which only poll reads */
            } else {
              PipeInodeInfo p = pipe;
              waitForPartner(inode, () -> p.wCounter);
              if (Task.current().signalPending()) {
                // err_rd:
                if (--pipe.readers == 0) {
                  pipe.wait.wakeUpInterruptible();
                }
                fail(inode, pipe, Errno.EINTR); // -ERESTARTSYS
              }
            }
          }
        }
        case Fs.FMODE_WRITE -> {
          /*
           *  O_WRONLY
           *  POSIX.1 says that O_NONBLOCK means return -1 with
           *  errno=ENXIO when there is no process reading the FIFO.
           */
          if ((filp.fFlags & Fcntl.O_NONBLOCK) != 0 && pipe.readers == 0) {
            fail(inode, pipe, Errno.ENXIO);
          }
          filp.fOp = Pipe.WRITE_PIPEFIFO_FOPS;
          pipe.wCounter++;
          if (pipe.writers++ == 0) {
            wakeUpPartner(inode);
          }
          if (pipe.readers == 0) {
            PipeInodeInfo p = pipe;
            waitForPartner(inode, () -> p.rCounter);
            if (Task.current().signalPending()) {
              // err_wr:
              if (--pipe.writers == 0) {
                pipe.wait.wakeUpInterruptible();
              }
              fail(inode, pipe, Errno.EINTR); // -ERESTARTSYS
            }
          }
        }
        case Fs.FMODE_READ | Fs.FMODE_WRITE -> {
          /*
           *  O_RDWR
           *  POSIX.1 leaves this case "undefined" when O_NONBLOCK is set.
           *  This implementation will NEVER block on a O_RDWR open, since
           *  the process can at least talk to itself.
           */
          filp.fOp = Pipe.RDWR_PIPEFIFO_FOPS;
          pipe.readers++;
          pipe.writers++;
          pipe.rCounter++;
          pipe.wCounter++;
          if (pipe.readers == 1 || pipe.writers == 1) {
            wakeUpPartner(inode);
          }
        }
        default -> fail(inode, pipe, Errno.EINVAL);
      }
      /* Ok! */
    } finally {
      Pipe.mutexUnlockHeld(inode.iMutex);
    }
  }

  /** {@code err:}: frees the pipe when nobody has it open, then fails with {@code errno}. */
  private static void fail(Inode inode, PipeInodeInfo pipe, Errno errno) {
    if (pipe.readers == 0 && pipe.writers == 0) {
      Pipe.freePipeInfo(inode);
    }
    throw new KernelError(errno);
  }
}
