package ovlsim.vfs;

/** Port of {@code struct dentry_operations} (the member the seed uses). */
public interface DentryOperations {
  /** {@code ->d_release}: the dentry is being freed; drop what {@code d_fsdata} holds. */
  default void dRelease(Dentry dentry) {}
}
