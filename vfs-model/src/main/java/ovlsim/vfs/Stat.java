package ovlsim.vfs;

/** The mode bits and directory-entry types of {@code <linux/stat.h>} and {@code <linux/fs.h>}. */
public final class Stat {
  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;
  public static final int S_ISUID = 04000;
  public static final int S_ISGID = 02000;
  public static final int S_ISVTX = 01000;
  public static final int S_IRWXUGO = 0777;
  public static final int S_IALLUGO = 07777;
  public static final int S_IXGRP = 00010;

  public static final int DT_UNKNOWN = 0;
  public static final int DT_FIFO = 1;
  public static final int DT_CHR = 2;
  public static final int DT_DIR = 4;
  public static final int DT_BLK = 6;
  public static final int DT_REG = 8;
  public static final int DT_LNK = 10;
  public static final int DT_SOCK = 12;

  private Stat() {}

  public static boolean S_ISDIR(int m) {
    return (m & S_IFMT) == S_IFDIR;
  }

  public static boolean S_ISREG(int m) {
    return (m & S_IFMT) == S_IFREG;
  }

  public static boolean S_ISLNK(int m) {
    return (m & S_IFMT) == S_IFLNK;
  }

  public static boolean S_ISCHR(int m) {
    return (m & S_IFMT) == S_IFCHR;
  }

  public static boolean S_ISBLK(int m) {
    return (m & S_IFMT) == S_IFBLK;
  }

  public static boolean S_ISFIFO(int m) {
    return (m & S_IFMT) == S_IFIFO;
  }

  public static boolean S_ISSOCK(int m) {
    return (m & S_IFMT) == S_IFSOCK;
  }

  /** Port of {@code special_file()}: a device, fifo or socket. */
  public static boolean specialFile(int m) {
    return S_ISCHR(m) || S_ISBLK(m) || S_ISFIFO(m) || S_ISSOCK(m);
  }

  /** The {@code d_type} for a mode: {@code (mode >> 12) & 15}. */
  public static int dtType(int mode) {
    return (mode >> 12) & 15;
  }

  /** Packs a device number as the kernel's {@code new_encode_dev()} does. */
  public static int mkdev(int major, int minor) {
    return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
  }

  public static int major(int dev) {
    return (dev & 0xfff00) >>> 8;
  }

  public static int minor(int dev) {
    return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  }
}
