package ovlsim.vfs;

/** Port of {@code fs/readdir.c}. */
public final class Readdir {
  private Readdir() {}

  /** Port of {@code vfs_readdir()}: calls {@code ->readdir} under the directory's i_mutex. */
  public static void vfsReaddir(File file, FillDir filler) {
    throw new UnsupportedOperationException("TODO");
  }
}
