package ovlsim.vfs;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port of {@code struct dentry}.
 *
 * <p>Locking, as in 2.6.38: {@code dParent} and {@code dName} change only in {@link Dcache#dMove}
 * under the kernel's {@code rename_lock} ({@link Vfs#renameLock}), and the caller holds the
 * i_mutexes {@code lock_rename()} took; {@code dInode} goes from null to an inode in
 * {@link Dcache#dInstantiate} and back in {@code d_delete}; the hash (the parent's
 * {@code dChildren}) is guarded by {@code rename_lock} too. {@code dFsdata} and {@code dOp}
 * belong to the filesystem, which sets them before the dentry is hashed. {@code dSubdirs} and
 * {@code dChild} (the children list of 2.6.38, which {@code d_lock} guards there) are guarded by
 * {@code rename_lock} too. The model has no RCU-walk, so readers take {@code rename_lock} where
 * the kernel would use a seqlock.
 */
public final class Dentry {
  public volatile Dentry dParent;
  public volatile String dName;
  public volatile Inode dInode;
  public volatile Object dFsdata;
  public volatile DentryOperations dOp;
  public final SuperBlock dSb;
  public final AtomicInteger dCount = new AtomicInteger(1);

  /**
   * {@code d_subdirs}: every child dentry, hashed or not, positive or negative, the newest
   * first ({@code d_alloc()} adds at the head). Guarded by rename_lock.
   */
  public final ListHead<Dentry> dSubdirs = new ListHead<>(null);

  /** {@code d_u.d_child}: this dentry's node on its parent's {@link #dSubdirs}; rename_lock. */
  public final ListHead<Dentry> dChild = new ListHead<>(this);

  /**
   * The hashed children by name: the model's dentry hash table; {@code null} until the first
   * child is hashed (most dentries are leaves). Guarded by rename_lock.
   */
  Map<String, Dentry> dChildren;

  /**
   * {@code !d_unhashed()}. Written under rename_lock; {@link Dcache#dput} reads it without the
   * lock to keep a cached dentry cached.
   */
  volatile boolean hashed;

  /**
   * {@code d_flags}: {@link Dcache#DCACHE_CANT_MOUNT}. Written under rename_lock (the model's
   * {@code d_lock}), read without it as the C reads it.
   */
  volatile int dFlags;

  /** How many mounts sit on this dentry ({@code d_mounted}). Guarded by the mount lock. */
  int dMounted;

  Dentry(SuperBlock sb, Dentry parent, String name) {
    this.dSb = sb;
    this.dParent = parent == null ? this : parent;
    this.dName = name;
  }

  /** Port of {@code IS_ROOT()}. */
  public boolean isRoot() {
    return dParent == this;
  }

  /** Port of {@code d_unhashed()}. */
  public boolean dUnhashed() {
    synchronized (Vfs.of(dSb.kernel()).renameLock) {
      return !hashed;
    }
  }

  /** Port of {@code d_unlinked()}: unhashed and not a root. */
  public boolean dUnlinked() {
    return dUnhashed() && !isRoot();
  }

  /** Port of {@code d_mountpoint()}. */
  public boolean dMountpoint() {
    return dMounted > 0;
  }

  /** Negative: no inode. */
  public boolean isNegative() {
    return dInode == null;
  }

  @Override
  public String toString() {
    return "dentry{" + dSb.sType().name() + ":" + dName + "}";
  }
}
