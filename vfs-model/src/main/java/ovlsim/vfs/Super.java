package ovlsim.vfs;

import java.util.Map;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;

/** Port of {@code fs/super.c}: making, mounting and killing superblocks. */
public final class Super {
  private Super() {}

  private static SuperBlock allocSuper(Kernel kernel, FileSystemType type, int flags) {
    RegisteredFs reg = Vfs.of(kernel).registration(type);
    SuperBlock sb = new SuperBlock(kernel, reg, Vfs.of(kernel).getAnonBdev());
    sb.sFlags = flags;
    return sb;
  }

  /**
   * Port of {@code get_sb_nodev()}: a new superblock for a filesystem with no device; calls
   * {@code fillSuper} and returns the superblock with its root set.
   */
  public static SuperBlock getSbNodev(
      FileSystemType type, int flags, Object data, FillSuper fillSuper) {
    SuperBlock sb = allocSuper(Task.current().kernel(), type, flags);
    fillSuper.fill(sb, data, (flags & 0x8000) != 0 ? 1 : 0);
    if (sb.sRoot == null) {
      throw new IllegalStateException(type.name() + ": fill_super left s_root unset");
    }
    return sb;
  }

  /**
   * Port of {@code get_sb_bdev()}: the superblock of the device {@code devName} (an object
   * {@link Kernel#attachDevice attached} under that name), shared by every mount of the same
   * device as in the kernel; ENOENT when nothing is attached there.
   */
  public static SuperBlock getSbBdev(
      FileSystemType type, int flags, String devName, Object data, FillSuper fillSuper) {
    Kernel kernel = Task.current().kernel();
    Object bdev = devName == null ? null : kernel.device(devName);
    if (bdev == null) {
      throw new KernelError(Errno.ENOENT, "no device " + devName);
    }
    Map<Object, SuperBlock> bdevSupers = Vfs.of(kernel).bdevSupers;
    synchronized (bdevSupers) {
      SuperBlock sb = bdevSupers.get(bdev);
      if (sb != null && sb.sActive.get() > 0) {
        if (((flags ^ sb.sFlags) & Fs.MS_RDONLY) != 0) {
          throw new KernelError(Errno.EBUSY);
        }
        return sb;
      }
      sb = allocSuper(kernel, type, flags);
      sb.sFsInfo = bdev;
      fillSuper.fill(sb, data, 0);
      bdevSupers.put(bdev, sb);
      return sb;
    }
  }

  /**
   * Port of {@code generic_shutdown_super()}: frees the superblock's dentries
   * ({@code shrink_dcache_for_umount()}), then {@code ->put_super}. A superblock whose
   * {@code fill_super} failed has no root, and neither step runs.
   */
  public static void genericShutdownSuper(SuperBlock sb) {
    if (sb.sRoot != null) {
      Dcache.shrinkDcacheForUmount(sb);
      sb.sOp.putSuper(sb);
    }
  }

  /** Port of {@code kill_anon_super()}: {@code generic_shutdown_super()} + free the dev. */
  public static void killAnonSuper(SuperBlock sb) {
    genericShutdownSuper(sb);
    Map<Object, SuperBlock> bdevSupers = Vfs.of(sb.kernel()).bdevSupers;
    synchronized (bdevSupers) {
      bdevSupers.values().remove(sb);
    }
  }

  /**
   * Port of {@code kill_litter_super()}: for a filesystem whose entries live only in the dcache
   * (ramfs), {@code d_genocide()} drops the pins on them first, then {@code kill_anon_super()}.
   */
  public static void killLitterSuper(SuperBlock sb) {
    if (sb.sRoot != null) {
      Dcache.dGenocide(sb.sRoot);
    }
    killAnonSuper(sb);
  }

  /**
   * Port of {@code vfs_kern_mount()} / {@code do_kern_mount()}: a new mount of a new (or
   * shared) superblock of type {@code fsType}, attached nowhere yet.
   */
  public static VfsMount doKernMount(String fsType, int flags, String devName, String data) {
    RegisteredFs type = Vfs.of(Task.current().kernel()).getFsType(fsType);
    SuperBlock sb = type.type().getSb(flags, devName, data);
    sb.sActive.incrementAndGet();
    return new VfsMount(sb, Dcache.dget(sb.sRoot), false);
  }

  /** Port of {@code deactivate_super()}: the last mount went; kill the superblock. */
  static void deactivateSuper(SuperBlock sb) {
    if (sb.sActive.decrementAndGet() == 0) {
      sb.sType().type().killSb(sb);
    }
  }

  /**
   * Port of {@code do_remount_sb()}: changes the read-only flag through {@code ->remount_fs}.
   * EBUSY for rw to ro with files open for write is not modelled (the model does not track
   * them per superblock).
   */
  static void doRemountSb(SuperBlock sb, int flags, String data) {
    int[] f = {flags};
    sb.sOp.remountFs(sb, f, data);
    sb.sFlags = (sb.sFlags & ~Fs.MS_RDONLY) | (f[0] & Fs.MS_RDONLY);
  }
}
