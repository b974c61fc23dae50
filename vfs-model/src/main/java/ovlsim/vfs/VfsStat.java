package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of {@code fs/stat.c}: {@code generic_fillattr()}, {@code vfs_getattr()}, the stat
 * syscalls' {@code vfs_fstat()} and {@code vfs_fstatat()}, and {@code sys_readlinkat()}. No
 * lock is held: {@code ->getattr} and {@code ->readlink} are called without i_mutex, as the
 * kernel does.
 */
public final class VfsStat {
  /** {@code 1 << i_blkbits} of every model inode. */
  static final int BLKSIZE = Fs.PAGE_SIZE;

  private VfsStat() {}

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

  /** Port of {@code vfs_fstat()}: EBADF for an unknown fd, else {@code vfs_getattr()}. */
  public static void vfsFstat(int fd, Kstat stat) {
    File f = FileTable.fget(fd);
    try {
      VfsStat.vfsGetattr(f.fPath.mnt, f.fPath.dentry, stat);
    } finally {
      Open.fput(f);
    }
  }

  /**
   * Port of {@code vfs_fstatat(AT_FDCWD, ...)}: EINVAL for flags other than
   * {@code AT_SYMLINK_NOFOLLOW}; the walk; {@code vfs_getattr()}.
   */
  public static void vfsFstatat(String filename, Kstat stat, int flag) {
    if ((flag & ~Fcntl.AT_SYMLINK_NOFOLLOW) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    int lookupFlags = (flag & Fcntl.AT_SYMLINK_NOFOLLOW) == 0 ? Fs.LOOKUP_FOLLOW : 0;
    Path path = new Path();
    Namei.userPath(filename, lookupFlags, path);
    try {
      VfsStat.vfsGetattr(path.mnt, path.dentry, stat);
    } finally {
      Namespace.pathPut(path);
    }
  }

  /** Port of {@code vfs_stat()}: follows a final symlink. */
  public static void vfsStat(String name, Kstat stat) {
    vfsFstatat(name, stat, 0);
  }

  /** Port of {@code vfs_lstat()}: stats a final symlink itself. */
  public static void vfsLstat(String name, Kstat stat) {
    vfsFstatat(name, stat, Fcntl.AT_SYMLINK_NOFOLLOW);
  }

  /**
   * Port of {@code sys_readlinkat(AT_FDCWD, ...)}: EINVAL for {@code bufsiz <= 0}; the walk
   * (not following the last link); EINVAL unless the inode has {@code ->readlink}, else
   * {@code touch_atime()} and {@code ->readlink}. Returns the bytes copied (no NUL). The model
   * cannot test the method pointer, so "not a symlink" stands for a NULL {@code ->readlink}.
   */
  public static int sysReadlinkat(String pathname, byte[] buf, int bufsiz) {
    if (bufsiz <= 0) {
      throw new KernelError(Errno.EINVAL);
    }
    Path path = new Path();
    Namei.userPath(pathname, 0, path);
    try {
      Inode inode = path.dentry.dInode;
      if (!Stat.S_ISLNK(inode.iMode)) {
        throw new KernelError(Errno.EINVAL);
      }
      Inodes.touchAtime(path.mnt, path.dentry);
      return inode.iOp.readlink(path.dentry, buf, bufsiz);
    } finally {
      Namespace.pathPut(path);
    }
  }
}
