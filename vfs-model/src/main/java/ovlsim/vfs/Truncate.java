package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * Port of the truncate syscalls of {@code fs/open.c}: {@code do_sys_truncate()} and
 * {@code do_sys_ftruncate()}; {@code do_truncate()} itself is {@link Open#doTruncate}, which
 * calls {@code notify_change()} under the inode's i_mutex.
 */
public final class Truncate {
  private Truncate() {}

  /**
   * Port of {@code do_sys_truncate()}: EINVAL for a negative length; the walk (following a
   * final symlink); EISDIR for a directory, EINVAL for another non-regular file; EROFS;
   * {@code inode_permission(MAY_WRITE)}; EPERM when append-only; ETXTBSY while writes are
   * denied; then {@link Open#doTruncate}.
   */
  public static void doSysTruncate(String pathname, long length) {
    if (length < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    Path path = new Path();
    Namei.userPath(pathname, Fs.LOOKUP_FOLLOW, path);
    try {
      Inode inode = path.dentry.dInode;
      // For directories it's EISDIR, for other non-regulars EINVAL.
      if (Stat.S_ISDIR(inode.iMode)) {
        throw new KernelError(Errno.EISDIR);
      }
      if (!Stat.S_ISREG(inode.iMode)) {
        throw new KernelError(Errno.EINVAL);
      }
      Namespace.mntWantWrite(path.mnt);
      try {
        Permission.inodePermission(inode, Fs.MAY_WRITE);
        if (inode.isAppend()) {
          throw new KernelError(Errno.EPERM);
        }
        Open.getWriteAccess(inode);
        try {
          // No leases, mandatory locks or LSM in the model.
          Open.doTruncate(path.dentry, length, 0, null);
        } finally {
          Open.putWriteAccess(inode);
        }
      } finally {
        Namespace.mntDropWrite(path.mnt);
      }
    } finally {
      Namespace.pathPut(path);
    }
  }

  /**
   * Port of {@code do_sys_ftruncate()}: EINVAL for a negative length, EBADF for an unknown
   * fd, EINVAL unless a regular file opened for writing, EPERM when append-only; then
   * {@link Open#doTruncate} with ATTR_MTIME|ATTR_CTIME. The model is 64-bit, where every file is
   * O_LARGEFILE, so the 2^31 limit of {@code small} never applies.
   */
  public static void doSysFtruncate(int fd, long length) {
    if (length < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    File file = FileTable.fget(fd);
    try {
      Dentry dentry = file.fPath.dentry;
      Inode inode = dentry.dInode;
      if (!Stat.S_ISREG(inode.iMode) || (file.fMode & Fs.FMODE_WRITE) == 0) {
        throw new KernelError(Errno.EINVAL);
      }
      if (inode.isAppend()) {
        throw new KernelError(Errno.EPERM);
      }
      Open.doTruncate(dentry, length, Fs.ATTR_MTIME | Fs.ATTR_CTIME, file);
    } finally {
      Open.fput(file);
    }
  }
}
