package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/** Port of {@code fs/statfs.c}. */
public final class Statfs {
  private Statfs() {}

  /**
   * Port of {@code statfs_by_dentry()}: ENOSYS when the superblock has no {@code ->statfs};
   * {@code buf} is cleared, filled by the filesystem, and {@code f_frsize} defaults to
   * {@code f_bsize}.
   */
  static void statfsByDentry(Dentry dentry, Kstatfs buf) {
    SuperOperations sop = dentry.dSb.sOp;
    if (!sop.hasStatfs()) {
      throw new KernelError(Errno.ENOSYS);
    }
    clear(buf);
    sop.statfs(dentry, buf);
    if (buf.fFrsize == 0) {
      buf.fFrsize = buf.fBsize;
    }
  }

  private static void clear(Kstatfs buf) {
    buf.fType = 0;
    buf.fBsize = 0;
    buf.fBlocks = 0;
    buf.fBfree = 0;
    buf.fBavail = 0;
    buf.fFiles = 0;
    buf.fFfree = 0;
    buf.fFsid = 0;
    buf.fNamelen = 0;
    buf.fFrsize = 0;
  }

  /**
   * Port of {@code vfs_statfs()}: {@link #statfsByDentry} on the path's dentry. The model's
   * {@link Kstatfs} has no {@code f_flags}, so {@code calculate_f_flags()} has nowhere to go.
   */
  public static void vfsStatfs(Path path, Kstatfs buf) {
    statfsByDentry(path.dentry, buf);
  }

  /** Port of {@code user_statfs()}: walks {@code pathname} (following) and stats it. */
  public static void userStatfs(String pathname, Kstatfs buf) {
    Path path = new Path();
    Namei.userPath(pathname, Fs.LOOKUP_FOLLOW, path);
    try {
      vfsStatfs(path, buf);
    } finally {
      Namespace.pathPut(path);
    }
  }
}
