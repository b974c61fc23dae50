package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/** Port of {@code fs/readdir.c}. */
public final class Readdir {
  private Readdir() {}

  /**
   * Port of {@code vfs_readdir()}: calls {@code f_op->readdir} under the directory's i_mutex,
   * so that entries are not added or removed under it, then {@code file_accessed()}. ENOENT
   * when the directory was removed ({@code IS_DEADDIR}). A file without {@code ->readdir}
   * throws ENOTDIR from the default method: the model cannot test the pointer before taking
   * the lock, so that check comes under it.
   */
  public static void vfsReaddir(File file, FillDir filler) {
    Inode inode = file.fPath.dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      if ((inode.iFlags & Fs.S_DEAD) != 0) {
        throw new KernelError(Errno.ENOENT);
      }
      file.fOp.readdir(file, filler);
      Inodes.fileAccessed(file);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }
}
