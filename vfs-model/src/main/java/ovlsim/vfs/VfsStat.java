package ovlsim.vfs;

/**
 * Port of {@code fs/stat.c}: {@code vfs_getattr()} and {@code generic_fillattr()}. No lock is
 * held: {@code ->getattr} reads attributes without i_mutex, as the kernel does.
 */
public final class VfsStat {
  private VfsStat() {}

  /** {@code 1 << i_blkbits} of every model inode. */
  static final int BLKSIZE = Fs.PAGE_SIZE;

  /** Port of {@code generic_fillattr()}. */
  public static void genericFillattr(Inode inode, Kstat stat) {
    stat.dev = inode.iSb.sDev;
    stat.ino = inode.iIno;
    stat.mode = inode.iMode;
    stat.nlink = inode.iNlink;
    stat.uid = inode.iUid;
    stat.gid = inode.iGid;
    stat.rdev = inode.iRdev;
    stat.size = inode.iSize;
    stat.atime = inode.iAtime;
    stat.mtime = inode.iMtime;
    stat.ctime = inode.iCtime;
    stat.blksize = BLKSIZE;
    stat.blocks = inode.iBlocks;
  }

  /**
   * Port of {@code vfs_getattr()}: {@code ->getattr}, whose absent form is
   * {@link #genericFillattr}. The model has no {@code security_inode_getattr()}.
   */
  public static void vfsGetattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    dentry.dInode.iOp.getattr(mnt, dentry, stat);
  }
}
