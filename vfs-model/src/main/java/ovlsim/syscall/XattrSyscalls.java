package ovlsim.syscall;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Path;
import ovlsim.vfs.Xattr;

/**
 * Port of the syscall half of {@code fs/xattr.c}: the name and size checks of
 * {@code setxattr()}, {@code getxattr()}, {@code listxattr()} and {@code removexattr()}, and
 * their {@code sys_*} / {@code sys_l*} wrappers. The path is walked before the name is checked,
 * as in the C. The {@code vfs_*xattr()} helpers take the i_mutex they need.
 */
final class XattrSyscalls {
  private XattrSyscalls() {}

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
  static void sysSetxattr(
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
  static int sysGetxattr(String pathname, String name, byte[] value, int size, boolean follow) {
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
  static int sysListxattr(String pathname, byte[] list, int size, boolean follow) {
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
  static void sysRemovexattr(String pathname, String name, boolean follow) {
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
