package ovlsim.vfs;

/** The open flags and seek origins of {@code <asm-generic/fcntl.h>} (x86-64 values). */
public final class Fcntl {
  public static final int O_ACCMODE = 00000003;
  public static final int O_RDONLY = 00000000;
  public static final int O_WRONLY = 00000001;
  public static final int O_RDWR = 00000002;
  public static final int O_CREAT = 00000100;
  public static final int O_EXCL = 00000200;
  public static final int O_NOCTTY = 00000400;
  public static final int O_TRUNC = 00001000;
  public static final int O_APPEND = 00002000;
  public static final int O_NONBLOCK = 00004000;
  public static final int O_DSYNC = 00010000;
  public static final int O_DIRECT = 00040000;
  public static final int O_LARGEFILE = 00100000;
  public static final int O_DIRECTORY = 00200000;
  public static final int O_NOFOLLOW = 00400000;
  public static final int O_NOATIME = 01000000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_SYNC = 04010000;

  /** Every flag bit open(2) accepts; others are ignored by Linux, as here. */
  public static final int VALID_OPEN_FLAGS =
      O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC
          | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC;

  public static final int SEEK_SET = 0;
  public static final int SEEK_CUR = 1;
  public static final int SEEK_END = 2;

  /** {@code AT_SYMLINK_NOFOLLOW}, for the *at calls. */
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;

  private Fcntl() {}
}
