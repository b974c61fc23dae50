package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;
import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Attr;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.Permission;
import ovlsim.vfs.Stat;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.VfsStat;
import ovlsim.vfs.Xattr;

/**
 * The inode side of {@code overlayfs.c}: attributes ({@code ovl_setattr()},
 * {@code ovl_getattr()}, {@code ovl_dir_getattr()}), {@code ovl_permission()}, symlinks
 * ({@code ovl_follow_link()}, {@code ovl_put_link()}, {@code ovl_readlink()}), the xattr
 * operations with their filtering of {@code trusted.overlay.*}, {@code ovl_open()} (copy-up on
 * write or O_TRUNC; v15's {@code ovl_dentry_open()}), and the {@code inode_operations} of files
 * and symlinks. The directory's table, which also points here, and {@code ovl_new_inode()} are
 * {@link OvlDir}'s.
 *
 * <p>An overlay inode carries only the file type in {@code i_mode} ({@code ovl_new_inode()});
 * every attribute and permission question goes to the real inode. Non-directory overlay
 * inodes are not shared between dentries in v6, so {@code ovl_permission()} finds the entry
 * through the inode's one alias.
 */
final class OvlInode {
  /**
   * What {@code ovl_file_inode_operations} has in every version: setattr, permission, getattr
   * and the xattr operations. The versions differ in how the file is opened, below.
   */
  private abstract static class OvlFileInodeOperations implements InodeOperations {
    @Override
    public void setattr(Dentry dentry, Iattr attr) {
      ovlSetattr(dentry, attr);
    }

    @Override
    public void permission(Inode inode, int mask, int flags) {
      ovlPermission(inode, mask, flags);
    }

    @Override
    public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
      ovlGetattr(mnt, dentry, stat);
    }

    @Override
    public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
      ovlSetxattr(dentry, name, value, size, flags);
    }

    @Override
    public int getxattr(Dentry dentry, String name, byte[] value, int size) {
      return ovlGetxattr(dentry, name, value, size);
    }

    @Override
    public boolean hasGetxattr() {
      return true;
    }

    @Override
    public int listxattr(Dentry dentry, byte[] list, int size) {
      return ovlListxattr(dentry, list, size);
    }

    @Override
    public void removexattr(Dentry dentry, String name) {
      ovlRemovexattr(dentry, name);
    }
  }

  /** {@code ovl_file_inode_operations} of v6..v11: {@code .open = ovl_open}. */
  static final InodeOperations OVL_FILE_INODE_OPERATIONS =
      new OvlFileInodeOperations() {
        @Override
        public File open(Dentry dentry, int flags, Cred cred) {
          return ovlOpen(dentry, flags, cred);
        }

        @Override
        public boolean hasOpen() {
          return true;
        }

        @Override
        public String toString() {
          return "ovl_file_inode_operations";
        }
      };

  /**
   * {@code ovl_file_inode_operations} of v15 ({@link OvlPatch#DENTRY_OPEN_HOOK}):
   * {@code .dentry_open = ovl_dentry_open}.
   */
  static final InodeOperations OVL_FILE_INODE_OPERATIONS_DENTRY_OPEN =
      new OvlFileInodeOperations() {
        @Override
        public void dentryOpen(Dentry dentry, File file, Cred cred) {
          ovlDentryOpen(dentry, file, cred);
        }

        @Override
        public boolean hasDentryOpen() {
          return true;
        }

        @Override
        public String toString() {
          return "ovl_file_inode_operations";
        }
      };

  /**
   * {@code ovl_symlink_inode_operations}: no {@code .permission}, so the VFS's
   * {@code generic_permission()} applies to the overlay inode itself, as in the C.
   */
  static final InodeOperations OVL_SYMLINK_INODE_OPERATIONS =
      new InodeOperations() {
        @Override
        public void setattr(Dentry dentry, Iattr attr) {
          ovlSetattr(dentry, attr);
        }

        @Override
        public Object followLink(Dentry dentry, Nameidata nd) {
          return ovlFollowLink(dentry, nd);
        }

        @Override
        public void putLink(Dentry dentry, Nameidata nd, Object cookie) {
          ovlPutLink(dentry, nd, cookie);
        }

        @Override
        public boolean hasPutLink() {
          return true;
        }

        @Override
        public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
          return ovlReadlink(dentry, buf, bufsiz);
        }

        @Override
        public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
          ovlGetattr(mnt, dentry, stat);
        }

        @Override
        public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
          ovlSetxattr(dentry, name, value, size, flags);
        }

        @Override
        public int getxattr(Dentry dentry, String name, byte[] value, int size) {
          return ovlGetxattr(dentry, name, value, size);
        }

        @Override
        public boolean hasGetxattr() {
          return true;
        }

        @Override
        public int listxattr(Dentry dentry, byte[] list, int size) {
          return ovlListxattr(dentry, list, size);
        }

        @Override
        public void removexattr(Dentry dentry, String name) {
          ovlRemovexattr(dentry, name);
        }

        @Override
        public String toString() {
          return "ovl_symlink_inode_operations";
        }
      };

  private OvlInode() {}

  /**
   * Port of {@code ovl_setattr()}: a size change of a lower file copies up only what the new
   * size keeps ({@code ovl_copy_up_truncate()}); anything else copies up the whole object.
   * Then {@code notify_change()} on the upper dentry under its i_mutex, with ATTR_MODE dropped
   * when ATTR_KILL_SUID/SGID ask the upper to recompute it; from v14 a success copies the upper
   * owner onto the overlay inode ({@link OvlPatch#COPY_ATTR_UID_GID}). The VFS holds the overlay
   * inode's i_mutex.
   */
  static void ovlSetattr(Dentry dentry, Iattr attr) {
    Dentry upperdentry;

    if ((attr.iaValid & Fs.ATTR_SIZE) != 0 && OvlDentry.ovlDentryUpper(dentry) == null) {
      OvlCopyUp.ovlCopyUpTruncate(dentry, attr.iaSize);
    } else {
      OvlCopyUp.ovlCopyUp(dentry);
    }

    upperdentry = OvlDentry.ovlDentryUpper(dentry);

    if ((attr.iaValid & (Fs.ATTR_KILL_SUID | Fs.ATTR_KILL_SGID)) != 0) {
      attr.iaValid &= ~Fs.ATTR_MODE;
    }

    KMutex.mutexLock(upperdentry.dInode.iMutex);
    try {
      Attr.notifyChange(upperdentry, attr);
      if (OvlFs.has(dentry, OvlPatch.COPY_ATTR_UID_GID)) {
        ovlCopyattr(upperdentry.dInode, dentry.dInode); // v14 COPY_ATTR_UID_GID
      }
    } finally {
      KMutex.mutexUnlock(upperdentry.dInode.iMutex);
    }
  }

  /**
   * Port of {@code ovl_copyattr()} (v15 {@code overlayfs.h}, {@link OvlPatch#COPY_ATTR_UID_GID}):
   * the owner and group of {@code from} onto the overlay inode {@code to}. Nothing guards the two
   * stores; the VFS's readers of {@code i_uid} take no lock either.
   */
  static void ovlCopyattr(Inode from, Inode to) {
    to.iUid = from.iUid;
    to.iGid = from.iGid;
  }

  /**
   * Port of {@code ovl_getattr()}: the real object's attributes, st_dev and st_ino included
   * (they change on copy-up).
   */
  static void ovlGetattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    Path realpath = new Path();

    OvlDentry.ovlPathReal(dentry, realpath);
    VfsStat.vfsGetattr(realpath.mnt, realpath.dentry, stat);
  }

  /**
   * Port of {@code ovl_dir_getattr()}: the real directory's attributes with the overlay's
   * st_dev and st_ino, and st_nlink 1 for a merged directory ("nlink=1 seems to pacify
   * 'find'").
   */
  static void ovlDirGetattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    OvlPathType type;
    Path realpath = new Path();

    type = OvlDentry.ovlPathReal(dentry, realpath);
    VfsStat.vfsGetattr(realpath.mnt, realpath.dentry, stat);

    stat.dev = dentry.dSb.sDev;
    stat.ino = dentry.dInode.iIno;

    /*
     * It's probably not worth it to count subdirs to get the
     * correct link count.  nlink=1 seems to pacify 'find' and
     * other utilities.
     */
    if (type == OVL_PATH_MERGE) {
      stat.nlink = 1;
    }
  }

  /**
   * Port of {@code ovl_permission()}: the permission of the real inode (upper if any), except
   * that a read-only lower layer does not refuse writes (they go to the upper); EROFS for
   * writing a regular file, directory or symlink of a read-only upper; EACCES for writing an
   * immutable inode. A non-directory finds its entry through its alias (ECHILD in RCU-walk,
   * which the model never uses).
   *
   * <p>From v11 ({@link OvlPatch#LOWER_MOUNT_READONLY}) a read-only overlay (one over a read-only
   * upper layer, used as the lower layer of another overlay) gives no EROFS: the check goes on.
   * As in the C, until v10 the ENOENT exit for a negative real dentry does not drop the alias
   * reference taken just before ({@link OvlPatch#PERMISSION_PUTS_ALIAS} does). v15
   * ({@link OvlPatch#INODE_PERMISSION_HELPER}) leaves the immutable check and the real
   * {@code ->permission} to {@code __inode_permission()}.
   */
  static void ovlPermission(Inode inode, int mask, int flags) {
    OvlEntry oe;
    Dentry alias = null;
    Inode realinode;
    Dentry realdentry;
    boolean isUpper;

    if (Stat.S_ISDIR(inode.iMode)) {
      oe = (OvlEntry) inode.iPrivate;
    } else if ((flags & Fs.IPERM_FLAG_RCU) != 0) {
      throw new KernelError(Errno.ECHILD);
    } else {
      /*
       * For non-directories find an alias and get the info
       * from there.
       */
      synchronized (inode) { // spin_lock(&inode->i_lock)
        if (Bugs.warnOn(inode.iDentry.isEmpty(), "ovl_permission: %s has no alias", inode)) {
          throw new KernelError(Errno.ENOENT);
        }
        alias = inode.iDentry.get(0);
        Dcache.dget(alias);
      }
      oe = (OvlEntry) alias.dFsdata;
    }

    OvlVersion version = OvlFs.of(inode.iSb).version; // model-only: which switches apply
    realdentry = OvlEntry.ovlUpperdentryDereference(oe);
    isUpper = true;
    if (realdentry == null) {
      realdentry = oe.lowerdentry;
      isUpper = false;
    }

    /* Careful in RCU walk mode */
    realinode = realdentry.dInode; // ACCESS_ONCE(): a volatile read
    if (realinode == null) {
      Bugs.warnOn((flags & Fs.IPERM_FLAG_RCU) == 0, "ovl_permission: negative real dentry");
      if (version.has(OvlPatch.PERMISSION_PUTS_ALIAS)) {
        Dcache.dput(alias); // v10 PERMISSION_PUTS_ALIAS: out_dput
      }
      throw new KernelError(Errno.ENOENT);
    }

    boolean helper = version.has(OvlPatch.INODE_PERMISSION_HELPER);
    try {
      if ((mask & Fs.MAY_WRITE) != 0) {
        int mode = realinode.iMode;

        /*
         * Writes will always be redirected to upper layer, so
         * ignore lower layer being read-only.
         *
         * v11 (LOWER_MOUNT_READONLY): a read-only overlay goes on with the check instead of
         * EROFS; it is then the lower layer of another overlay.
         */
        boolean v11 = version.has(OvlPatch.LOWER_MOUNT_READONLY);
        if (isUpper
            && !(v11 && inode.isRdonly())
            && realinode.isRdonly()
            && (Stat.S_ISREG(mode) || Stat.S_ISDIR(mode) || Stat.S_ISLNK(mode))) {
          throw new KernelError(Errno.EROFS); // goto out_dput
        }

        /*
         * Nobody gets write access to an immutable file.
         */
        if (!helper && realinode.isImmutable()) {
          throw new KernelError(Errno.EACCES); // goto out_dput
        }
      }

      if (helper) {
        // v15 INODE_PERMISSION_HELPER: __inode_permission() (immutable, then ->permission)
        Permission.inodePermissionNoSbCheck(realinode, mask);
      } else {
        // i_op->permission, or generic_permission() when absent: the default method.
        realinode.iOp.permission(realinode, mask, flags);
      }
    } finally {
      // out_dput:
      Dcache.dput(alias);
    }
  }

  /**
   * Port of {@code ovl_follow_link()}: follows the real symlink; when the real filesystem has a
   * {@code ->put_link}, returns an {@link OvlLinkData} cookie so {@code ovl_put_link()} can call
   * it on the same real dentry even after a copy-up. (The C's {@code WARN_ON} for a real inode
   * without {@code ->follow_link} cannot be tested here: the model's absent method throws
   * EINVAL instead.)
   */
  static Object ovlFollowLink(Dentry dentry, Nameidata nd) {
    Object ret;
    Dentry realdentry;
    Inode realinode;

    realdentry = OvlDentry.ovlDentryReal(dentry);
    realinode = realdentry.dInode;

    ret = realinode.iOp.followLink(realdentry, nd); // IS_ERR: return ret

    if (realinode.iOp.hasPutLink()) {
      // kmalloc() cannot fail in the model, so the put_link-and-ENOMEM path is not reached.
      return new OvlLinkData(realdentry, ret);
    } else {
      return null;
    }
  }

  /** Port of {@code ovl_put_link()}: the real {@code ->put_link} with the saved cookie. */
  static void ovlPutLink(Dentry dentry, Nameidata nd, Object c) {
    Inode realinode;
    OvlLinkData data = (OvlLinkData) c;

    if (data == null) {
      return;
    }

    realinode = data.realdentry.dInode;
    realinode.iOp.putLink(data.realdentry, nd, data.cookie);
    // kfree(data)
  }

  /**
   * Port of {@code ovl_readlink()}: the real symlink's {@code ->readlink}, after touching its
   * atime. (The C returns EINVAL before the touch when there is no {@code ->readlink}; the
   * model cannot test the pointer, so the touch comes first and the default method throws.)
   */
  static int ovlReadlink(Dentry dentry, byte[] buf, int bufsiz) {
    Path realpath = new Path();
    Inode realinode;

    OvlDentry.ovlPathReal(dentry, realpath);
    realinode = realpath.dentry.dInode;

    Inodes.touchAtime(realpath.mnt, realpath.dentry);

    return realinode.iOp.readlink(realpath.dentry, buf, bufsiz);
  }

  /**
   * Port of {@code ovl_is_private_xattr()}: {@code strncmp(name, "trusted.overlay.", 14)}. The
   * C compares 14 characters, so any name starting with {@code "trusted.overla"} counts.
   */
  static boolean ovlIsPrivateXattr(String name) {
    return name.length() >= 14 && name.regionMatches(0, "trusted.overlay.", 0, 14);
  }

  /**
   * Port of {@code ovl_setxattr()}: EPERM for the overlay's private names; otherwise copy up
   * and set on the upper object ({@code vfs_setxattr()} takes the upper inode's i_mutex inside
   * the overlay inode's, which the VFS holds).
   */
  static void ovlSetxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    Dentry upperdentry;

    if (ovlIsPrivateXattr(name)) {
      throw new KernelError(Errno.EPERM);
    }

    OvlCopyUp.ovlCopyUp(dentry);

    upperdentry = OvlDentry.ovlDentryUpper(dentry);
    Xattr.vfsSetxattr(upperdentry, name, value, size, flags);
  }

  /**
   * Port of {@code ovl_getxattr()}: the real object's xattr; ENODATA for a private name when the
   * <em>parent</em> is a merged directory (as the C tests it).
   */
  static int ovlGetxattr(Dentry dentry, String name, byte[] value, int size) {
    if (OvlDentry.ovlPathType(dentry.dParent) == OVL_PATH_MERGE && ovlIsPrivateXattr(name)) {
      throw new KernelError(Errno.ENODATA);
    }

    return Xattr.vfsGetxattr(OvlDentry.ovlDentryReal(dentry), name, value, size);
  }

  /**
   * Port of {@code ovl_listxattr()}: the real object's names, with the private ones cut out of
   * the buffer in place when the parent is a merged directory. A size query ({@code size == 0})
   * returns the real length unfiltered, as in the C.
   */
  static int ovlListxattr(Dentry dentry, byte[] list, int size) {
    int res;
    int off;

    res = Xattr.vfsListxattr(OvlDentry.ovlDentryReal(dentry), list, size);
    if (res <= 0 || size == 0) {
      return res;
    }

    if (OvlDentry.ovlPathType(dentry.dParent) != OVL_PATH_MERGE) {
      return res;
    }

    /* filter out private xattrs */
    for (off = 0; off < res; ) {
      int slen = strlen(list, off) + 1;

      Bugs.bugOn(off + slen > res, "ovl_listxattr: unterminated name");

      String s = new String(list, off, slen - 1, StandardCharsets.UTF_8);

      if (ovlIsPrivateXattr(s)) {
        res -= slen;
        System.arraycopy(list, off + slen, list, off, res - off); // memmove
      } else {
        off += slen;
      }
    }

    return res;
  }

  private static int strlen(byte[] buf, int from) {
    int i = from;
    while (i < buf.length && buf[i] != 0) {
      i++;
    }
    return i - from;
  }

  /**
   * Port of {@code ovl_removexattr()}: ENODATA for a private name under a merged parent; for a
   * lower object, the xattr must exist (its {@code vfs_getxattr()} error otherwise) before the
   * object is copied up and the xattr removed from the upper copy.
   */
  static void ovlRemovexattr(Dentry dentry, String name) {
    Path realpath = new Path();
    OvlPathType type;

    if (OvlDentry.ovlPathType(dentry.dParent) == OVL_PATH_MERGE && ovlIsPrivateXattr(name)) {
      throw new KernelError(Errno.ENODATA);
    }

    type = OvlDentry.ovlPathReal(dentry, realpath);
    if (type == OVL_PATH_LOWER) {
      Xattr.vfsGetxattr(realpath.dentry, name, null, 0); // err < 0: return err

      OvlCopyUp.ovlCopyUp(dentry);

      OvlDentry.ovlPathUpper(dentry, realpath);
    }

    Xattr.vfsRemovexattr(realpath.dentry, name);
  }

  /**
   * Port of {@code ovl_open_need_copy_up()}: a lower non-special file opened for writing or
   * with O_TRUNC.
   */
  static boolean ovlOpenNeedCopyUp(int flags, OvlPathType type, Dentry realdentry) {
    if (type != OVL_PATH_LOWER) {
      return false;
    }

    if (Stat.specialFile(realdentry.dInode.iMode)) {
      return false;
    }

    if ((Fs.OPEN_FMODE(flags) & Fs.FMODE_WRITE) == 0 && (flags & Fcntl.O_TRUNC) == 0) {
      return false;
    }

    return true;
  }

  /**
   * Port of {@code ovl_open()} ({@code i_op->open}, patch 1/6 of v6): copies up a lower file
   * about to be written (only the parents and an empty file for O_TRUNC), then opens the real
   * file: the returned {@link File} belongs to the upper or lower filesystem. No overlay lock is
   * held.
   */
  static File ovlOpen(Dentry dentry, int flags, Cred cred) {
    Path realpath = new Path();
    OvlPathType type;

    type = OvlDentry.ovlPathReal(dentry, realpath);
    if (ovlOpenNeedCopyUp(flags, type, realpath.dentry)) {
      if ((flags & Fcntl.O_TRUNC) != 0) {
        OvlCopyUp.ovlCopyUpTruncate(dentry, 0);
      } else {
        OvlCopyUp.ovlCopyUp(dentry);
      }

      OvlDentry.ovlPathUpper(dentry, realpath);
    }

    return Open.vfsOpen(realpath, flags, cred);
  }

  /**
   * Port of {@code ovl_dentry_open()} ({@code i_op->dentry_open}, v15,
   * {@link OvlPatch#DENTRY_OPEN_HOOK}): {@link #ovlOpen}'s copy-up, deciding on the flags
   * {@code dentry_open()} already put in {@code file}, then 3.6's {@code vfs_open()} of the real
   * path into that same file, which so becomes a file of the upper or lower filesystem. No
   * overlay lock is held.
   */
  static void ovlDentryOpen(Dentry dentry, File file, Cred cred) {
    Path realpath = new Path();
    OvlPathType type;

    type = OvlDentry.ovlPathReal(dentry, realpath);
    if (ovlOpenNeedCopyUp(file.fFlags, type, realpath.dentry)) {
      if ((file.fFlags & Fcntl.O_TRUNC) != 0) {
        OvlCopyUp.ovlCopyUpTruncate(dentry, 0);
      } else {
        OvlCopyUp.ovlCopyUp(dentry);
      }

      OvlDentry.ovlPathUpper(dentry, realpath);
    }

    Open.vfsOpen(realpath, file, cred);
  }

}
