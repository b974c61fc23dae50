package ovlsim.conformance.fst;

import ovlsim.conformance.backend.FileStat;

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

  String format(FileStat st) {
    return switch (this) {
      case TYPE -> typeName(st.mode);
      case MODE -> "0" + String.format("%03o", st.mode & 07777);
      case NLINK -> Long.toString(st.nlink);
      case UID -> Integer.toUnsignedString(st.uid);
      case GID -> Integer.toUnsignedString(st.gid);
      case SIZE -> Long.toString(st.size);
      case INODE -> Long.toUnsignedString(st.ino);
      case RDEV -> st.rdevMajor + ":" + st.rdevMinor;
      case ATIME -> Long.toString(st.atime);
      case MTIME -> Long.toString(st.mtime);
      case CTIME -> Long.toString(st.ctime);
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
