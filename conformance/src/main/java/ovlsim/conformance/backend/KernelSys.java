package ovlsim.conformance.backend;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * {@link Sys} through JNA on the running kernel, confined to one directory: every path starts
 * in the line's layer or mount directory (an {@code O_PATH} fd, {@link #enter}) and resolves
 * beneath it, whatever symlinks it meets. A -1 return becomes {@code -errno} from
 * {@link Native#getLastError()}. Runs on the kernel backend's own thread, whose umask and
 * credentials are the line's.
 *
 * <p>How each call stays beneath the directory:
 *
 * <ul>
 *   <li>{@code open} and {@code readdir}: {@code openat2(dir, path, RESOLVE_BENEATH |
 *       RESOLVE_NO_MAGICLINKS)}, which fails with EXDEV where the walk would leave the
 *       directory (an absolute symlink, a {@code ..} above it);
 *   <li>calls on the last component itself ({@code mkdir}, {@code unlink}, {@code rename},
 *       {@code lstat}, {@code readlink}, {@code lchown}, the {@code l*xattr} calls, ...):
 *       the parent resolved so, then the {@code *at} call on the last component, which does
 *       not follow it ({@code AT_SYMLINK_NOFOLLOW}); where there is no {@code *at} call
 *       ({@code l*xattr}) the thread {@code fchdir}s into the parent first. A last component
 *       {@code ..} must itself stay beneath;
 *   <li>calls that follow the last component ({@code stat}, {@code chmod}, {@code chown},
 *       {@code truncate}, {@code utimes}, {@code statfs}, the {@code *xattr} calls): the whole
 *       path resolved so to an {@code O_PATH} fd, then the call on that fd
 *       ({@code AT_EMPTY_PATH}, {@code fstatfs}), or on its {@code /proc/self/fd/N} where
 *       only a path call exists (our own magic link to what was resolved beneath; a script's
 *       path can name no magic link);
 *   <li>a trailing {@code /} makes the kernel follow the last component even for
 *       {@code lstat}-like calls, so those then resolve the whole path too.
 * </ul>
 *
 * <p>The errno of every failure the corpus meets is the one the plain path call gives
 * (permission, ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG are found by the same walk, with the same
 * creds); a path that would leave the directory is EXDEV, and a NUL in a path is EINVAL, as on
 * the model (scripts cannot contain either: the parser refuses them). Where the kernel checks
 * something before the walk (mknod's type), a parent that did not resolve is not the answer
 * until the kernel has been asked about that ({@link #mknod}).
 */
public final class KernelSys implements Sys {
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int AT_REMOVEDIR = 0x200;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CREAT = 0100;
  private static final int O_TMPFILE = 020000000 | O_DIRECTORY;
  private static final int O_LARGEFILE = 0100000;
  private static final int O_CLOEXEC = 02000000;
  /** {@code O_PATH}: an fd that only names a place. */
  static final int O_PATH = 010000000;
  private static final long RESOLVE_NO_MAGICLINKS = 0x02;
  private static final long RESOLVE_BENEATH = 0x08;
  private static final long RESOLVE = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  /** {@code PATH_MAX}: a path this long or longer is ENAMETOOLONG, as {@code getname()} says. */
  private static final int PATH_MAX = 4096;
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final byte[] EMPTY = {0};
  private static final int ENOENT = 2;
  private static final int EFAULT = 14;
  private static final int EINVAL = 22;
  private static final int EXDEV = 18;
  private static final int ENAMETOOLONG = 36;

  private final LibC libc;
  private final SyscallNumbers nr;
  /** The directory the line's paths start in and stay beneath; -1 outside a line. */
  private int start = -1;
  /** The fd {@link #chdir} opened for {@link #start}, closed when the line ends; or -1. */
  private int chdirFd = -1;

  KernelSys(LibC libc, SyscallNumbers nr) {
    this.libc = libc;
    this.nr = nr;
  }

  /** {@code s} as a NUL-terminated UTF-8 C string. For the backend's own paths. */
  static byte[] cstr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }

  /** A line begins: its paths start in, and stay beneath, the directory {@code dirFd}. */
  void enter(int dirFd) {
    start = dirFd;
  }

  /** The line ended: no path resolves any more. */
  void leave() {
    start = -1;
    if (chdirFd >= 0) {
      libc.close(chdirFd);
      chdirFd = -1;
    }
  }

  private static int r(int result) {
    return result == -1 ? -Native.getLastError() : result;
  }

  private static long r(long result) {
    return result == -1 ? -Native.getLastError() : result;
  }

  // ---------------------------------------------------------------- resolving beneath

  /** A path split for the kernel: the C string, or the errno it cannot be. */
  private static final class CPath {
    final byte[] bytes;
    final int errno;

    CPath(byte[] bytes, int errno) {
      this.bytes = bytes;
      this.errno = errno;
    }

    /** A path: relative, or EXDEV (absolute: it would leave the directory at once). */
    static CPath of(String path) {
      CPath c = string(path);
      return c.errno == 0 && path.startsWith("/") ? new CPath(null, EXDEV) : c;
    }

    /** A C string the kernel reads up to its NUL: a symlink target, say. */
    static CPath string(String path) {
      if (path == null) {
        return new CPath(null, EFAULT);
      }
      if (path.indexOf('\0') >= 0) {
        return new CPath(null, EINVAL);
      }
      byte[] c = cstr(path);
      if (c.length > PATH_MAX) {
        return new CPath(null, ENAMETOOLONG);
      }
      return new CPath(c, 0);
    }
  }

  /**
   * {@code openat2(start, path, how)} with {@link #RESOLVE}: the new fd or {@code -errno}.
   * {@code O_LARGEFILE} is added as {@code open(2)} adds it on 64-bit ({@code openat2} does
   * not), except to {@code O_PATH}, which refuses it; the mode is dropped without
   * {@code O_CREAT}, as {@code open(2)} ignores it there.
   */
  private int openBeneath(byte[] path, int flags, int mode) {
    if (start < 0) {
      throw new IllegalStateException("no line is running: paths have no directory");
    }
    long m = (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE ? mode & 07777 : 0;
    // O_PATH takes no other flag but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC (EINVAL).
    int f = (flags & O_PATH) != 0 ? flags : flags | O_LARGEFILE;
    long[] how = {Integer.toUnsignedLong(f), m, RESOLVE};
    return (int) r(libc.syscall(nr.openat2(), (long) start, path, how, 24L));
  }

  /** The whole path resolved beneath, following it: an {@code O_PATH} fd or {@code -errno}. */
  private int resolve(CPath p) {
    return p.errno != 0 ? -p.errno : openBeneath(p.bytes, O_PATH | O_CLOEXEC, 0);
  }

  /**
   * The parent of a path's last component, resolved beneath, and the last component as the
   * {@code *at} calls take it (with its trailing slashes, which carry meaning).
   */
  private final class Parent implements AutoCloseable {
    final int errno;
    final int fd;
    final byte[] last;
    final boolean own;

    Parent(String path) {
      CPath p = CPath.of(path);
      if (p.errno != 0) {
        errno = p.errno;
        fd = -1;
        last = null;
        own = false;
        return;
      }
      int end = path.length();
      while (end > 0 && path.charAt(end - 1) == '/') {
        end--;
      }
      int slash = end == 0 ? -1 : path.lastIndexOf('/', end - 1);
      String dir = slash < 0 ? "" : path.substring(0, slash + 1);
      String tail = slash < 0 ? path : path.substring(slash + 1);
      int e = 0;
      int f;
      boolean mine;
      if (dir.isEmpty()) {
        if (start < 0) {
          throw new IllegalStateException("no line is running: paths have no directory");
        }
        f = start;
        mine = false;
      } else {
        f = openBeneath(cstr(dir), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
        mine = f >= 0;
        if (f < 0) {
          e = -f;
        }
      }
      String component = tail.substring(0, end - (slash + 1));
      if (e == 0 && component.equals("..")) {
        // The *at call would take this .. from the parent unchecked: it must stay beneath.
        int whole = openBeneath(p.bytes, O_PATH | O_CLOEXEC, 0);
        if (whole >= 0) {
          libc.close(whole);
        } else if (whole == -EXDEV) {
          e = EXDEV;
        }
      }
      if (e != 0 && mine) {
        libc.close(f);
        mine = false;
      }
      errno = e;
      fd = e == 0 ? f : -1;
      last = cstr(tail);
      own = mine;
    }

    @Override
    public void close() {
      if (own) {
        libc.close(fd);
      }
    }
  }

  /** Does the path end in {@code /} after a component: the kernel then follows it. */
  private static boolean trailingSlash(String path) {
    return path != null && path.endsWith("/") && !path.replace("/", "").isEmpty();
  }

  /** Our own magic link to {@code fd}: a path call on it acts on what {@code fd} resolved. */
  private static byte[] procFd(int fd) {
    return cstr("/proc/self/fd/" + fd);
  }

  private interface OnFd {
    long call(int fd);
  }

  private interface OnParent {
    long call(int dirfd, byte[] last);
  }

  /** {@code body} on the O_PATH fd of the whole path, resolved beneath (following it). */
  private long followed(String path, OnFd body) {
    int fd = resolve(CPath.of(path));
    if (fd < 0) {
      return fd;
    }
    try {
      return body.call(fd);
    } finally {
      libc.close(fd);
    }
  }

  /** {@code body} on the parent's fd and the last component. */
  private long atParent(String path, OnParent body) {
    try (Parent p = new Parent(path)) {
      return p.errno != 0 ? -p.errno : body.call(p.fd, p.last);
    }
  }

  /** {@code body} with the thread's cwd in the parent (for the calls with no {@code *at}). */
  private long inParent(String path, OnParent body) {
    return atParent(path, (dirfd, last) -> {
      int c = r(libc.fchdir(dirfd));
      if (c < 0) {
        return c;
      }
      try {
        return body.call(dirfd, last);
      } finally {
        libc.fchdir(start);
      }
    });
  }

  // ---------------------------------------------------------------- the calls

  @Override
  public int open(String path, int flags, int mode) {
    CPath p = CPath.of(path);
    return p.errno != 0 ? -p.errno : openBeneath(p.bytes, flags, mode);
  }

  @Override
  public int close(int fd) {
    return r(libc.close(fd));
  }

  /** {@code count} bytes of {@code buf} are the caller's memory: EFAULT past its end, as the model says. */
  private static boolean fits(byte[] buf, long count) {
    return buf != null && count >= 0 && count <= buf.length;
  }

  @Override
  public long read(int fd, byte[] buf, int count) {
    return fits(buf, count) ? r(libc.read(fd, buf, count)) : -EFAULT;
  }

  @Override
  public long pread(int fd, byte[] buf, int count, long offset) {
    return fits(buf, count) ? r(libc.pread64(fd, buf, count, offset)) : -EFAULT;
  }

  @Override
  public long write(int fd, byte[] buf, int count) {
    return fits(buf, count) ? r(libc.write(fd, buf, count)) : -EFAULT;
  }

  @Override
  public long pwrite(int fd, byte[] buf, int count, long offset) {
    return fits(buf, count) ? r(libc.pwrite64(fd, buf, count, offset)) : -EFAULT;
  }

  @Override
  public long lseek(int fd, long offset, int whence) {
    return r(libc.lseek(fd, offset, whence));
  }

  @Override
  public int fsync(int fd) {
    return r(libc.fsync(fd));
  }

  @Override
  public int ftruncate(int fd, long length) {
    return r(libc.ftruncate(fd, length));
  }

  @Override
  public int truncate(String path, long length) {
    return (int) followed(path, fd -> r(libc.truncate(procFd(fd), length)));
  }

  @Override
  public int fchmod(int fd, int mode) {
    return r(libc.fchmod(fd, mode));
  }

  @Override
  public int fchown(int fd, int uid, int gid) {
    return r(libc.fchown(fd, uid, gid));
  }

  /** {@code statx(2)} into a {@code struct stat}: the fields the model's {@link StatBuf} has. */
  private int statx(int dirfd, byte[] path, int flags, StatBuf out) {
    byte[] buf = new byte[256];
    int res = r(libc.statx(dirfd, path, flags, STATX_BASIC_STATS, buf));
    if (res == 0) {
      ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
      out.stBlksize = Integer.toUnsignedLong(b.getInt(4));
      out.stNlink = Integer.toUnsignedLong(b.getInt(16));
      out.stUid = b.getInt(20);
      out.stGid = b.getInt(24);
      out.stMode = b.getShort(28) & 0xffff;
      out.stIno = b.getLong(32);
      out.stSize = b.getLong(40);
      out.stBlocks = b.getLong(48);
      out.stAtime = new Timespec(b.getLong(64), Integer.toUnsignedLong(b.getInt(72)));
      out.stCtime = new Timespec(b.getLong(96), Integer.toUnsignedLong(b.getInt(104)));
      out.stMtime = new Timespec(b.getLong(112), Integer.toUnsignedLong(b.getInt(120)));
      out.stRdev = Stat.mkdev(b.getInt(128), b.getInt(132));
      out.stDev = Stat.mkdev(b.getInt(136), b.getInt(140));
    }
    return res;
  }

  @Override
  public int stat(String path, StatBuf out) {
    if (out == null) {
      return -EFAULT;
    }
    return (int) followed(path, fd -> statx(fd, EMPTY, AT_EMPTY_PATH, out));
  }

  @Override
  public int lstat(String path, StatBuf out) {
    if (out == null) {
      return -EFAULT;
    }
    if (trailingSlash(path)) {
      return stat(path, out);
    }
    return (int) atParent(path, (dirfd, last) -> statx(dirfd, last, AT_SYMLINK_NOFOLLOW, out));
  }

  @Override
  public int fstat(int fd, StatBuf out) {
    return out == null ? -EFAULT : statx(fd, EMPTY, AT_EMPTY_PATH, out);
  }

  @Override
  public int unlink(String path) {
    return (int) atParent(path, (dirfd, last) -> r(libc.unlinkat(dirfd, last, 0)));
  }

  @Override
  public int mkdir(String path, int mode) {
    return (int) atParent(path, (dirfd, last) -> r(libc.mkdirat(dirfd, last, mode)));
  }

  @Override
  public int rmdir(String path) {
    return (int) atParent(path, (dirfd, last) -> r(libc.unlinkat(dirfd, last, AT_REMOVEDIR)));
  }

  /**
   * {@code linkat(2)}: as {@code do_linkat()}, the old path is looked up whole (not followed)
   * before the new path's parent, so its errors come first.
   */
  @Override
  public int link(String oldpath, String newpath) {
    return (int) atParent(oldpath, (od, ol) -> {
      int found = statx(od, ol, AT_SYMLINK_NOFOLLOW, new StatBuf());
      if (found < 0) {
        return found;
      }
      return atParent(newpath, (nd, nl) -> r(libc.linkat(od, ol, nd, nl, 0)));
    });
  }

  @Override
  public int symlink(String target, String linkpath) {
    CPath t = CPath.string(target);
    if (t.errno != 0) {
      return -t.errno;
    }
    return (int) atParent(linkpath, (dirfd, last) -> r(libc.symlinkat(t.bytes, dirfd, last)));
  }

  @Override
  public int rename(String oldpath, String newpath) {
    return (int) atParent(oldpath, (od, ol) ->
        atParent(newpath, (nd, nl) -> r(libc.renameat(od, ol, nd, nl))));
  }

  /** Raw {@code mknodat(dir, ...)}: the device in the kernel's {@code new_encode_dev()} form. */
  @Override
  public int mknod(String path, int mode, int dev) {
    long major = Stat.major(dev);
    long minor = Stat.minor(dev);
    long encoded = (minor & 0xffL) | (major << 8) | ((minor & ~0xffL) << 12);
    try (Parent p = new Parent(path)) {
      if (p.errno != 0) {
        return (int) mknodBeforeTheWalk(mode, encoded, -p.errno);
      }
      return (int) r(libc.syscall(nr.mknodat(), (long) p.fd, p.last, (long) mode, encoded));
    }
  }

  /**
   * What {@code mknodat()} answers for a path whose parent did not resolve ({@code walkError}):
   * the kernel checks the type ({@code may_mknod()}: EPERM for a directory, EINVAL for no type
   * it makes) before it walks the path, which this backend resolved first. So the kernel is
   * asked with the empty path, which names nothing and can make nothing (refused as ENOENT
   * once those checks passed): its answer when that is not ENOENT, else {@code walkError}.
   */
  private long mknodBeforeTheWalk(int mode, long encoded, long walkError) {
    long e = r(libc.syscall(nr.mknodat(), (long) start, EMPTY, (long) mode, encoded));
    return e < 0 && e != -ENOENT ? e : walkError;
  }

  @Override
  public int chmod(String path, int mode) {
    return (int) followed(path, fd -> r(libc.chmod(procFd(fd), mode)));
  }

  @Override
  public int chown(String path, int uid, int gid) {
    return (int) followed(path, fd -> r(libc.fchownat(fd, EMPTY, uid, gid, AT_EMPTY_PATH)));
  }

  @Override
  public int lchown(String path, int uid, int gid) {
    if (trailingSlash(path)) {
      return chown(path, uid, gid);
    }
    return (int) atParent(path, (dirfd, last) ->
        r(libc.fchownat(dirfd, last, uid, gid, AT_SYMLINK_NOFOLLOW)));
  }

  /** {@code utimensat(path, times, 0)}; a {@code null} time is {@code UTIME_NOW}. */
  @Override
  public int utimes(String path, Timespec atime, Timespec mtime) {
    long[] times;
    if (atime == null && mtime == null) {
      times = null;
    } else {
      times = new long[] {0, UTIME_NOW, 0, UTIME_NOW};
      if (atime != null) {
        times[0] = atime.sec();
        times[1] = atime.nsec();
      }
      if (mtime != null) {
        times[2] = mtime.sec();
        times[3] = mtime.nsec();
      }
    }
    return (int) followed(path, fd -> r(libc.utimensat(-100, procFd(fd), times, 0)));
  }

  @Override
  public long readlink(String path, byte[] buf, int bufsiz) {
    if (bufsiz > 0 && !fits(buf, bufsiz)) {
      return -EFAULT;
    }
    if (trailingSlash(path)) {
      // "link/" follows the link to a directory, which is no link: EINVAL.
      return followed(path, fd -> -EINVAL);
    }
    return atParent(path, (dirfd, last) -> r(libc.readlinkat(dirfd, last, buf, bufsiz)));
  }

  /**
   * Changes where later paths start: to {@code path}, resolved beneath the current start. A
   * {@code ..} cannot climb above the new start afterwards.
   */
  @Override
  public int chdir(String path) {
    CPath p = CPath.of(path);
    if (p.errno != 0) {
      return -p.errno;
    }
    int fd = openBeneath(p.bytes, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) {
      return fd;
    }
    int c = r(libc.fchdir(fd));
    if (c < 0) {
      libc.close(fd);
      return c;
    }
    if (chdirFd >= 0) {
      libc.close(chdirFd);
    }
    chdirFd = fd;
    start = fd;
    return 0;
  }

  /** {@code umask(2)}: the kernel backend's threads each have their own (CLONE_FS). */
  @Override
  public int umask(int mask) {
    return libc.umask(mask);
  }

  @Override
  public int readdir(String path, List<String> names) {
    int fd = open(path, O_DIRECTORY, 0);
    if (fd < 0) {
      return fd;
    }
    try {
      return getdents(fd, names);
    } finally {
      libc.close(fd);
    }
  }

  @Override
  public int getdents(int fd, List<String> names) {
    {
      byte[] buf = new byte[32768];
      while (true) {
        long n = r(libc.getdents64(fd, buf, buf.length));
        if (n <= 0) {
          return (int) n;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
        int off = 0;
        while (off < n) {
          int reclen = b.getShort(off + 16) & 0xffff;
          int begin = off + 19;
          int end = begin;
          while (end < off + reclen && buf[end] != 0) {
            end++;
          }
          names.add(new String(buf, begin, end - begin, StandardCharsets.UTF_8));
          off += reclen;
        }
      }
    }
  }

  /** An xattr name as a C string, or {@code null} for one with a NUL (EINVAL). */
  private static byte[] name(String name) {
    return name == null || name.indexOf('\0') >= 0 ? null : cstr(name);
  }

  @Override
  public long getxattr(String path, String name, byte[] value, int size) {
    byte[] n = name(name);
    if (!fits(value, size) || n == null) {
      return n == null ? -EINVAL : -EFAULT;
    }
    return followed(path, fd -> r(libc.getxattr(procFd(fd), n, value, size)));
  }

  @Override
  public long lgetxattr(String path, String name, byte[] value, int size) {
    byte[] n = name(name);
    if (!fits(value, size) || n == null) {
      return n == null ? -EINVAL : -EFAULT;
    }
    if (trailingSlash(path)) {
      return getxattr(path, name, value, size);
    }
    return inParent(path, (dirfd, last) -> r(libc.lgetxattr(last, n, value, size)));
  }

  @Override
  public int setxattr(String path, String name, byte[] value, int size, int flags) {
    byte[] n = name(name);
    if (!fits(value, size) || n == null) {
      return n == null ? -EINVAL : -EFAULT;
    }
    return (int) followed(path, fd -> r(libc.setxattr(procFd(fd), n, value, size, flags)));
  }

  @Override
  public int lsetxattr(String path, String name, byte[] value, int size, int flags) {
    byte[] n = name(name);
    if (!fits(value, size) || n == null) {
      return n == null ? -EINVAL : -EFAULT;
    }
    if (trailingSlash(path)) {
      return setxattr(path, name, value, size, flags);
    }
    return (int) inParent(path, (dirfd, last) ->
        r(libc.lsetxattr(last, n, value, size, flags)));
  }

  @Override
  public long listxattr(String path, byte[] list, int size) {
    if (!fits(list, size)) {
      return -EFAULT;
    }
    return followed(path, fd -> r(libc.listxattr(procFd(fd), list, size)));
  }

  @Override
  public long llistxattr(String path, byte[] list, int size) {
    if (!fits(list, size)) {
      return -EFAULT;
    }
    if (trailingSlash(path)) {
      return listxattr(path, list, size);
    }
    return inParent(path, (dirfd, last) -> r(libc.llistxattr(last, list, size)));
  }

  @Override
  public int removexattr(String path, String name) {
    byte[] n = name(name);
    if (n == null) {
      return -EINVAL;
    }
    return (int) followed(path, fd -> r(libc.removexattr(procFd(fd), n)));
  }

  @Override
  public int lremovexattr(String path, String name) {
    byte[] n = name(name);
    if (n == null) {
      return -EINVAL;
    }
    if (trailingSlash(path)) {
      return removexattr(path, name);
    }
    return (int) inParent(path, (dirfd, last) -> r(libc.lremovexattr(last, n)));
  }

  /** {@code fstatfs(2)} on the resolved fd: the LP64 {@code struct statfs} of glibc. */
  @Override
  public int statfs(String path, StatfsBuf out) {
    if (out == null) {
      return -EFAULT;
    }
    return (int) followed(path, fd -> {
      byte[] buf = new byte[256];
      int res = r(libc.fstatfs(fd, buf));
      if (res == 0) {
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        out.fType = b.getLong(0);
        out.fBsize = b.getLong(8);
        out.fBlocks = b.getLong(16);
        out.fBfree = b.getLong(24);
        out.fBavail = b.getLong(32);
        out.fFiles = b.getLong(40);
        out.fFfree = b.getLong(48);
        out.fNamelen = b.getLong(64);
      }
      return res;
    });
  }
}
