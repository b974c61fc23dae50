package ovlsim.vfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.KernelLocal;

/**
 * The VFS-wide state of one {@link Kernel}: what the C kernel keeps in globals.
 *
 * <ul>
 *   <li>{@link #renameLock}: {@code rename_lock} and the dentry hash lock. The model takes it
 *       as a plain monitor; it is a spinlock, never a schedule point, and nothing sleeps under
 *       it.
 *   <li>the filesystem type list ({@code file_systems}, {@code register_filesystem()});
 *   <li>the mount tree ({@code mount_hashtable}), guarded by {@link #namespaceLock}
 *       ({@code namespace_sem} + {@code vfsmount_lock});
 *   <li>{@code get_next_ino()} and the anonymous device numbers ({@code get_anon_bdev()}).
 * </ul>
 */
public final class Vfs {
  private static final KernelLocal<Vfs> VFS = KernelLocal.of(Vfs::new);

  private final Kernel kernel;
  /** {@code rename_lock}: guards every dentry's d_parent, d_name and the dentry hash. */
  public final Object renameLock = new Object();
  /** {@code namespace_sem} + {@code vfsmount_lock}: guards the mount tree. */
  final Object namespaceLock = new Object();

  private final Map<String, RegisteredFs> fileSystems = new HashMap<>();
  private final AtomicLong lastIno = new AtomicLong();
  private final AtomicInteger lastAnonDev = new AtomicInteger(16);
  private final Map<Dentry, List<VfsMount>> mountHash = new HashMap<>();
  /** The superblocks of block-device filesystems by backing device ({@code sget(test_bdev_super)}); guarded by itself. */
  final Map<Object, SuperBlock> bdevSupers = new HashMap<>();
  private final List<VfsMount> mounts = new ArrayList<>();
  private volatile VfsMount rootMnt;

  private Vfs(Kernel kernel) {
    this.kernel = kernel;
  }

  /** The VFS-wide state of {@code kernel}. */
  public static Vfs of(Kernel kernel) {
    return VFS.get(kernel);
  }

  /** Port of {@code register_filesystem()}: EBUSY when the name is taken. */
  public void registerFilesystem(FileSystemType type) {
    synchronized (fileSystems) {
      if (fileSystems.containsKey(type.name())) {
        throw new KernelError(Errno.EBUSY);
      }
      fileSystems.put(type.name(), RegisteredFs.of(type));
    }
  }

  /** Port of {@code get_fs_type()}: ENODEV when no such type is registered. */
  public RegisteredFs getFsType(String name) {
    synchronized (fileSystems) {
      RegisteredFs t = fileSystems.get(name);
      if (t == null) {
        throw new KernelError(Errno.ENODEV, name);
      }
      return t;
    }
  }

  /** The registration of {@code type}; ENODEV when it is not registered. */
  public RegisteredFs registration(FileSystemType type) {
    RegisteredFs r = getFsType(type.name());
    if (r.type() != type) {
      throw new KernelError(Errno.ENODEV, type.name());
    }
    return r;
  }

  /** Port of {@code get_next_ino()}. */
  public long getNextIno() {
    return lastIno.incrementAndGet();
  }

  /** Port of {@code get_anon_bdev()}: a fresh device number with major 0. */
  public int getAnonBdev() {
    return Stat.mkdev(0, lastAnonDev.incrementAndGet());
  }

  /** The mount of "/", or {@code null} before {@link #mountRoot}. */
  public VfsMount rootMnt() {
    return rootMnt;
  }

  /**
   * Port of {@code init_mount_tree()}: mounts a new instance of {@code fsType} as "/" and points
   * init's root and cwd at it; runs as init. Tasks spawned afterwards inherit that root.
   */
  public void mountRoot(String fsType, String devName, String data) {
    kernel.init().run(() -> {
      if (rootMnt != null) {
        throw new KernelError(Errno.EBUSY, "root already mounted");
      }
      VfsMount mnt = Super.doKernMount(fsType, 0, devName, data);
      synchronized (namespaceLock) {
        rootMnt = mnt;
        mounts.add(mnt);
      }
      Path root = new Path(mnt, mnt.mntRoot);
      FsStruct.current().setRoot(root);
      FsStruct.current().setPwd(root);
    });
  }

  /** Port of {@code lookup_mnt()}: the mount on top of ({@code mnt}, {@code dentry}), or null. */
  VfsMount lookupMnt(VfsMount mnt, Dentry dentry) {
    synchronized (namespaceLock) {
      List<VfsMount> l = mountHash.get(dentry);
      if (l == null) {
        return null;
      }
      for (int i = l.size() - 1; i >= 0; i--) {
        VfsMount child = l.get(i);
        if (child.mntParent == mnt) {
          return child;
        }
      }
      return null;
    }
  }

  /** Port of {@code attach_mnt()}: puts {@code child} on ({@code parent}, {@code mountpoint}). */
  void attachMnt(VfsMount child, VfsMount parent, Dentry mountpoint) {
    synchronized (namespaceLock) {
      child.mntParent = parent;
      child.mntMountpoint = mountpoint;
      mountHash.computeIfAbsent(mountpoint, k -> new ArrayList<>()).add(child);
      mountpoint.dMounted++;
      mounts.add(child);
    }
  }

  /** Port of {@code detach_mnt()}. */
  void detachMnt(VfsMount child) {
    synchronized (namespaceLock) {
      List<VfsMount> l = mountHash.get(child.mntMountpoint);
      if (l != null) {
        l.remove(child);
        if (l.isEmpty()) {
          mountHash.remove(child.mntMountpoint);
        }
      }
      child.mntMountpoint.dMounted--;
      mounts.remove(child);
      child.mntParent = child;
      child.mntMountpoint = child.mntRoot;
    }
  }

  /** Mounts that have {@code mnt} as parent. */
  List<VfsMount> childMounts(VfsMount mnt) {
    synchronized (namespaceLock) {
      List<VfsMount> r = new ArrayList<>();
      for (VfsMount m : mounts) {
        if (m != mnt && m.mntParent == mnt) {
          r.add(m);
        }
      }
      return r;
    }
  }

  /** Every mount in the namespace, in mount order. */
  public List<VfsMount> mounts() {
    synchronized (namespaceLock) {
      return List.copyOf(mounts);
    }
  }
}
