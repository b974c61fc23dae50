package ovlsim.overlay;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.VfsMount;

/**
 * Port of {@code struct ovl_fs}: the overlay superblock's {@code s_fs_info}, holding the private
 * clones ({@code clone_private_mount()}) of the upper and lower mounts through which every
 * access to the layers goes.
 *
 * <p>The fields are written by {@link OvlSuper#ovlFillSuper} before the superblock is published
 * and never change after; {@code put_super} only drops the references.
 */
final class OvlFs {
  VfsMount upperMnt;
  VfsMount lowerMnt;
  /** {@code lower_namelen} (v15): the lower layer's {@code f_namelen}, for statfs. */
  long lowerNamelen;
  /** Model-only: the historical state this mount runs ({@code version=} option). */
  final OvlVersion version;

  OvlFs(OvlVersion version) {
    this.version = version;
  }

  /** Does the overlay {@code dentry} belongs to run a version with {@code patch}? */
  static boolean has(Dentry dentry, OvlPatch patch) {
    return of(dentry.dSb).version.has(patch);
  }

  /** {@code sb->s_fs_info} of an overlay superblock. */
  static OvlFs of(SuperBlock sb) {
    return (OvlFs) sb.sFsInfo;
  }
}
