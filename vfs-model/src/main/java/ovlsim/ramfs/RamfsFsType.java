package ovlsim.ramfs;

import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;

/**
 * Port of {@code ramfs_fs_type}: the filesystem type {@value #NAME}, the kernel's simplest
 * writable filesystem and its root filesystem ({@code rootfs} is a ramfs): everything lives in
 * the dcache and the page cache, built from the {@code fs/libfs.c} helpers. It has no
 * extended attributes, no limits (it never says ENOSPC) and one mount option, {@code mode=}
 * (the root's mode, octal, default 0755); every other option is ignored.
 */
public final class RamfsFsType implements FileSystemType {
  /** The name to mount it by. */
  public static final String NAME = "ramfs";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Port of {@code ramfs_mount()}: {@code mount_nodev(fs_type, flags, data, ramfs_fill_super)}
   * (the model's {@code ->get_sb} is {@code get_sb_nodev()}, which 2.6.38 keeps beside it).
   */
  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    return Super.getSbNodev(this, flags, data, Ramfs::ramfsFillSuper);
  }

  /**
   * Port of {@code ramfs_kill_sb()}: the options go, then {@code kill_litter_super()}, which
   * drops the pins on every entry so that the whole tree is freed.
   */
  @Override
  public void killSb(SuperBlock sb) {
    sb.sFsInfo = null;
    Super.killLitterSuper(sb);
  }
}
