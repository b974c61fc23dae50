package ovlsim.upperfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Stat;

/**
 * Port of {@code simple_dir_operations} as tmpfs directories use it: readdir, read (EISDIR),
 * fsync. Offsets are {@link Directory} cookies: "." is 0, ".." 1, entries from 2 up, so a
 * position survives entries created and unlinked between two readdir calls.
 *
 * <p>Locks: {@code vfs_readdir()} holds the directory's i_mutex around readdir; each step to the
 * next entry takes the directory's data monitor, and the filler is called without it.
 */
final class UpperDirFileOps implements FileOperations {
  static final UpperDirFileOps INSTANCE = new UpperDirFileOps();

  private UpperDirFileOps() {}

  /** {@code dcache_dir_open()}, with the fault point {@code upper.open}. */
  @Override
  public void open(Inode inode, File file) {
    UpperInode.upperI(inode).fs().faults().check("upper.open");
  }

  /** Port of {@code generic_read_dir()}: EISDIR. */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    throw new KernelError(Errno.EISDIR);
  }

  /**
   * Port of {@code dcache_readdir()}: from {@code f_pos}, "." at 0, ".." at 1, then the entries
   * by cookie; each is passed with its own offset, and {@code f_pos} moves past every entry the
   * filler took. The filler returning non-zero stops the walk with {@code f_pos} on the entry
   * it refused. With the {@code jffs2} option the walk runs under the directory's
   * {@code f->sem}, as {@code jffs2_readdir()}'s does.
   */
  @Override
  public void readdir(File file, FillDir filler) {
    Dentry dentry = file.fDentry();
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    inode.fs().faults().check("upper.readdir");
    if (inode.fSem == null) {
      readdirLocked(file, filler, dentry, inode);
      return;
    }
    // jffs2: jffs2_readdir() holds f->sem across the filldir calls.
    KMutex.mutexLock(inode.fSem);
    try {
      readdirLocked(file, filler, dentry, inode);
    } finally {
      KMutex.mutexUnlock(inode.fSem);
    }
  }

  /** The walk of {@link #readdir}, under {@code f->sem} with the {@code jffs2} option. */
  private static void readdirLocked(File file, FillDir filler, Dentry dentry, UpperInode inode) {
    long pos = file.fPos;
    if (pos == 0) {
      if (filler.fill(".", 0, inode.iIno, Stat.DT_DIR) != 0) {
        return;
      }
      file.fPos = pos = 1;
    }
    if (pos == 1) {
      if (filler.fill("..", 1, parentIno(dentry), Stat.DT_DIR) != 0) {
        return;
      }
      file.fPos = pos = 2;
    }
    for (Directory.Entry e = inode.dir.first(pos); e != null; e = inode.dir.next(e)) {
      UpperInode child = e.inode();
      if (filler.fill(e.name(), e.cookie(), child.iIno, Stat.dtType(child.iMode)) != 0) {
        return;
      }
      file.fPos = e.cookie() + 1;
    }
  }

  /** Port of {@code parent_ino()}: the inode number of the parent, read under rename_lock. */
  private static long parentIno(Dentry dentry) {
    Dentry parent = Dcache.dgetParent(dentry);
    try {
      return parent.dInode.iIno;
    } finally {
      Dcache.dput(parent);
    }
  }

  /** {@code noop_fsync()}. */
  @Override
  public void fsync(File file, int datasync) {}
}
