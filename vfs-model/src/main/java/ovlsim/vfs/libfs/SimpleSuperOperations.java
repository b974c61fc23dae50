package ovlsim.vfs.libfs;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.SuperOperations;

/**
 * Port of {@code simple_super_operations}, the super operations {@code simple_fill_super()}
 * installs: {@code .statfs = simple_statfs}. No lock is held around statfs.
 */
public final class SimpleSuperOperations implements SuperOperations {
  /** The one table. */
  public static final SimpleSuperOperations INSTANCE = new SimpleSuperOperations();

  private SimpleSuperOperations() {}

  /** {@code .statfs = simple_statfs}. */
  @Override
  public void statfs(Dentry dentry, Kstatfs buf) {
    Libfs.simpleStatfs(dentry, buf);
  }

  @Override
  public boolean hasStatfs() {
    return true;
  }
}
