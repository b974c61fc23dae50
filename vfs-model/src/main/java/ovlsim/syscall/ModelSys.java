package ovlsim.syscall;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.vfs.Chdir;
import ovlsim.vfs.Chmod;
import ovlsim.vfs.Chown;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.FileTable;
import ovlsim.vfs.FilesStruct;
import ovlsim.vfs.FsStruct;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Open;
import ovlsim.vfs.ReadWrite;
import ovlsim.vfs.Readdir;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Statfs;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Truncate;
import ovlsim.vfs.Utimes;
import ovlsim.vfs.VfsStat;
import ovlsim.vfs.Xattr;

/**
 * The user's side of the model kernel: the syscalls of one {@link Task}, each returning what
 * the raw syscall returns: zero or a count on success, {@code -errno} on failure
 * ({@link ovlsim.kernel.Errno#ofResult} names it). Each call binds the calling thread to the
 * task for its length. Besides {@link Sys} it has the calls only a model task makes here
 * ({@code getdents} by entries, {@code mount}, {@code umount}).
 *
 * <p>Each method is the port of the x86-64 {@code SYSCALL_DEFINE} of the same name, with
 * {@code AT_FDCWD} for the *at forms. A user mistake never throws: it is a {@code -errno}.
 * Strings and buffers stand for user memory: a {@code null} one, or a count beyond a buffer's
 * length, is EFAULT; a path is copied in by {@link #getname}. The fd table is the task's
 * {@link FilesStruct}.
 */
public final class ModelSys implements Sys {
  /**
   * How many entries {@link #readdir} asks {@code getdents} for at once: a small directory is
   * read in one call, so a concurrent change cannot land between two batches.
   */
  static final int READDIR_BATCH = 1024;

  private final Task task;

  private ModelSys(Task task) {
    this.task = Objects.requireNonNull(task);
  }

  /** The syscalls as {@code task} makes them. */
  public static ModelSys of(Task task) {
    return new ModelSys(task);
  }

  public Task task() {
    return task;
  }

  /** A syscall body: returns the result, or throws {@link KernelError}. */
  @FunctionalInterface
  private interface Body {
    long run();
  }

  /**
   * Runs {@code body} as the task; a {@link KernelError} becomes {@code -errno}. On the way
   * back the pending signals are delivered ({@link Task#doSignal}), as the return to user space
   * does.
   */
  private long call(Body body) {
    return task.call(
        () -> {
          try {
            return body.run();
          } catch (KernelError e) {
            return (long) -e.errno().number();
          } finally {
            task.doSignal();
          }
        });
  }

  private int callInt(Body body) {
    return (int) call(body);
  }

  /**
   * Port of {@code getname()}: a user path copied in. EFAULT for null, ENOENT when empty,
   * ENAMETOOLONG at {@value Fs#PATH_MAX} bytes or more (no room for the NUL). A NUL inside the
   * string is EINVAL: the model's rule, where C would silently cut the path there.
   */
  static String getname(String filename) {
    if (filename == null) {
      throw new KernelError(Errno.EFAULT);
    }
    if (filename.indexOf('\0') >= 0) {
      throw new KernelError(Errno.EINVAL);
    }
    if (filename.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    if (utf8Length(filename, Fs.PATH_MAX) >= Fs.PATH_MAX) {
      throw new KernelError(Errno.ENAMETOOLONG);
    }
    return filename;
  }

  /**
   * The length of {@code s} in UTF-8 ({@code getBytes(UTF_8).length}, an unpaired surrogate
   * one byte as its '?' is), counted without encoding; the count stops once it reaches
   * {@code limit}.
   */
  static int utf8Length(String s, int limit) {
    int n = 0;
    for (int i = 0; i < s.length() && n < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** EFAULT when {@code count} bytes do not fit in {@code buf} ({@code access_ok()}). */
  private static void accessOk(byte[] buf, long count) {
    if (buf == null || count > buf.length) {
      throw new KernelError(Errno.EFAULT);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Files: open, close, read, write, seek, sync
  // ---------------------------------------------------------------------------------------

  /**
   * Port of {@code sys_open()} / {@code do_sys_open()}: O_LARGEFILE is forced (64-bit);
   * EMFILE when the table is full, checked first as {@code get_unused_fd_flags()} does; then
   * {@link Namei#doFilpOpen} (which masks the O_CREAT mode with the umask) and
   * {@code fd_install()}.
   */
  @Override
  public int open(String path, int flags, int mode) {
    return callInt(
        () -> {
          String tmp = getname(path);
          int f = flags | Fcntl.O_LARGEFILE;
          FilesStruct files = FilesStruct.current();
          if (files.openFds().size() >= FilesStruct.NR_OPEN) {
            throw new KernelError(Errno.EMFILE);
          }
          File file = Namei.doFilpOpen(tmp, f, mode);
          try {
            return files.install(file);
          } catch (KernelError e) {
            Open.fput(file);
            throw e;
          }
        });
  }

  /** Port of {@code sys_close()}: EBADF for an unknown fd, else {@code filp_close()}. */
  @Override
  public int close(int fd) {
    return callInt(
        () -> {
          File file = FilesStruct.current().remove(fd);
          Open.filpClose(file);
          return 0;
        });
  }

  /** Port of {@code sys_read()}: {@code vfs_read()} at the file's position, which moves. */
  @Override
  public long read(int fd, byte[] buf, int count) {
    return call(
        () -> {
          File file = FileTable.fget(fd);
          try {
            Loff pos = new Loff(file.fPos);
            int n = ReadWrite.vfsRead(file, buf, count, pos);
            file.fPos = pos.value;
            return n;
          } finally {
            Open.fput(file);
          }
        });
  }

  /** Port of {@code sys_write()}: {@code vfs_write()} at the file's position, which moves. */
  @Override
  public long write(int fd, byte[] buf, int count) {
    return call(
        () -> {
          File file = FileTable.fget(fd);
          try {
            Loff pos = new Loff(file.fPos);
            int n = ReadWrite.vfsWrite(file, buf, count, pos);
            file.fPos = pos.value;
            return n;
          } finally {
            Open.fput(file);
          }
        });
  }

  /**
   * Port of {@code sys_pread64()}: EINVAL for a negative offset (before the fd is looked up),
   * ESPIPE without FMODE_PREAD; the file's position does not move.
   */
  @Override
  public long pread(int fd, byte[] buf, int count, long offset) {
    return call(
        () -> {
          if (offset < 0) {
            throw new KernelError(Errno.EINVAL);
          }
          File file = FileTable.fget(fd);
          try {
            if ((file.fMode & Fs.FMODE_PREAD) == 0) {
              throw new KernelError(Errno.ESPIPE);
            }
            return ReadWrite.vfsRead(file, buf, count, new Loff(offset));
          } finally {
            Open.fput(file);
          }
        });
  }

  /** Port of {@code sys_pwrite64()}: as {@link #pread}, with FMODE_PWRITE. */
  @Override
  public long pwrite(int fd, byte[] buf, int count, long offset) {
    return call(
        () -> {
          if (offset < 0) {
            throw new KernelError(Errno.EINVAL);
          }
          File file = FileTable.fget(fd);
          try {
            if ((file.fMode & Fs.FMODE_PWRITE) == 0) {
              throw new KernelError(Errno.ESPIPE);
            }
            return ReadWrite.vfsWrite(file, buf, count, new Loff(offset));
          } finally {
            Open.fput(file);
          }
        });
  }

  /** Port of {@code sys_lseek()}: EBADF, EINVAL for a whence above SEEK_END, vfs_llseek(). */
  @Override
  public long lseek(int fd, long offset, int whence) {
    return call(
        () -> {
          File file = FileTable.fget(fd);
          try {
            if (whence < 0 || whence > ReadWrite.SEEK_MAX) {
              throw new KernelError(Errno.EINVAL);
            }
            return ReadWrite.vfsLlseek(file, offset, whence);
          } finally {
            Open.fput(file);
          }
        });
  }

  /** Port of {@code sys_fsync()} ({@code do_fsync(fd, 0)}). */
  @Override
  public int fsync(int fd) {
    return callInt(
        () -> {
          File file = FileTable.fget(fd);
          try {
            ReadWrite.vfsFsync(file, 0);
            return 0;
          } finally {
            Open.fput(file);
          }
        });
  }

  /** Port of {@code sys_truncate()}. */
  @Override
  public int truncate(String path, long length) {
    return callInt(
        () -> {
          String tmp = getname(path);
          Truncate.doSysTruncate(tmp, length);
          return 0;
        });
  }

  /** Port of {@code sys_ftruncate()}. */
  @Override
  public int ftruncate(int fd, long length) {
    return callInt(
        () -> {
          Truncate.doSysFtruncate(fd, length);
          return 0;
        });
  }

  // ---------------------------------------------------------------------------------------
  // Attributes
  // ---------------------------------------------------------------------------------------

  /**
   * Port of {@code cp_new_stat()}: the x86-64 {@code struct stat} from a {@code kstat}. The
   * model's device numbers are already in the user's {@code new_encode_dev()} form.
   */
  private static void cpNewStat(Kstat stat, StatBuf buf) {
    if (buf == null) {
      throw new KernelError(Errno.EFAULT);
    }
    buf.stDev = stat.dev;
    buf.stIno = stat.ino;
    buf.stMode = stat.mode;
    buf.stNlink = stat.nlink;
    buf.stUid = stat.uid;
    buf.stGid = stat.gid;
    buf.stRdev = stat.rdev;
    buf.stSize = stat.size;
    buf.stAtime = stat.atime;
    buf.stMtime = stat.mtime;
    buf.stCtime = stat.ctime;
    buf.stBlocks = stat.blocks;
    buf.stBlksize = stat.blksize;
  }

  /** Port of {@code sys_newstat()}. */
  @Override
  public int stat(String path, StatBuf buf) {
    return callInt(
        () -> {
          Kstat stat = new Kstat();
          VfsStat.vfsStat(getname(path), stat);
          cpNewStat(stat, buf);
          return 0;
        });
  }

  /** Port of {@code sys_newlstat()}. */
  @Override
  public int lstat(String path, StatBuf buf) {
    return callInt(
        () -> {
          Kstat stat = new Kstat();
          VfsStat.vfsLstat(getname(path), stat);
          cpNewStat(stat, buf);
          return 0;
        });
  }

  /** Port of {@code sys_newfstat()}. */
  @Override
  public int fstat(int fd, StatBuf buf) {
    return callInt(
        () -> {
          Kstat stat = new Kstat();
          VfsStat.vfsFstat(fd, stat);
          cpNewStat(stat, buf);
          return 0;
        });
  }

  /** Port of {@code sys_chmod()} ({@code sys_fchmodat(AT_FDCWD, ...)}). */
  @Override
  public int chmod(String path, int mode) {
    return callInt(
        () -> {
          Chmod.sysFchmodat(getname(path), mode);
          return 0;
        });
  }

  /** Port of {@code sys_fchmod()}. */
  @Override
  public int fchmod(int fd, int mode) {
    return callInt(
        () -> {
          Chmod.sysFchmod(fd, mode);
          return 0;
        });
  }

  /** Port of {@code sys_chown()}: follows a final symlink; -1 leaves an id unchanged. */
  @Override
  public int chown(String path, int uid, int gid) {
    return callInt(
        () -> {
          Chown.sysChown(getname(path), uid, gid, true);
          return 0;
        });
  }

  /** Port of {@code sys_lchown()}: changes a final symlink itself. */
  @Override
  public int lchown(String path, int uid, int gid) {
    return callInt(
        () -> {
          Chown.sysChown(getname(path), uid, gid, false);
          return 0;
        });
  }

  /** Port of {@code sys_fchown()}. */
  @Override
  public int fchown(int fd, int uid, int gid) {
    return callInt(
        () -> {
          Chown.sysFchown(fd, uid, gid);
          return 0;
        });
  }

  /**
   * Port of {@code sys_utimensat(AT_FDCWD, path, times, 0)}: a null time means "now"
   * ({@code UTIME_NOW}); both null is {@code times == NULL}. A time may also carry
   * {@link Utimes#UTIME_NOW} or {@link Utimes#UTIME_OMIT} in its nsec.
   */
  @Override
  public int utimes(String path, Timespec atime, Timespec mtime) {
    return callInt(
        () -> {
          String tmp = getname(path);
          Timespec[] times = null;
          if (atime != null || mtime != null) {
            Timespec now = new Timespec(0, Utimes.UTIME_NOW);
            times = new Timespec[] {atime == null ? now : atime, mtime == null ? now : mtime};
          }
          Utimes.doUtimes(tmp, times, 0);
          return 0;
        });
  }

  /**
   * Port of {@code sys_statfs()} ({@code user_statfs()} + {@code do_statfs_native()}).
   */
  @Override
  public int statfs(String path, StatfsBuf buf) {
    return callInt(
        () -> {
          Kstatfs st = new Kstatfs();
          Statfs.userStatfs(getname(path), st);
          if (buf == null) {
            throw new KernelError(Errno.EFAULT);
          }
          buf.fType = st.fType;
          buf.fBsize = st.fBsize;
          buf.fBlocks = st.fBlocks;
          buf.fBfree = st.fBfree;
          buf.fBavail = st.fBavail;
          buf.fFiles = st.fFiles;
          buf.fFfree = st.fFfree;
          buf.fNamelen = st.fNamelen;
          return 0;
        });
  }

  // ---------------------------------------------------------------------------------------
  // Directories and names
  // ---------------------------------------------------------------------------------------

  /** Port of {@code sys_mkdir()}: {@code mode & ~umask}. */
  @Override
  public int mkdir(String path, int mode) {
    return callInt(
        () -> {
          Namei.doMkdirat(getname(path), mode);
          return 0;
        });
  }

  /** Port of {@code sys_rmdir()}. */
  @Override
  public int rmdir(String path) {
    return callInt(
        () -> {
          Namei.doRmdir(getname(path));
          return 0;
        });
  }

  /** Port of {@code sys_unlink()}. */
  @Override
  public int unlink(String path) {
    return callInt(
        () -> {
          Namei.doUnlinkat(getname(path));
          return 0;
        });
  }

  /**
   * Port of {@code sys_rename()}. Both names are copied in first: a malformed new name wins
   * over a failing walk of the old one, where the C would walk the old name first.
   */
  @Override
  public int rename(String oldpath, String newpath) {
    return callInt(
        () -> {
          Namei.doRenameat(getname(oldpath), getname(newpath));
          return 0;
        });
  }

  /** Port of {@code sys_link()}: a final symlink in {@code oldpath} is linked itself. */
  @Override
  public int link(String oldpath, String newpath) {
    return callInt(
        () -> {
          Namei.doLinkat(getname(oldpath), getname(newpath));
          return 0;
        });
  }

  /** Port of {@code sys_symlink()}: ENOENT for an empty target. */
  @Override
  public int symlink(String target, String linkpath) {
    return callInt(
        () -> {
          Namei.doSymlinkat(getname(target), getname(linkpath));
          return 0;
        });
  }

  /**
   * Port of {@code sys_readlink()}: EINVAL for {@code bufsiz <= 0} or a non-symlink; returns
   * the bytes copied, cut at {@code bufsiz}, with no NUL.
   */
  @Override
  public long readlink(String path, byte[] buf, int bufsiz) {
    return call(
        () -> {
          String tmp = getname(path);
          if (bufsiz > 0) {
            accessOk(buf, bufsiz);
          }
          return VfsStat.sysReadlinkat(tmp, buf, bufsiz);
        });
  }

  /** Port of {@code sys_mknod()}: {@code mode & ~umask}; EPERM for a directory. */
  @Override
  public int mknod(String path, int mode, int dev) {
    return callInt(
        () -> {
          Namei.doMknodat(getname(path), mode, dev);
          return 0;
        });
  }

  /** Port of {@code sys_chdir()}. */
  @Override
  public int chdir(String path) {
    return callInt(
        () -> {
          Chdir.sysChdir(getname(path));
          return 0;
        });
  }

  /** Port of {@code sys_umask()}: sets the umask; returns the old one (never fails). */
  @Override
  public int umask(int mask) {
    return callInt(() -> FsStruct.current().setUmask(mask & Stat.S_IRWXUGO));
  }

  /**
   * Port of {@code struct getdents_callback64} and {@code filldir64()}: each record's
   * {@code d_off} is the position of the entry after it, so a record is completed when the
   * next one arrives (or, for the last, from {@code f_pos} in {@link #getdents}). The buffer
   * holds {@code count} records; a record that does not fit makes the filler return EINVAL, so
   * the filesystem stops before it and {@code f_pos} stays on it.
   */
  private static final class GetdentsCallback implements FillDir {
    private final List<Dirent> entries = new ArrayList<>();
    private int count;
    private Errno error;
    private Dirent previous;

    GetdentsCallback(int count) {
      this.count = count;
    }

    @Override
    public int fill(String name, long offset, long ino, int dType) {
      error = Errno.EINVAL; // only used if we fail
      if (count < 1) {
        return -Errno.EINVAL.number();
      }
      if (previous != null) {
        entries.add(new Dirent(previous.ino(), offset, previous.type(), previous.name()));
      }
      previous = new Dirent(ino, 0, dType, name);
      count--;
      return 0;
    }
  }

  /**
   * Port of {@code sys_getdents64()}: appends to {@code out} the entries from the fd's position
   * (at most {@code maxEntries}, where Linux counts bytes) and returns how many; 0 at the end.
   * EINVAL for a negative count or when not even one entry fits; ENOTDIR for a non-directory; ENOENT in a removed one.
   * Entries already filled are returned even if {@code ->readdir} then failed, as in the C.
   */
  public long getdents(int fd, List<Dirent> out, int maxEntries) {
    return call(
        () -> {
          if (out == null) {
            throw new KernelError(Errno.EFAULT);
          }
          if (maxEntries < 0) {
            throw new KernelError(Errno.EINVAL);
          }
          File file = FileTable.fget(fd);
          try {
            GetdentsCallback buf = new GetdentsCallback(maxEntries);
            Errno error = null;
            try {
              Readdir.vfsReaddir(file, buf);
              error = buf.error;
            } catch (KernelError e) {
              error = e.errno();
            }
            Dirent last = buf.previous;
            if (last != null) {
              buf.entries.add(new Dirent(last.ino(), file.fPos, last.type(), last.name()));
              out.addAll(buf.entries);
              return buf.entries.size();
            }
            if (error != null) {
              throw new KernelError(error);
            }
            return 0;
          } finally {
            Open.fput(file);
          }
        });
  }

  /** {@link Sys#readdir}: {@code getdents} in batches of {@value #READDIR_BATCH} entries. */
  @Override
  public int readdir(String path, List<String> names) {
    int fd = open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
    if (fd < 0) {
      return fd;
    }
    try {
      return getdents(fd, names);
    } finally {
      close(fd);
    }
  }

  /** {@link Sys#getdents}: {@code getdents} in batches of {@value #READDIR_BATCH} entries. */
  @Override
  public int getdents(int fd, List<String> names) {
    List<Dirent> batch = new ArrayList<>();
    long n;
    while ((n = getdents(fd, batch, READDIR_BATCH)) > 0) {
      for (Dirent d : batch) {
        names.add(d.name());
      }
      batch.clear();
    }
    return (int) n;
  }

  // ---------------------------------------------------------------------------------------
  // Extended attributes
  // ---------------------------------------------------------------------------------------

  /** Port of {@code sys_getxattr()}: the value's length, or with size 0 the length needed. */
  @Override
  public long getxattr(String path, String name, byte[] value, int size) {
    return call(() -> Xattr.sysGetxattr(getname(path), name, value, size, true));
  }

  /** Port of {@code sys_lgetxattr()}. */
  @Override
  public long lgetxattr(String path, String name, byte[] value, int size) {
    return call(() -> Xattr.sysGetxattr(getname(path), name, value, size, false));
  }

  /** Port of {@code sys_setxattr()}: flags XATTR_CREATE / XATTR_REPLACE. */
  @Override
  public int setxattr(String path, String name, byte[] value, int size, int flags) {
    return callInt(
        () -> {
          Xattr.sysSetxattr(getname(path), name, value, size, flags, true);
          return 0;
        });
  }

  /** Port of {@code sys_lsetxattr()}. */
  @Override
  public int lsetxattr(String path, String name, byte[] value, int size, int flags) {
    return callInt(
        () -> {
          Xattr.sysSetxattr(getname(path), name, value, size, flags, false);
          return 0;
        });
  }

  /** Port of {@code sys_listxattr()}: NUL-terminated names; with size 0 the length needed. */
  @Override
  public long listxattr(String path, byte[] list, int size) {
    return call(() -> Xattr.sysListxattr(getname(path), list, size, true));
  }

  /** Port of {@code sys_llistxattr()}. */
  @Override
  public long llistxattr(String path, byte[] list, int size) {
    return call(() -> Xattr.sysListxattr(getname(path), list, size, false));
  }

  /** Port of {@code sys_removexattr()}. */
  @Override
  public int removexattr(String path, String name) {
    return callInt(
        () -> {
          Xattr.sysRemovexattr(getname(path), name, true);
          return 0;
        });
  }

  /** Port of {@code sys_lremovexattr()}. */
  @Override
  public int lremovexattr(String path, String name) {
    return callInt(
        () -> {
          Xattr.sysRemovexattr(getname(path), name, false);
          return 0;
        });
  }

  // ---------------------------------------------------------------------------------------
  // Mounts
  // ---------------------------------------------------------------------------------------

  /**
   * Port of {@code sys_mount()}: the target is copied in as a path ({@code getname()}), then
   * {@code do_mount()}; {@code MS_REMOUNT} in flags remounts, {@code MS_BIND} binds.
   */
  public int mount(String source, String target, String fstype, int flags, String data) {
    return callInt(
        () -> {
          String dir = getname(target);
          Namespace.doMount(source, dir, fstype, flags, data == null ? "" : data);
          return 0;
        });
  }

  /** Port of {@code sys_umount(name, 0)}. */
  public int umount(String target) {
    return callInt(
        () -> {
          Namespace.doUmount(getname(target));
          return 0;
        });
  }
}
