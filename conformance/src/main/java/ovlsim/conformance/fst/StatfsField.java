package ovlsim.conformance.fst;

import ovlsim.conformance.backend.FsStat;

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

  String format(FsStat st) {
    return switch (this) {
      case TYPE -> "0x" + Long.toHexString(st.type);
      case BSIZE -> Long.toString(st.bsize);
      case BLOCKS -> Long.toUnsignedString(st.blocks);
      case BFREE -> Long.toUnsignedString(st.bfree);
      case BAVAIL -> Long.toUnsignedString(st.bavail);
      case FILES -> Long.toUnsignedString(st.files);
      case FFREE -> Long.toUnsignedString(st.ffree);
      case NAMELEN -> Long.toString(st.namelen);
    };
  }
}
