package ovlsim.conformance.fst;

import ovlsim.syscall.StatBuf;
import ovlsim.vfs.Stat;

/** The fields {@code stat}, {@code lstat} and {@code fstat} print, and how. */
enum StatField {
  /** {@code regular}, {@code dir}, {@code symlink}, {@code fifo}, {@code char}, {@code block}, {@code socket}. */
  TYPE,
  /** Permission bits (07777) in octal with a leading 0: {@code 0644}, {@code 01777}. */
  MODE,
  NLINK,
  UID,
  GID,
  SIZE,
  INODE,
  /** {@code MAJOR:MINOR} of a device node. */
  RDEV,
  /** Seconds since the epoch. */
  ATIME,
  MTIME,
  CTIME;

  String format(StatBuf st) {
    return switch (this) {
      case TYPE -> typeName(st.stMode);
      case MODE -> "0" + String.format("%03o", st.stMode & 07777);
      case NLINK -> Long.toString(st.stNlink);
      case UID -> Integer.toUnsignedString(st.stUid);
      case GID -> Integer.toUnsignedString(st.stGid);
      case SIZE -> Long.toString(st.stSize);
      case INODE -> Long.toUnsignedString(st.stIno);
      case RDEV -> Stat.major((int) st.stRdev) + ":" + Stat.minor((int) st.stRdev);
      case ATIME -> Long.toString(st.stAtime.sec());
      case MTIME -> Long.toString(st.stMtime.sec());
      case CTIME -> Long.toString(st.stCtime.sec());
    };
  }

  static String typeName(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> "regular";
      case 0040000 -> "dir";
      case 0120000 -> "symlink";
      case 0010000 -> "fifo";
      case 0020000 -> "char";
      case 0060000 -> "block";
      case 0140000 -> "socket";
      default -> "unknown";
    };
  }
}
