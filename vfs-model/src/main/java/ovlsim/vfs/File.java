package ovlsim.vfs;

import java.util.concurrent.atomic.AtomicInteger;
import ovlsim.kernel.Cred;

/**
 * Port of {@code struct file}. {@code fPos} is guarded by nothing in 2.6.38 (concurrent
 * readers of one file race on it there too); {@code privateData} belongs to the filesystem.
 */
public final class File {
  /**
   * Set once, by {@code __dentry_open()} or 3.6's {@code vfs_open()}, before the file is
   * published to any other task.
   */
  public Path fPath;
  public volatile int fFlags;
  public volatile int fMode;
  public volatile long fPos;
  public volatile FileOperations fOp;
  public volatile Object privateData;
  public final Cred fCred;
  public final AtomicInteger fCount = new AtomicInteger(1);

  /**
   * Port of {@code get_empty_filp()} followed by setting {@code f_flags}: a file not yet open,
   * with no path; the open sets {@link #fPath}, {@link #fMode} and {@link #fOp}.
   */
  File(int flags, Cred cred) {
    this.fFlags = flags;
    this.fCred = cred;
  }

  /** Port of {@code file->f_dentry}. */
  public Dentry fDentry() {
    return fPath.dentry;
  }

  /** The inode ({@code file->f_path.dentry->d_inode}). */
  public Inode inode() {
    return fPath.dentry.dInode;
  }

  @Override
  public String toString() {
    return "file{" + fPath.dentry + ",flags=0" + Integer.toOctalString(fFlags) + "}";
  }
}
