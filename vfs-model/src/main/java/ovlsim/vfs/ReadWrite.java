package ovlsim.vfs;

/** Port of {@code fs/read_write.c}. */
public final class ReadWrite {
  private ReadWrite() {}

  /** Port of {@code default_llseek()}. */
  public static long defaultLlseek(File file, long offset, int origin) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code generic_file_llseek()}. */
  public static long genericFileLlseek(File file, long offset, int origin) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_llseek()}. */
  public static long vfsLlseek(File file, long offset, int origin) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_read()}. */
  public static int vfsRead(File file, byte[] buf, int count, Loff pos) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_write()}. */
  public static int vfsWrite(File file, byte[] buf, int count, Loff pos) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Port of {@code vfs_fsync()} ({@code fs/sync.c}). */
  public static void vfsFsync(File file, int datasync) {
    throw new UnsupportedOperationException("TODO");
  }
}
