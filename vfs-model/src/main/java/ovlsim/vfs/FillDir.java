package ovlsim.vfs;

/**
 * Port of {@code filldir_t}: called once per directory entry by {@code ->readdir}. Returns
 * non-zero to stop (the buffer is full, or an error was stored in the caller's state).
 */
@FunctionalInterface
public interface FillDir {
  int fill(String name, long offset, long ino, int dType);
}
