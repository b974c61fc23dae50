package ovlsim.vfs;

import java.util.concurrent.atomic.AtomicInteger;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;

/**
 * Port of {@code struct super_block}.
 *
 * <p>{@code sVfsRenameMutex} serialises cross-directory renames on this superblock
 * ({@code lock_rename()}); {@code sFlags} changes only on remount, under the namespace lock.
 */
public final class SuperBlock {
  private final Kernel kernel;
  private final RegisteredFs type;
  public volatile Dentry sRoot;
  public volatile Object sFsInfo;
  public volatile SuperOperations sOp = SuperOperations.EMPTY;
  public volatile int sFlags;
  /** {@code s_magic}: the filesystem's magic number, as {@code statfs()} reports it in {@code f_type}. */
  public volatile long sMagic;
  public final KMutex sVfsRenameMutex;
  public final int sDev;
  public long sMaxbytes = Fs.MAX_LFS_FILESIZE;
  /**
   * {@code s_stack_depth}: how many filesystems this one is stacked on (0 for a plain one). Not
   * in 2.6.38: the overlay series adds it from v11 ("fs: limit filesystem stacking depth",
   * include/linux/fs.h), and only a stacking filesystem (the overlay, v11 on) sets it.
   */
  public volatile int sStackDepth;
  /** Active references: mounts of this superblock ({@code s_active}). */
  final AtomicInteger sActive = new AtomicInteger();

  SuperBlock(Kernel kernel, RegisteredFs type, int dev) {
    this.kernel = kernel;
    this.type = type;
    this.sDev = dev;
    this.sVfsRenameMutex = new KMutex(type.keys().sVfsRenameKey(), Lockdep.of(kernel));
  }

  public Kernel kernel() {
    return kernel;
  }

  /** {@code s_type}, with the lock class keys the VFS keeps for it. */
  public RegisteredFs sType() {
    return type;
  }

  @Override
  public String toString() {
    return "sb{" + type.name() + ",dev=" + sDev + "}";
  }
}
