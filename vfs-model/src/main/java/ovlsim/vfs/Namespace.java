package ovlsim.vfs;

import ovlsim.kernel.Capability;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of {@code fs/namespace.c}: mount references, write access to mounts, the mount tree
 * ({@code do_mount()}, {@code do_umount()}), and {@code clone_private_mount()} of the overlayfs
 * v6 series, patch 3/6 "vfs: introduce clone_private_mount()".
 */
public final class Namespace {
  private Namespace() {}

  /** Port of {@code mntget()}. */
  public static VfsMount mntget(VfsMount mnt) {
    if (mnt != null) {
      mnt.mntCount.incrementAndGet();
    }
    return mnt;
  }

  /** Port of {@code mntput()}: with the last reference the superblock is deactivated. */
  public static void mntput(VfsMount mnt) {
    if (mnt != null && mnt.mntCount.decrementAndGet() == 0) {
      Dcache.dput(mnt.mntRoot);
      Super.deactivateSuper(mnt.mntSb);
    }
  }

  /** Port of {@code path_get()}. */
  public static void pathGet(Path path) {
    mntget(path.mnt);
    Dcache.dget(path.dentry);
  }

  /** Port of {@code path_put()}. */
  public static void pathPut(Path path) {
    Dcache.dput(path.dentry);
    mntput(path.mnt);
  }

  /** Port of {@code mnt_want_write()}: EROFS on a read-only mount or superblock. */
  public static void mntWantWrite(VfsMount mnt) {
    synchronized (mnt) {
      if (mnt.isReadonly()) {
        throw new KernelError(Errno.EROFS);
      }
      mnt.mntWriters.incrementAndGet();
    }
  }

  /** Port of {@code mnt_drop_write()}. */
  public static void mntDropWrite(VfsMount mnt) {
    synchronized (mnt) {
      mnt.mntWriters.decrementAndGet();
    }
  }

  /**
   * Port of {@code clone_private_mount()} (overlayfs v6, patch 3/6): a private mount of the same
   * superblock rooted at {@code path.dentry}, in no namespace. EINVAL for an unbindable mount.
   */
  public static VfsMount clonePrivateMount(Path path) {
    if ((path.mnt.mntFlags & Fs.MNT_UNBINDABLE) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    VfsMount mnt = new VfsMount(path.mnt.mntSb, Dcache.dget(path.dentry), true);
    mnt.mntFlags = path.mnt.mntFlags & ~Fs.MNT_UNBINDABLE;
    path.mnt.mntSb.sActive.incrementAndGet();
    return mnt;
  }

  /**
   * Port of {@code follow_mount()}: while {@code path} is a mountpoint, steps onto the root of
   * the mount on top. References move along.
   */
  public static void followMount(Path path) {
    while (path.dentry.dMountpoint()) {
      VfsMount mounted = Vfs.of(path.dentry.dSb.kernel()).lookupMnt(path.mnt, path.dentry);
      if (mounted == null) {
        break;
      }
      mntget(mounted);
      Dentry root = Dcache.dget(mounted.mntRoot);
      Dcache.dput(path.dentry);
      mntput(path.mnt);
      path.mnt = mounted;
      path.dentry = root;
    }
  }

  /**
   * Port of {@code follow_up()}: from the root of a mount to its mountpoint in the parent.
   * Returns {@code false} at the top of the tree.
   */
  public static boolean followUp(Path path) {
    VfsMount mnt = path.mnt;
    VfsMount parent = mnt.mntParent;
    if (parent == mnt) {
      return false;
    }
    mntget(parent);
    Dentry mountpoint = Dcache.dget(mnt.mntMountpoint);
    Dcache.dput(path.dentry);
    mntput(path.mnt);
    path.mnt = parent;
    path.dentry = mountpoint;
    return true;
  }

  /**
   * Port of {@code do_mount()}: a new mount, a bind mount ({@code MS_BIND}) or a remount
   * ({@code MS_REMOUNT}) on {@code dirName}. EPERM without CAP_SYS_ADMIN.
   */
  public static void doMount(String devName, String dirName, String type, int flags, String data) {
    if (!Creds.capable(Capability.CAP_SYS_ADMIN)) {
      throw new KernelError(Errno.EPERM);
    }
    Path path = new Path();
    Namei.kernPath(dirName, Fs.LOOKUP_FOLLOW, path);
    try {
      if ((flags & Fs.MS_REMOUNT) != 0) {
        doRemount(path, flags, data);
      } else if ((flags & Fs.MS_BIND) != 0) {
        doLoopback(path, devName);
      } else {
        doNewMount(path, type, flags, devName, data);
      }
    } finally {
      pathPut(path);
    }
  }

  private static void doRemount(Path path, int flags, String data) {
    if (path.dentry != path.mnt.mntRoot) {
      throw new KernelError(Errno.EINVAL);
    }
    Super.doRemountSb(path.mnt.mntSb, flags, data);
  }

  private static void doLoopback(Path path, String oldName) {
    Path old = new Path();
    Namei.kernPath(oldName, Fs.LOOKUP_FOLLOW, old);
    try {
      VfsMount mnt = clonePrivateMount(old);
      graftTree(mnt, path);
    } finally {
      pathPut(old);
    }
  }

  /**
   * Port of {@code do_new_mount()}: a new superblock ({@code do_kern_mount()}), then
   * {@code do_add_mount()}'s {@link #graftTree}. Differs: {@code do_add_mount()}'s
   * {@code follow_down()} ("Something was mounted here while we slept"), its EBUSY for the same
   * superblock on its own root and its EINVAL for a symlink root are not modelled: a mount that
   * lost a race to another on the same directory is stacked on the same mountpoint dentry
   * instead of on the other's root, which lookups cannot tell apart (they end on the newest).
   */
  private static void doNewMount(Path path, String type, int flags, String devName, String data) {
    if (type == null || type.isEmpty()) {
      throw new KernelError(Errno.EINVAL);
    }
    VfsMount mnt = Super.doKernMount(type, flags & ~Fs.MS_REMOUNT, devName, data);
    try {
      graftTree(mnt, path);
    } catch (KernelError e) {
      mntput(mnt);
      throw e;
    }
  }

  /**
   * Port of {@code graft_tree()}: attaches {@code mnt} on top of {@code path} under the
   * mountpoint's i_mutex, which {@code vfs_unlink()}, {@code vfs_rmdir()} and
   * {@code vfs_rename_*()} hold while they remove it: ENOENT for a dentry they marked
   * ({@code cant_mount()}) or that is unlinked ({@code d_unlinked()}). Differs: 2.6.38 holds
   * {@code namespace_sem} (a sleeping lock) around all of it; the model's namespace lock is a
   * monitor, taken inside the i_mutex by {@code attach_mnt()} only, so that nothing sleeps
   * under it.
   */
  private static void graftTree(VfsMount mnt, Path path) {
    if (Stat.S_ISDIR(path.dentry.dInode.iMode) != Stat.S_ISDIR(mnt.mntRoot.dInode.iMode)) {
      throw new KernelError(Errno.ENOTDIR);
    }
    Inode inode = path.dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      if (Dcache.cantMount(path.dentry) || path.dentry.dUnlinked()) {
        throw new KernelError(Errno.ENOENT);
      }
      Vfs vfs = Vfs.of(path.dentry.dSb.kernel());
      mntget(path.mnt);
      Dcache.dget(path.dentry);
      vfs.attachMnt(mnt, path.mnt, path.dentry);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code do_umount()} (no lazy or forced unmount): EINVAL when {@code dirName} is not
   * the root of a mount or is "/", EBUSY while the mount has mounts on it or is in use.
   */
  public static void doUmount(String dirName) {
    if (!Creds.capable(Capability.CAP_SYS_ADMIN)) {
      throw new KernelError(Errno.EPERM);
    }
    Path path = new Path();
    Namei.kernPath(dirName, Fs.LOOKUP_FOLLOW, path);
    VfsMount mnt = path.mnt;
    Vfs vfs = Vfs.of(Task.current().kernel());
    try {
      if (path.dentry != mnt.mntRoot || mnt.mntParent == mnt) {
        throw new KernelError(Errno.EINVAL);
      }
      synchronized (vfs.namespaceLock) {
        // The tree holds one reference and our lookup another.
        if (!vfs.childMounts(mnt).isEmpty() || mnt.mntCount.get() > 2) {
          throw new KernelError(Errno.EBUSY);
        }
        VfsMount parent = mnt.mntParent;
        Dentry mountpoint = mnt.mntMountpoint;
        vfs.detachMnt(mnt);
        Dcache.dput(mountpoint);
        mntput(parent);
      }
    } finally {
      pathPut(path);
    }
    mntput(mnt);
  }
}
