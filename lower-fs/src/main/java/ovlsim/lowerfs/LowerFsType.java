package ovlsim.lowerfs;

import org.apache.commons.lang3.Validate;
import ovlsim.fault.FaultPlan;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * Port of {@code squashfs_fs_type}: the filesystem type {@code "lowerfs"}, a read-only
 * block-device filesystem whose device holds a {@link LowerImage}.
 *
 * <pre>{@code
 * Vfs.of(kernel).registerFilesystem(new LowerFsType());
 * kernel.attachDevice("/dev/loop0", LowerImage.of(layer));
 * sys.mount("/dev/loop0", "/lower", "lowerfs", Fs.MS_RDONLY, "");
 * }</pre>
 *
 * <p>Every mount is read-only (see {@link LowerSuper#fillSuper}); mounts of one device share one
 * superblock, and a second mount whose MS_RDONLY differs from the superblock's gets EBUSY, as
 * {@code get_sb_bdev()} gives. Each superblock has its own {@link FaultPlan} ({@link #faults}).
 */
public final class LowerFsType implements FileSystemType {
  /** The name {@code mount -t} takes. */
  public static final String NAME = "lowerfs";

  @Override
  public String name() {
    return NAME;
  }

  /** Port of {@code squashfs_get_sb()}: {@code get_sb_bdev()} with squashfs's fill_super. */
  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    return Super.getSbBdev(this, flags, devName, data, LowerSuper::fillSuper);
  }

  /** Port of {@code kill_block_super()}. */
  @Override
  public void killSb(SuperBlock sb) {
    Super.killAnonSuper(sb);
  }

  /**
   * The fault plan of the lower-fs instance {@code sb} (as {@code UpperFs.faults(sb)} is
   * upper-fs's): rules added to it make that instance's operations fail, each checked at the
   * operation's entry before it reads anything: {@code lower.lookup}, {@code lower.getattr},
   * {@code lower.open} (files, directories, fifos and devices), {@code lower.read},
   * {@code lower.readdir}, {@code lower.readlink}, {@code lower.follow_link},
   * {@code lower.getxattr} and {@code lower.listxattr}. Its log shows what was injected.
   * Writes need no fault points: they all fail with EROFS.
   *
   * @throws IllegalArgumentException when {@code sb} is not a lower-fs superblock
   */
  public static FaultPlan faults(SuperBlock sb) {
    return of(sb).faultPlan;
  }

  /** The fault plan of the lower-fs instance mounted at {@code mnt}; see {@link #faults(SuperBlock)}. */
  public static FaultPlan faults(VfsMount mnt) {
    Validate.notNull(mnt, "mnt");
    return faults(mnt.mntSb);
  }

  private static LowerSuper of(SuperBlock sb) {
    Validate.notNull(sb, "sb");
    Validate.isTrue(sb.sFsInfo instanceof LowerSuper, "not a lower-fs superblock: %s", sb);
    return (LowerSuper) sb.sFsInfo;
  }

  /** The image the lower-fs instance {@code sb} was mounted from. */
  public static LowerImage image(SuperBlock sb) {
    return of(sb).image;
  }
}
