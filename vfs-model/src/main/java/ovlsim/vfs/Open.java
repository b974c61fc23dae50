package ovlsim.vfs;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of the file-opening half of {@code fs/open.c} as patched by the overlayfs v6 series,
 * patch 1/6 "vfs: add i_op->open()" ({@code vfs_open()} calls {@code i_op->open} when present), and of {@code fput()} from
 * {@code fs/file_table.c}.
 */
public final class Open {
  private Open() {}

  /**
   * Port of {@code vfs_open()} (overlayfs v6, patch 1/6): opens {@code path}; when the inode has an
   * {@code i_op->open} the filesystem opens it (possibly a file of another filesystem). The
   * returned file holds its own reference on its path.
   */
  public static File vfsOpen(Path path, int flags, Cred cred) {
    Inode inode = path.dentry.dInode;
    if (inode == null) {
      // The C dereferences inode->i_op here: a negative dentry is a NULL pointer oops (a stacked
      // filesystem can pass one). The model records it as a BUG, which stops the task.
      Bugs.bug("vfs_open: NULL pointer dereference: " + path.dentry + " is negative");
    }
    File f = inode.iOp.open(path.dentry, flags, cred);
    if (f != null) {
      return f;
    }
    return dentryOpenInternal(path, flags, cred);
  }

  /**
   * Port of {@code dentry_open()}: {@link #vfsOpen} that consumes the caller's references on
   * {@code dentry} and {@code mnt}.
   */
  public static File dentryOpen(Dentry dentry, VfsMount mnt, int flags, Cred cred) {
    Bugs.bugOn(mnt == null, "dentry_open with NULL vfsmount");
    Path path = new Path(mnt, dentry);
    try {
      return vfsOpen(path, flags, cred);
    } finally {
      Namespace.pathPut(path);
    }
  }

  /**
   * Port of {@code __dentry_open()}: a new file on {@code path} with its own path reference,
   * write access taken for {@code FMODE_WRITE}, and {@code f_op->open} called.
   */
  static File dentryOpenInternal(Path path, int flags, Cred cred) {
    Path fpath = path.copy();
    Namespace.pathGet(fpath);
    int fmode = Fs.OPEN_FMODE(flags) | Fs.FMODE_LSEEK | Fs.FMODE_PREAD | Fs.FMODE_PWRITE;
    Inode inode = fpath.dentry.dInode;
    if (inode == null) {
      // __dentry_open() reads d_inode again: a racing d_delete() made it NULL, an oops in the C.
      Namespace.pathPut(fpath);
      Bugs.bug("__dentry_open: NULL pointer dereference: " + fpath.dentry + " is negative");
    }
    File f = new File(fpath, flags, fmode, cred);
    boolean wrote = false;
    try {
      if ((fmode & Fs.FMODE_WRITE) != 0) {
        getFileWriteAccess(inode, fpath.mnt);
        wrote = true;
      }
      f.fPos = 0;
      f.fOp = inode.iFop;
      f.fOp.open(inode, f);
      f.fFlags &= ~(Fcntl.O_CREAT | Fcntl.O_EXCL | Fcntl.O_NOCTTY | Fcntl.O_TRUNC);
      return f;
    } catch (KernelError e) {
      if (wrote) {
        putFileWriteAccess(inode, fpath.mnt);
      }
      Namespace.pathPut(fpath);
      throw e;
    }
  }

  /** Port of {@code __get_file_write_access()}: ETXTBSY when write is denied, EROFS. */
  private static void getFileWriteAccess(Inode inode, VfsMount mnt) {
    getWriteAccess(inode);
    if (!Stat.specialFile(inode.iMode)) {
      try {
        Namespace.mntWantWrite(mnt);
      } catch (KernelError e) {
        putWriteAccess(inode);
        throw e;
      }
    }
  }

  private static void putFileWriteAccess(Inode inode, VfsMount mnt) {
    putWriteAccess(inode);
    if (!Stat.specialFile(inode.iMode)) {
      Namespace.mntDropWrite(mnt);
    }
  }

  /** Port of {@code get_write_access()}: ETXTBSY while writes are denied (i_writecount < 0). */
  public static void getWriteAccess(Inode inode) {
    while (true) {
      int c = inode.iWritecount.get();
      if (c < 0) {
        throw new KernelError(Errno.ETXTBSY);
      }
      if (inode.iWritecount.compareAndSet(c, c + 1)) {
        return;
      }
    }
  }

  /** Port of {@code put_write_access()}. */
  public static void putWriteAccess(Inode inode) {
    inode.iWritecount.decrementAndGet();
  }

  /** Port of {@code get_file()}: takes a reference on {@code file}. */
  public static File getFile(File file) {
    file.fCount.incrementAndGet();
    return file;
  }

  /**
   * Port of {@code fput()}: drops a reference; the last one calls {@code f_op->release},
   * returns write access and drops the path.
   */
  public static void fput(File file) {
    int c = file.fCount.decrementAndGet();
    Bugs.bugOn(c < 0, "fput: negative f_count on %s", file);
    if (c > 0) {
      return;
    }
    Inode inode = file.fPath.dentry.dInode;
    file.fOp.release(inode, file);
    if ((file.fMode & Fs.FMODE_WRITE) != 0) {
      putFileWriteAccess(inode, file.fPath.mnt);
    }
    Namespace.pathPut(file.fPath);
  }

  /**
   * Port of {@code do_truncate()}: {@code notify_change(ATTR_SIZE | timeAttrs)} under the
   * inode's i_mutex, killing suid/sgid as a write would. EINVAL for a negative length.
   */
  public static void doTruncate(Dentry dentry, long length, int timeAttrs, File filp) {
    if (length < 0) {
      throw new KernelError(Errno.EINVAL);
    }
    Iattr newattrs = new Iattr();
    newattrs.iaSize = length;
    newattrs.iaValid = Fs.ATTR_SIZE | timeAttrs;
    if (filp != null) {
      newattrs.iaFile = filp;
      newattrs.iaValid |= Fs.ATTR_FILE;
    }
    /* Remove suid/sgid on truncate too */
    int ret = Inodes.shouldRemoveSuid(dentry);
    if (ret != 0) {
      newattrs.iaValid |= ret | Fs.ATTR_FORCE;
    }
    Inode inode = dentry.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      Attr.notifyChange(dentry, newattrs);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /** Port of {@code filp_close()}. */
  public static void filpClose(File file) {
    fput(file);
  }
}
