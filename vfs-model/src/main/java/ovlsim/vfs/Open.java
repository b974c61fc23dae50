package ovlsim.vfs;

import ovlsim.kernel.Bugs;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of the file-opening half of {@code fs/open.c} as patched by the overlayfs v6 series,
 * patch 1/6 "vfs: add i_op->open()" ({@code vfs_open()} calls {@code i_op->open} when present), and
 * of the same half of 3.6's as patched by the v15 series ("vfs: add i_op->dentry_open()": the
 * file is allocated first and {@code vfs_open()} fills it in), and of {@code fput()} from
 * {@code fs/file_table.c}.
 *
 * <p>The model's VFS carries both hooks: a filesystem sets at most one (v6..v11 overlay inodes
 * {@code ->open}, v15 overlay inodes {@code ->dentry_open}, every other inode neither), so each
 * version's overlay meets the VFS its series patched. The two orders differ only in when the
 * {@code struct file} is allocated, before or after the filesystem's hook, and the file is not
 * yet visible to any other task either way: no race can tell them apart.
 */
public final class Open {
  private Open() {}

  /**
   * Port of {@code vfs_open()} (overlayfs v6, patch 1/6): opens {@code path}; when the inode has an
   * {@code i_op->open} the filesystem opens it (possibly a file of another filesystem). The
   * returned file holds its own reference on its path. An inode with the v15 series'
   * {@code ->dentry_open} is opened as 3.6 opens it ({@link #dentryOpen(Path, int, Cred)}).
   */
  public static File vfsOpen(Path path, int flags, Cred cred) {
    Inode inode = path.dentry.dInode;
    if (inode == null) {
      // The C dereferences inode->i_op here: a negative dentry is a NULL pointer oops (a stacked
      // filesystem can pass one). The model records it as a BUG, which stops the task.
      Bugs.bug("vfs_open: NULL pointer dereference: " + path.dentry + " is negative");
    }
    if (inode.iOp.hasDentryOpen()) {
      return dentryOpen(path, flags, cred); // a v15 inode: 3.6's open (see the class comment)
    }
    File f = inode.iOp.open(path.dentry, flags, cred);
    if (f != null) {
      return f;
    }
    return dentryOpenInternal(path, flags, cred);
  }

  /**
   * Port of {@code dentry_open()} (2.6.38): {@link #vfsOpen(Path, int, Cred)} that consumes the
   * caller's references on {@code dentry} and {@code mnt}.
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
   * Port of {@code dentry_open()} of 3.6 (as the v15 series patches it): allocates the file,
   * sets its {@code f_flags} and opens it through {@link #vfsOpen(Path, File, Cred)}. Unlike
   * 2.6.38's, it takes its own references on {@code path} and leaves the caller's alone. (The
   * 3.6 {@code open_check_o_direct()} that follows is not modelled: the model has no
   * {@code O_DIRECT}.)
   */
  public static File dentryOpen(Path path, int flags, Cred cred) {
    Bugs.bugOn(path.mnt == null, "dentry_open with NULL vfsmount");
    File f = new File(flags, cred); // get_empty_filp(): ENFILE cannot happen in the model
    vfsOpen(path, f, cred); // on error put_filp(f), which holds nothing yet
    return f;
  }

  /**
   * Port of {@code vfs_open()} of 3.6 (overlayfs v15, "vfs: add i_op->dentry_open()"): fills in
   * {@code filp}, allocated by the caller with its {@code f_flags} set: the filesystem's
   * {@code ->dentry_open} when the inode has one (which may open a file of another filesystem
   * into it), else {@code filp->f_path = *path} and {@code do_dentry_open()}.
   */
  public static void vfsOpen(Path path, File filp, Cred cred) {
    Inode inode = path.dentry.dInode;
    if (inode == null) {
      // As in the 2.6.38 vfs_open() above: inode->i_op of a negative dentry is an oops.
      Bugs.bug("vfs_open: NULL pointer dereference: " + path.dentry + " is negative");
    }
    if (inode.iOp.hasDentryOpen()) {
      inode.iOp.dentryOpen(path.dentry, filp, cred);
      return;
    }
    if (inode.iOp.hasOpen()) {
      // Model only: a v15 overlay over a v6..v11 overlay, whose ->open belongs to a VFS without
      // this function. No kernel carries both series, so the model refuses the pairing.
      throw new KernelError(Errno.EINVAL);
    }
    filp.fPath = path.copy();
    doDentryOpen(filp, cred);
  }

  /**
   * Port of {@code __dentry_open()} (2.6.38) as {@link #vfsOpen(Path, int, Cred)} reaches it:
   * {@code get_empty_filp()}, {@code f_flags}, then the open proper, {@link #doDentryOpen}.
   */
  static File dentryOpenInternal(Path path, int flags, Cred cred) {
    File f = new File(flags, cred);
    f.fPath = path.copy();
    doDentryOpen(f, cred);
    return f;
  }

  /**
   * Port of the body shared by 2.6.38's {@code __dentry_open()} and 3.6's
   * {@code do_dentry_open()}: takes a reference on {@code f->f_path} (in 2.6.38 the v6 series'
   * {@code vfs_open()} takes it just before), sets {@code f_mode}, takes write access for
   * {@code FMODE_WRITE} and calls {@code f_op->open}. On error the path reference is dropped
   * and {@code f_path} cleared, as both kernels do.
   */
  static void doDentryOpen(File f, Cred cred) {
    Path fpath = f.fPath;
    Namespace.pathGet(fpath);
    int fmode = Fs.OPEN_FMODE(f.fFlags) | Fs.FMODE_LSEEK | Fs.FMODE_PREAD | Fs.FMODE_PWRITE;
    f.fMode = fmode;
    Inode inode = fpath.dentry.dInode;
    if (inode == null) {
      // __dentry_open() reads d_inode again: a racing d_delete() made it NULL, an oops in the C.
      Namespace.pathPut(fpath);
      Bugs.bug("__dentry_open: NULL pointer dereference: " + fpath.dentry + " is negative");
    }
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
    } catch (KernelError e) {
      if (wrote) {
        putFileWriteAccess(inode, fpath.mnt);
      }
      Namespace.pathPut(fpath);
      f.fPath = null;
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
