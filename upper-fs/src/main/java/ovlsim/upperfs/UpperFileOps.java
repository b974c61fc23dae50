package ovlsim.upperfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Attr;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Loff;
import ovlsim.vfs.PipeInodeInfo;
import ovlsim.vfs.ReadWrite;
import ovlsim.vfs.Splice;
import ovlsim.vfs.Timespec;

/**
 * Port of {@code shmem_file_operations}: read, write, llseek, fsync and splice_write of a
 * regular file (splice_read, {@code generic_file_splice_read()}, is the VFS default here: both
 * read the pages without a lock).
 *
 * <p>Locks: the VFS holds none. Write takes the inode's i_mutex itself, as
 * {@code generic_file_aio_write()} does; splice_write takes the pipe's lock and then the
 * i_mutex as I_MUTEX_CHILD, as {@code generic_file_splice_write()} does (a data copy-up comes
 * this way); read takes none. All copy under the file's data monitor ({@link Pages}), which is
 * taken inside the i_mutex and never held across a call into the VFS.
 */
final class UpperFileOps implements FileOperations {
  static final UpperFileOps INSTANCE = new UpperFileOps();

  private UpperFileOps() {}

  /** {@code generic_file_llseek()}. */
  @Override
  public long llseek(File file, long offset, int origin) {
    return ReadWrite.genericFileLlseek(file, offset, origin);
  }

  /**
   * Port of {@code shmem_file_aio_read()} / {@code do_shmem_file_read()}: up to {@code count}
   * bytes at {@code pos}, none past {@code i_size}; holes read as zeros; atime as
   * {@code file_accessed()} says.
   */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    UpperInode inode = UpperInode.upperI(file.inode());
    inode.fs().faults().check("upper.read");
    if (pos.value < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    int n = inode.pages.read(pos.value, buf, count);
    pos.value += n;
    Inodes.fileAccessed(file);
    return n;
  }

  /**
   * Port of {@code generic_file_aio_write()} (with {@code __generic_file_aio_write()} and
   * {@code generic_perform_write()}) over shmem's pages: under the inode's i_mutex,
   * {@code generic_write_checks()}, {@code file_remove_suid()}, {@code file_update_time()},
   * then the copy. When the instance fills up the write stops at the page that could not be
   * had and returns the short count, or ENOSPC when nothing was written.
   */
  @Override
  public int write(File file, byte[] buf, int count, Loff pos) {
    UpperInode inode = UpperInode.upperI(file.inode());
    UpperFs fs = inode.fs();
    fs.faults().check("upper.write");
    KMutex.mutexLock(inode.iMutex);
    try {
      count = genericWriteChecks(file, inode, pos, count);
      if (count == 0) {
        return 0;
      }
      fileRemoveSuid(file);
      fileUpdateTime(inode);
      int written = inode.pages.write(pos.value, buf, count, fs);
      if (written == 0) {
        throw new KernelError(Errno.ENOSPC);
      }
      pos.value += written;
      return written;
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * {@code .splice_write = generic_file_splice_write}: each buffer goes into the pages as
   * {@code shmem_write_begin()} / {@code simple_write_end()} put it; ENOSPC when the page cannot
   * be had. The fault point {@code upper.write} covers it, as it covers {@link #write}.
   */
  @Override
  public long spliceWrite(PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
    UpperInode inode = UpperInode.upperI(out.inode());
    UpperFs fs = inode.fs();
    fs.faults().check("upper.write");
    return Splice.genericFileSpliceWrite(
        pipe, out, ppos, len, flags,
        (file, pos, page, offset, n) -> {
          int written = inode.pages.write(pos, page, offset, n, fs);
          if (written == 0) {
            throw new KernelError(Errno.ENOSPC);
          }
          return written;
        });
  }

  /**
   * Port of {@code generic_write_checks()} for a regular file: {@code O_APPEND} writes at
   * {@code i_size}; EINVAL for a negative position; EFBIG at {@code s_maxbytes}, and the count
   * is cut to stay below it. Differs: {@code RLIMIT_FSIZE} is not modelled.
   */
  private static int genericWriteChecks(File file, Inode inode, Loff pos, int count) {
    if (count < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    if ((file.fFlags & Fcntl.O_APPEND) != 0) {
      pos.value = inode.iSize;
    }
    if (pos.value < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    long maxbytes = inode.iSb.sMaxbytes;
    if (pos.value >= maxbytes) {
      if (count != 0) {
        throw new KernelError(Errno.EFBIG);
      }
      return 0;
    }
    if (count > maxbytes - pos.value) {
      count = (int) (maxbytes - pos.value);
    }
    return count;
  }

  /**
   * Port of {@code file_remove_suid()} ({@code __remove_suid()}): writing to a setuid file (or
   * a setgid one with group exec) without CAP_FSETID clears the bits through
   * {@code notify_change()}. The caller holds the i_mutex.
   */
  private static void fileRemoveSuid(File file) {
    Dentry dentry = file.fDentry();
    int kill = Inodes.shouldRemoveSuid(dentry);
    if (kill != 0) {
      Iattr attr = new Iattr();
      attr.iaValid = Fs.ATTR_FORCE | kill;
      Attr.notifyChange(dentry, attr);
    }
  }

  /**
   * Port of {@code file_update_time()}: mtime and ctime to now, unless the inode is
   * {@code S_NOCMTIME}.
   */
  private static void fileUpdateTime(Inode inode) {
    if ((inode.iFlags & Fs.S_NOCMTIME) != 0) {
      return;
    }
    Timespec now = Timespec.now();
    inode.iMtime = now;
    inode.iCtime = now;
  }

  /**
   * {@code generic_file_open()}: nothing to check on the 64-bit model, where every open is
   * {@code O_LARGEFILE}; the fault point {@code upper.open}.
   */
  @Override
  public void open(Inode inode, File file) {
    UpperInode.upperI(inode).fs().faults().check("upper.open");
  }

  /** {@code noop_fsync()}: the content is in memory already. */
  @Override
  public void fsync(File file, int datasync) {}

  /** Nothing to release: the content belongs to the inode. */
  @Override
  public void release(Inode inode, File file) {}
}
