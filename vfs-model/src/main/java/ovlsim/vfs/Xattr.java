package ovlsim.vfs;

import static ovlsim.kernel.Capability.CAP_SYS_ADMIN;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of {@code fs/xattr.c}: the permission rules of the xattr namespaces, the
 * {@code vfs_*xattr()} helpers, and the syscall half (the name and size checks of
 * {@code setxattr()}, {@code getxattr()}, {@code listxattr()}, {@code removexattr()} and their
 * {@code sys_*} / {@code sys_l*} wrappers; the path is walked before the name is checked, as in
 * the C). The setters take the inode's i_mutex themselves, the getters
 * take nothing (docs/locking.md). The model has no LSM, so {@code security.*} names go
 * to the filesystem like any other and the {@code security_inode_*xattr()} hooks allow all.
 */
public final class Xattr {
  private Xattr() {}

  /**
   * Port of {@code xattr_permission()} (2.6.38): {@code trusted.*} needs CAP_SYS_ADMIN (EPERM,
   * to read as to write); {@code user.*} only on regular files and directories (EPERM),
   * and on a sticky directory only its owner may write; otherwise {@code inode_permission()}.
   */
  static void xattrPermission(Inode inode, String name, int mask) {
    // We can never set or remove an extended attribute on a read-only filesystem or on an
    // immutable / append-only inode.
    if ((mask & Fs.MAY_WRITE) != 0) {
      if (inode.isImmutable() || inode.isAppend()) {
        throw new KernelError(Errno.EPERM);
      }
    }

    // No restriction for security.* and system.* from the VFS. Decision delegated to the
    // filesystem.
    if (name.startsWith(Fs.XATTR_SECURITY_PREFIX) || name.startsWith(Fs.XATTR_SYSTEM_PREFIX)) {
      return;
    }

    // The trusted.* namespace can only be accessed by a privileged user. (Reads answer EPERM
    // too in 2.6.38; later kernels answer ENODATA.)
    if (name.startsWith(Fs.XATTR_TRUSTED_PREFIX)) {
      if (!Creds.capable(CAP_SYS_ADMIN)) {
        throw new KernelError(Errno.EPERM);
      }
      return;
    }

    // In the user.* namespace, only regular files and directories can have extended
    // attributes. For sticky directories, only the owner and privileged users can write
    // attributes.
    if (name.startsWith(Fs.XATTR_USER_PREFIX)) {
      if (!Stat.S_ISREG(inode.iMode) && !Stat.S_ISDIR(inode.iMode)) {
        throw new KernelError(Errno.EPERM);
      }
      if (Stat.S_ISDIR(inode.iMode)
          && (inode.iMode & Stat.S_ISVTX) != 0
          && (mask & Fs.MAY_WRITE) != 0
          && !Permission.isOwnerOrCap(inode)) {
        throw new KernelError(Errno.EPERM);
      }
    }

    Permission.inodePermission(inode, mask);
  }

  /**
   * Port of {@code vfs_getxattr()}: no lock taken. With {@code size == 0} returns the value's
   * length; else fills {@code value} and returns the length (ERANGE when it does not fit).
   */
  public static int vfsGetxattr(Dentry dentry, String name, byte[] value, int size) {
    Inode inode = dentry.dInode;
    xattrPermission(inode, name, Fs.MAY_READ);
    if (!inode.iOp.hasGetxattr()) {
      throw new KernelError(Errno.EOPNOTSUPP);
    }
    return inode.iOp.getxattr(dentry, name, value, size);
  }

  /**
   * Port of {@code vfs_setxattr()}: checks permission, then calls {@code ->setxattr} under the
   * inode's i_mutex, which it takes itself.
   */
  public static void vfsSetxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    Inode inode = dentry.dInode;
    xattrPermission(inode, name, Fs.MAY_WRITE);
    KMutex.mutexLock(inode.iMutex);
    try {
      vfsSetxattrNoperm(dentry, name, value, size, flags);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code __vfs_setxattr_noperm()}: {@code ->setxattr} with no permission check; the
   * caller holds the inode's i_mutex. (An absent {@code ->setxattr} throws EOPNOTSUPP.)
   */
  public static void vfsSetxattrNoperm(
      Dentry dentry, String name, byte[] value, int size, int flags) {
    dentry.dInode.iOp.setxattr(dentry, name, value, size, flags);
  }

  /**
   * Port of {@code vfs_listxattr()}: no lock taken. The names, each NUL-terminated; with
   * {@code size == 0} only the length needed.
   */
  public static int vfsListxattr(Dentry dentry, byte[] list, int size) {
    return dentry.dInode.iOp.listxattr(dentry, list, size);
  }

  /**
   * Port of {@code vfs_removexattr()}: checks permission, then calls {@code ->removexattr}
   * under the inode's i_mutex, which it takes itself.
   */
  public static void vfsRemovexattr(Dentry dentry, String name) {
    Inode inode = dentry.dInode;
    // Differs: the C answers EOPNOTSUPP for an absent ->removexattr before the permission
    // check; the model has no presence test for it, so the absent method answers after it.
    xattrPermission(inode, name, Fs.MAY_WRITE);
    KMutex.mutexLock(inode.iMutex);
    try {
      inode.iOp.removexattr(dentry, name);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of the {@code strncpy_from_user(kname, name, XATTR_NAME_MAX + 1)} check: ERANGE for
   * an empty name or one over {@value Fs#XATTR_NAME_MAX} bytes. EFAULT for null; a NUL inside
   * the name is EINVAL, the model's rule for strings it cannot cut as C would.
   */
  static String copyName(String name) {
    if (name == null) {
      throw new KernelError(Errno.EFAULT);
    }
    if (name.indexOf('\0') >= 0) {
      throw new KernelError(Errno.EINVAL);
    }
    int len = name.getBytes(StandardCharsets.UTF_8).length;
    if (len == 0 || len > Fs.XATTR_NAME_MAX) {
      throw new KernelError(Errno.ERANGE);
    }
    return name;
  }

  private static void walk(String pathname, boolean follow, Path path) {
    Namei.userPath(pathname, follow ? Fs.LOOKUP_FOLLOW : 0, path);
  }

  /** Port of {@code setxattr()}: EINVAL for unknown flags, E2BIG over XATTR_SIZE_MAX. */
  static void setxattr(Dentry d, String name, byte[] value, int size, int flags) {
    if ((flags & ~(Fs.XATTR_CREATE | Fs.XATTR_REPLACE)) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    String kname = copyName(name);
    byte[] kvalue = null;
    if (size != 0) {
      if (size < 0 || size > Fs.XATTR_SIZE_MAX) {
        throw new KernelError(Errno.E2BIG);
      }
      if (value == null || size > value.length) {
        throw new KernelError(Errno.EFAULT);
      }
      kvalue = Arrays.copyOf(value, size);
    }
    Xattr.vfsSetxattr(d, kname, kvalue, size, flags);
  }

  /** Port of {@code sys_setxattr()} ({@code follow}) and {@code sys_lsetxattr()}. */
  public static void sysSetxattr(
      String pathname, String name, byte[] value, int size, int flags, boolean follow) {
    Path path = new Path();
    walk(pathname, follow, path);
    try {
      Namespace.mntWantWrite(path.mnt);
      try {
        setxattr(path.dentry, name, value, size, flags);
      } finally {
        Namespace.mntDropWrite(path.mnt);
      }
    } finally {
      Namespace.pathPut(path);
    }
  }

  /**
   * Port of {@code getxattr()}: the size is clamped to XATTR_SIZE_MAX; with size 0 only the
   * length is returned; ERANGE from a filesystem asked for the maximum becomes E2BIG.
   */
  static int getxattr(Dentry d, String name, byte[] value, int size) {
    String kname = copyName(name);
    if (size < 0) {
      throw new KernelError(Errno.EFAULT);
    }
    byte[] kvalue = null;
    if (size != 0) {
      if (size > Fs.XATTR_SIZE_MAX) {
        size = Fs.XATTR_SIZE_MAX;
      }
      if (value == null || size > value.length) {
        throw new KernelError(Errno.EFAULT);
      }
      kvalue = new byte[size];
    }
    int n;
    try {
      n = Xattr.vfsGetxattr(d, kname, kvalue, size);
    } catch (KernelError e) {
      if (e.is(Errno.ERANGE) && size >= Fs.XATTR_SIZE_MAX) {
        throw new KernelError(Errno.E2BIG);
      }
      throw e;
    }
    if (n > 0 && size != 0) {
      System.arraycopy(kvalue, 0, value, 0, n);
    }
    return n;
  }

  /** Port of {@code sys_getxattr()} ({@code follow}) and {@code sys_lgetxattr()}. */
  public static int sysGetxattr(String pathname, String name, byte[] value, int size, boolean follow) {
    Path path = new Path();
    walk(pathname, follow, path);
    try {
      return getxattr(path.dentry, name, value, size);
    } finally {
      Namespace.pathPut(path);
    }
  }

  /** Port of {@code listxattr()}: as {@link #getxattr} with XATTR_LIST_MAX. */
  static int listxattr(Dentry d, byte[] list, int size) {
    if (size < 0) {
      throw new KernelError(Errno.EFAULT);
    }
    byte[] klist = null;
    if (size != 0) {
      if (size > Fs.XATTR_LIST_MAX) {
        size = Fs.XATTR_LIST_MAX;
      }
      if (list == null || size > list.length) {
        throw new KernelError(Errno.EFAULT);
      }
      klist = new byte[size];
    }
    int n;
    try {
      n = Xattr.vfsListxattr(d, klist, size);
    } catch (KernelError e) {
      if (e.is(Errno.ERANGE) && size >= Fs.XATTR_LIST_MAX) {
        throw new KernelError(Errno.E2BIG);
      }
      throw e;
    }
    if (n > 0 && size != 0) {
      System.arraycopy(klist, 0, list, 0, n);
    }
    return n;
  }

  /** Port of {@code sys_listxattr()} ({@code follow}) and {@code sys_llistxattr()}. */
  public static int sysListxattr(String pathname, byte[] list, int size, boolean follow) {
    Path path = new Path();
    walk(pathname, follow, path);
    try {
      return listxattr(path.dentry, list, size);
    } finally {
      Namespace.pathPut(path);
    }
  }

  /** Port of {@code removexattr()}: the name check, then {@code vfs_removexattr()}. */
  static void removexattr(Dentry d, String name) {
    Xattr.vfsRemovexattr(d, copyName(name));
  }

  /** Port of {@code sys_removexattr()} ({@code follow}) and {@code sys_lremovexattr()}. */
  public static void sysRemovexattr(String pathname, String name, boolean follow) {
    Path path = new Path();
    walk(pathname, follow, path);
    try {
      Namespace.mntWantWrite(path.mnt);
      try {
        removexattr(path.dentry, name);
      } finally {
        Namespace.mntDropWrite(path.mnt);
      }
    } finally {
      Namespace.pathPut(path);
    }
  }
}
