package ovlsim.vfs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;

/**
 * Port of {@code struct inode}.
 *
 * <p>A filesystem may subclass it to carry its own data, the Java form of
 * {@code container_of(inode, struct shmem_inode_info, vfs_inode)}: its
 * {@link SuperOperations#allocInode} returns the subclass.
 *
 * <p>Locking: {@code iMutex} guards the directory's entries (for a directory) and the
 * attributes {@code notify_change()} writes ({@code iMode, iUid, iGid, iSize}, times); it is
 * held by the VFS around each i_op call as in docs/locking.md ({@link VfsLockRule}).
 * {@code iNlink} and {@code iSize} are also read without it, so they are volatile.
 * {@code iDentry} (the alias list) is guarded by the inode's monitor ({@code i_lock}).
 */
public class Inode {
  public long iIno;
  public volatile int iMode;
  public volatile int iUid;
  public volatile int iGid;
  public volatile int iNlink;
  public volatile int iRdev;
  public volatile long iSize;
  public volatile long iBlocks;
  public volatile Timespec iAtime = Timespec.ZERO;
  public volatile Timespec iMtime = Timespec.ZERO;
  public volatile Timespec iCtime = Timespec.ZERO;
  public volatile int iFlags;
  public final KMutex iMutex;
  public volatile InodeOperations iOp = InodeOperations.EMPTY;
  public volatile FileOperations iFop = FileOperations.EMPTY;
  public final SuperBlock iSb;
  public volatile Object iPrivate;
  /** The dentries that point at this inode ({@code i_dentry}); guarded by this object. */
  public final List<Dentry> iDentry = new ArrayList<>();
  public final AtomicInteger iCount = new AtomicInteger(1);
  /** Open files with write access ({@code i_writecount}). */
  public final AtomicInteger iWritecount = new AtomicInteger();
  /** Bumped on every directory change ({@code i_version}), for readdir caches. */
  public volatile long iVersion;
  /** A FIFO's pipe while it is open ({@code i_pipe}); guarded by {@code iMutex}. */
  volatile PipeInodeInfo iPipe;

  protected Inode(SuperBlock sb) {
    this.iSb = sb;
    this.iMutex = new KMutex(sb.sType().keys().iMutexKey(), Lockdep.of(sb.kernel()));
  }

  /** Port of {@code IS_RDONLY()}: the superblock is read-only. */
  public boolean isRdonly() {
    return (iSb.sFlags & Fs.MS_RDONLY) != 0;
  }

  /** Port of {@code IS_IMMUTABLE()}. */
  public boolean isImmutable() {
    return (iFlags & Fs.S_IMMUTABLE) != 0;
  }

  /** Port of {@code IS_APPEND()}. */
  public boolean isAppend() {
    return (iFlags & Fs.S_APPEND) != 0;
  }

  @Override
  public String toString() {
    return "inode{" + iSb.sType().name() + ":" + iIno + ",mode=0" + Integer.toOctalString(iMode)
        + "}";
  }
}
