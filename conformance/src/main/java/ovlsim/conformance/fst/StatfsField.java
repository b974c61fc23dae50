package ovlsim.conformance.fst;

import ovlsim.syscall.StatfsBuf;

/** The fields {@code statfs} prints. */
enum StatfsField {
  /** The filesystem's magic number in hex: {@code 0x794c7630}. */
  TYPE,
  BSIZE,
  BLOCKS,
  BFREE,
  BAVAIL,
  FILES,
  FFREE,
  NAMELEN;

  String format(StatfsBuf st) {
    return switch (this) {
      case TYPE -> "0x" + Long.toHexString(st.fType);
      case BSIZE -> Long.toString(st.fBsize);
      case BLOCKS -> Long.toUnsignedString(st.fBlocks);
      case BFREE -> Long.toUnsignedString(st.fBfree);
      case BAVAIL -> Long.toUnsignedString(st.fBavail);
      case FILES -> Long.toUnsignedString(st.fFiles);
      case FFREE -> Long.toUnsignedString(st.fFfree);
      case NAMELEN -> Long.toString(st.fNamelen);
    };
  }
}
