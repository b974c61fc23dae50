package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of the syscall half of {@code fs/stat.c}: {@code vfs_fstat()}, {@code vfs_fstatat()}
 * ({@code vfs_stat()}, {@code vfs_lstat()}) and {@code sys_readlinkat()}. None takes an
 * i_mutex: {@code ->getattr} and {@code ->readlink} are called with no lock held.
 */
public final class StatSyscalls {
  private StatSyscalls() {}

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
