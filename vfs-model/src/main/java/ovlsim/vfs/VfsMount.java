package ovlsim.vfs;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port of {@code struct vfsmount}. The mount tree ({@code mntParent}, {@code mntMountpoint})
 * is guarded by the namespace lock in {@link Vfs}; {@code mntWriters} counts
 * {@code mnt_want_write()} references.
 */
public final class VfsMount {
  public final SuperBlock mntSb;
  public final Dentry mntRoot;
  public volatile VfsMount mntParent;
  public volatile Dentry mntMountpoint;
  public volatile int mntFlags;
  public final AtomicInteger mntWriters = new AtomicInteger();
  public final AtomicInteger mntCount = new AtomicInteger(1);
  /** A private clone ({@code clone_private_mount()}): in no namespace. */
  public final boolean isPrivate;

  VfsMount(SuperBlock sb, Dentry root, boolean isPrivate) {
    this.mntSb = sb;
    this.mntRoot = root;
    this.mntParent = this;
    this.mntMountpoint = root;
    this.isPrivate = isPrivate;
  }

  /** Port of {@code __mnt_is_readonly()}: the mount or its superblock is read-only. */
  public boolean isReadonly() {
    return (mntFlags & Fs.MNT_READONLY) != 0 || (mntSb.sFlags & Fs.MS_RDONLY) != 0;
  }

  @Override
  public String toString() {
    return "mnt{" + mntSb.sType().name() + "}";
  }
}
