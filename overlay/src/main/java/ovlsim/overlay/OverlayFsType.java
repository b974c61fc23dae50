package ovlsim.overlay;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;

/**
 * Port of {@code ovl_fs_type}: the overlay filesystem, registered as {@value #NAME}.
 *
 * <p>To use it in a model kernel, register it once and mount it on top of two directories
 * (which may be in the same or in different filesystems):
 *
 * <pre>
 * Kernel k = new Kernel();
 * Vfs.of(k).registerFilesystem(new UpperFsType());
 * Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
 * OverlayFsType.register(k);
 * ModelSys sys = ModelSys.of(k.init());
 * sys.mkdir("/lower", 0755); sys.mkdir("/upper", 0755); sys.mkdir("/mnt", 0755);
 * // ... populate /lower (or mount a lower-fs image there) ...
 * sys.mount("overlay", "/mnt", "overlayfs", 0, "lowerdir=/lower,upperdir=/upper,version=v6");
 * </pre>
 *
 * <p>Options: {@code lowerdir=} and {@code upperdir=} (required), and the model-only
 * {@code version=v6|v7|v7-fix|v10|v11|v15} choosing the {@link OvlVersion} (default {@link OvlVersion#newest()}).
 * Mount with {@code MS_RDONLY} for a read-only overlay (no write access to the upper is taken);
 * {@code MS_REMOUNT} flips it ({@code ovl_remount_fs()}).
 */
public final class OverlayFsType implements FileSystemType {
  /** {@code .name = "overlayfs"}: the type to mount. */
  public static final String NAME = "overlayfs";

  /** {@code static struct file_system_type ovl_fs_type}. */
  static final OverlayFsType OVL_FS_TYPE = new OverlayFsType();

  private OverlayFsType() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Port of {@code ovl_get_sb()} (v6; {@code ovl_mount()} from v7): {@code get_sb_nodev(fs_type,
   * flags, raw_data, ovl_fill_super, mnt)} (v7: {@code mount_nodev()}, the 2.6.39 form of the
   * same). {@code kill_sb} is the default {@code kill_anon_super()}.
   */
  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    return Super.getSbNodev(this, flags, data, OvlSuper::ovlFillSuper);
  }

  /**
   * Port of {@code ovl_init()}: {@code register_filesystem(&ovl_fs_type)} in {@code kernel}
   * (EBUSY, thrown, when it is registered already). The C's module exit
   * ({@code unregister_filesystem()}) has no counterpart: a model kernel is discarded whole.
   */
  public static void register(Kernel kernel) {
    Vfs.of(kernel).registerFilesystem(OVL_FS_TYPE);
  }

  /**
   * The {@link OvlVersion} an overlay superblock runs (its {@code version=} option); for
   * tools and tests.
   */
  public static OvlVersion versionOf(SuperBlock sb) {
    if (sb.sType().type() != OVL_FS_TYPE) {
      throw new IllegalArgumentException(sb + " is not an overlay superblock");
    }
    return OvlFs.of(sb).version;
  }
}
