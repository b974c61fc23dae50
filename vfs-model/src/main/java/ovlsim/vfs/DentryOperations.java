package ovlsim.vfs;

/** Port of {@code struct dentry_operations} (the members the model uses). */
public interface DentryOperations {
  /**
   * {@code ->d_delete}: asked, under the dentry's {@code d_lock} (the model's rename_lock), as
   * the last reference goes; {@code true} frees the dentry at once instead of keeping it
   * cached. Absent: {@code false}.
   */
  default boolean dDelete(Dentry dentry) {
    return false;
  }

  /**
   * {@code DCACHE_OP_DELETE}: whether {@link #dDelete} is set; {@code d_set_d_op()} sets the
   * flag when {@code ->d_delete} is not NULL. An implementation of {@code dDelete} says so here.
   */
  default boolean hasDDelete() {
    return false;
  }

  /** {@code ->d_release}: the dentry is being freed; drop what {@code d_fsdata} holds. */
  default void dRelease(Dentry dentry) {}
}
