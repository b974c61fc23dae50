package ovlsim.vfs;

/** Constants of {@code <linux/fs.h>}, {@code <linux/xattr.h>} and {@code <linux/mount.h>}. */
public final class Fs {
  // permission mask bits
  public static final int MAY_EXEC = 1;
  public static final int MAY_WRITE = 2;
  public static final int MAY_READ = 4;
  public static final int MAY_APPEND = 8;
  public static final int MAY_ACCESS = 16;
  public static final int MAY_OPEN = 32;

  /** {@code permission()} flag: called in RCU-walk mode (never set by the model). */
  public static final int IPERM_FLAG_RCU = 0x0001;

  // f_mode
  public static final int FMODE_READ = 0x1;
  public static final int FMODE_WRITE = 0x2;
  public static final int FMODE_LSEEK = 0x4;
  public static final int FMODE_PREAD = 0x8;
  public static final int FMODE_PWRITE = 0x10;

  // iattr ia_valid
  public static final int ATTR_MODE = 1;
  public static final int ATTR_UID = 1 << 1;
  public static final int ATTR_GID = 1 << 2;
  public static final int ATTR_SIZE = 1 << 3;
  public static final int ATTR_ATIME = 1 << 4;
  public static final int ATTR_MTIME = 1 << 5;
  public static final int ATTR_CTIME = 1 << 6;
  public static final int ATTR_ATIME_SET = 1 << 7;
  public static final int ATTR_MTIME_SET = 1 << 8;
  public static final int ATTR_FORCE = 1 << 9;
  public static final int ATTR_ATTR_FLAG = 1 << 10;
  public static final int ATTR_KILL_SUID = 1 << 11;
  public static final int ATTR_KILL_SGID = 1 << 12;
  public static final int ATTR_FILE = 1 << 13;
  public static final int ATTR_KILL_PRIV = 1 << 14;
  public static final int ATTR_OPEN = 1 << 15;
  public static final int ATTR_TIMES_SET = 1 << 16;

  // inode i_flags
  public static final int S_SYNC = 1;
  public static final int S_NOATIME = 2;
  public static final int S_APPEND = 4;
  public static final int S_IMMUTABLE = 8;
  public static final int S_DEAD = 16;
  public static final int S_NOQUOTA = 32;
  public static final int S_DIRSYNC = 64;
  public static final int S_NOCMTIME = 128;

  // superblock / mount flags (sys_mount)
  public static final int MS_RDONLY = 1;
  public static final int MS_NOSUID = 2;
  public static final int MS_NODEV = 4;
  public static final int MS_NOEXEC = 8;
  public static final int MS_REMOUNT = 32;
  public static final int MS_NOATIME = 1024;
  public static final int MS_BIND = 4096;

  // vfsmount mnt_flags
  public static final int MNT_NOSUID = 0x01;
  public static final int MNT_NODEV = 0x02;
  public static final int MNT_NOEXEC = 0x04;
  public static final int MNT_NOATIME = 0x08;
  public static final int MNT_READONLY = 0x40;
  /**
   * {@code FILESYSTEM_MAX_STACK_DEPTH}: the deepest {@link SuperBlock#sStackDepth} a mount may
   * have. Not in 2.6.38: the overlay series adds it from v11 (include/linux/fs.h).
   */
  public static final int FILESYSTEM_MAX_STACK_DEPTH = 2;
  public static final int MNT_UNBINDABLE = 0x2000;

  // xattr
  public static final int XATTR_CREATE = 0x1;
  public static final int XATTR_REPLACE = 0x2;
  public static final int XATTR_NAME_MAX = 255;
  public static final int XATTR_SIZE_MAX = 65536;
  public static final int XATTR_LIST_MAX = 65536;
  public static final String XATTR_TRUSTED_PREFIX = "trusted.";
  public static final String XATTR_USER_PREFIX = "user.";
  public static final String XATTR_SECURITY_PREFIX = "security.";
  public static final String XATTR_SYSTEM_PREFIX = "system.";

  // names and paths
  public static final int NAME_MAX = 255;
  public static final int PATH_MAX = 4096;
  public static final int MAX_NESTED_LINKS = 8;
  /** The total number of symlinks one path walk may follow ({@code nd->total_link_count}). */
  public static final int MAX_TOTAL_LINKS = 40;
  public static final long MAX_LFS_FILESIZE = Long.MAX_VALUE;
  public static final int PAGE_SIZE = 4096;
  /** {@code PAGE_SHIFT}: {@code PAGE_SIZE == 1 << PAGE_SHIFT}. */
  public static final int PAGE_SHIFT = 12;

  // lookup flags
  public static final int LOOKUP_FOLLOW = 0x0001;
  public static final int LOOKUP_DIRECTORY = 0x0002;
  public static final int LOOKUP_CONTINUE = 0x0004;
  public static final int LOOKUP_PARENT = 0x0010;

  private Fs() {}

  /** Port of {@code OPEN_FMODE(flag)}: the access mode bits as FMODE_READ/FMODE_WRITE. */
  public static int OPEN_FMODE(int flags) {
    return (flags + 1) & Fcntl.O_ACCMODE;
  }
}
