package ovlsim.vfs;

/** Port of {@code do_splice_direct()} from {@code fs/splice.c}. */
public final class Splice {
  private Splice() {}

  /**
   * Port of {@code do_splice_direct()}: copies up to {@code len} bytes from {@code in} at
   * {@code ppos} to {@code out} at its {@code f_pos}; returns the bytes moved.
   */
  public static long doSpliceDirect(File in, Loff ppos, File out, long len, int flags) {
    throw new UnsupportedOperationException("TODO");
  }
}
