package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of {@code fs/read_write.c} (2.6.38) and {@code vfs_fsync()} from {@code fs/sync.c}.
 *
 * <p>Locks: {@code default_llseek()} and {@code generic_file_llseek()} move {@code f_pos} under
 * the inode's i_mutex, as in 2.6.38; {@code vfs_fsync()} calls {@code ->fsync} under it. Reads
 * and writes take no VFS lock: the filesystem's {@code ->read}/{@code ->write} do their own
 * locking. The position passed by reference ({@link Loff}) belongs to the caller.
 */
public final class ReadWrite {
  /** {@code READ} for {@link #rwVerifyArea}. */
  static final int READ = 0;

  /** {@code WRITE} for {@link #rwVerifyArea}. */
  static final int WRITE = 1;

  /** Port of {@code MAX_RW_COUNT}: {@code INT_MAX & PAGE_CACHE_MASK}. */
  static final int MAX_RW_COUNT = Integer.MAX_VALUE & ~(Fs.PAGE_SIZE - 1);

  /** Port of {@code SEEK_MAX}: 2.6.38 knows no SEEK_DATA or SEEK_HOLE. */
  public static final int SEEK_MAX = Fcntl.SEEK_END;

  private ReadWrite() {}

  /**
   * Port of {@code default_llseek()}: moves {@code f_pos} under the inode's i_mutex. An origin
   * other than SEEK_END and SEEK_CUR is taken as SEEK_SET ({@code sys_lseek()} rejects the
   * others first); a negative result is EINVAL. The model keeps no {@code f_version}, so
   * nothing is reset with the position.
   */
  public static long defaultLlseek(File file, long offset, int origin) {
    Inode inode = file.fPath.dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      switch (origin) {
        case Fcntl.SEEK_END:
          offset += inode.iSize;
          break;
        case Fcntl.SEEK_CUR:
          if (offset == 0) {
            return file.fPos;
          }
          offset += file.fPos;
          break;
        default:
          break;
      }
      if (offset < 0) {
        throw new KernelError(Errno.EINVAL);
      }
      if (offset != file.fPos) {
        file.fPos = offset;
      }
      return offset;
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code generic_file_llseek()}: {@code generic_file_llseek_unlocked()} under the
   * inode's i_mutex (2.6.38 still takes it here).
   */
  public static long genericFileLlseek(File file, long offset, int origin) {
    Inode inode = file.fPath.dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      return genericFileLlseekUnlocked(file, offset, origin);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code generic_file_llseek_unlocked()}: like {@link #defaultLlseek} but bounded by
   * the superblock's {@code s_maxbytes}. No {@code f_version} in the model (see above).
   */
  static long genericFileLlseekUnlocked(File file, long offset, int origin) {
    Inode inode = file.fPath.dentry.dInode;
    switch (origin) {
      case Fcntl.SEEK_END:
        offset += inode.iSize;
        break;
      case Fcntl.SEEK_CUR:
        // lseek(fd, 0, SEEK_CUR) only reads the position: do not write it back.
        if (offset == 0) {
          return file.fPos;
        }
        offset += file.fPos;
        break;
      default:
        break;
    }
    if (offset < 0 || offset > inode.iSb.sMaxbytes) {
      throw new KernelError(Errno.EINVAL);
    }
    if (offset != file.fPos) {
      file.fPos = offset;
    }
    return offset;
  }

  /**
   * Port of {@code vfs_llseek()}: {@code f_op->llseek} when the file may seek
   * ({@code FMODE_LSEEK}), else {@code no_llseek()}'s ESPIPE. The caller has checked
   * {@code origin <= SEEK_MAX}.
   */
  public static long vfsLlseek(File file, long offset, int origin) {
    if ((file.fMode & Fs.FMODE_LSEEK) == 0) {
      throw new KernelError(Errno.ESPIPE);
    }
    return file.fOp.llseek(file, offset, origin);
  }

  /**
   * Port of {@code rw_verify_area()}: EINVAL for a negative count, a negative position or one
   * that overflows with the count; returns the count clamped to {@link #MAX_RW_COUNT}. The
   * model has no mandatory locks and no LSM, so those checks pass.
   */
  static int rwVerifyArea(int readWrite, File file, Loff ppos, long count) {
    if (count < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    long pos = ppos.value;
    if (pos < 0 || pos + count < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    return count > MAX_RW_COUNT ? MAX_RW_COUNT : (int) count;
  }

  /**
   * Port of {@code vfs_read()}: EBADF unless opened for reading, EFAULT when {@code count}
   * overruns {@code buf} (the model's {@code access_ok()}), then {@code f_op->read} at
   * {@code pos}. A filesystem without {@code ->read} throws EINVAL from the default method, the
   * check the C makes first.
   */
  public static int vfsRead(File file, byte[] buf, int count, Loff pos) {
    if ((file.fMode & Fs.FMODE_READ) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    if (buf == null || count > buf.length) {
      throw new KernelError(Errno.EFAULT);
    }
    int n = rwVerifyArea(READ, file, pos, count);
    return file.fOp.read(file, buf, n, pos);
  }

  /**
   * Port of {@code vfs_write()}: EBADF unless opened for writing, EFAULT when {@code count}
   * overruns {@code buf}, then {@code f_op->write} at {@code pos} (which honours
   * {@code O_APPEND}, as {@code generic_write_checks()} does in the filesystem).
   */
  public static int vfsWrite(File file, byte[] buf, int count, Loff pos) {
    if ((file.fMode & Fs.FMODE_WRITE) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    if (buf == null || count > buf.length) {
      throw new KernelError(Errno.EFAULT);
    }
    int n = rwVerifyArea(WRITE, file, pos, count);
    return file.fOp.write(file, buf, n, pos);
  }

  /**
   * Port of {@code vfs_fsync()} ({@code vfs_fsync_range()} over the whole file, from
   * {@code fs/sync.c}): {@code f_op->fsync} under the inode's i_mutex, as 2.6.38 calls it. The
   * model has no page cache to write back first; a filesystem without {@code ->fsync} throws
   * EINVAL from the default method. Differs: the C answers that EINVAL before it takes the
   * i_mutex; the model takes it first (one lock and two schedule points more), because
   * {@link FileOperations} cannot tell an absent {@code ->fsync} from a present one.
   */
  public static void vfsFsync(File file, int datasync) {
    Inode inode = file.fPath.dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      file.fOp.fsync(file, datasync);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }
}
