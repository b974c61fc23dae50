package ovlsim.layer;

import ovlsim.vfs.Stat;

/** The kinds of inode a layer can hold, with their {@code S_IFMT} bits. Sockets are not among them. */
public enum NodeType {
  DIRECTORY(Stat.S_IFDIR),
  REGULAR(Stat.S_IFREG),
  SYMLINK(Stat.S_IFLNK),
  FIFO(Stat.S_IFIFO),
  CHAR_DEVICE(Stat.S_IFCHR),
  BLOCK_DEVICE(Stat.S_IFBLK);

  private final int ifmt;

  NodeType(int ifmt) {
    this.ifmt = ifmt;
  }

  /** The {@code S_IFMT} bits of this type ({@code S_IFDIR}, ...). */
  public int ifmt() {
    return ifmt;
  }

  /** The {@code d_type} readdir reports for this type. */
  public int dType() {
    return Stat.dtType(ifmt);
  }
}
