package ovlsim.overlay;

/**
 * The test-only mutants of the overlay the negative controls must catch. Each is a copy of one
 * port function with one deliberate change, installed by {@link MutantInodeOperations} around
 * the port's own operations tables (nothing in the overlay's main code knows about them).
 */
public enum OvlMutant {
  /**
   * {@code ovl_copy_up_one()} restores the upper parent's times after the copy-up with the new
   * child's i_mutex held, taking the parent's i_mutex under it: child before parent, the
   * inverse of {@code ovl_copy_up_locked()}'s parent-then-child. Lockdep: circular dependency
   * between upper-fs directory/1 and the child's class/0.
   */
  COPY_UP_CHILD_BEFORE_PARENT,
  /**
   * {@code ovl_rename()} locks the two upper parents itself, each with
   * {@code mutex_lock_nested(I_MUTEX_PARENT)}, instead of {@code lock_rename()} (no
   * {@code s_vfs_rename_mutex}, no ancestor ordering, no trap). Lockdep: recursive locking of
   * the upper-fs directory class/1.
   */
  RENAME_WITHOUT_LOCK_RENAME,
  /**
   * {@code ovl_copy_up_one()} without the recheck under the upper parent's i_mutex (neither
   * v6's {@code d_parent} check nor v7's {@code ovl_path_type()} one): two tasks copying up the
   * same object both create it, and the second gets EEXIST (on v7, which dropped the "Already
   * copied up?" branch). Caught by the concurrent property's outcome check.
   */
  COPY_UP_WITHOUT_RECHECK,
  /**
   * {@code ovl_do_remove()} leaves a whiteout only for {@code type != OVL_PATH_UPPER}, without
   * {@code || ovl_dentry_is_opaque(dentry)}: unlinking a copied-up file brings the lower one
   * back. Caught by the sequential property's view check.
   */
  UNLINK_WITHOUT_OPAQUE_CHECK
}
