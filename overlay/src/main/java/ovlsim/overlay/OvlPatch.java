package ovlsim.overlay;

/**
 * A named change to the v6 code (posted on 2011-03-01), as the later states of the patch series
 * made it. An {@link OvlVersion} is a set of these, so a fix is one switch tested in one place.
 */
public enum OvlPatch {
  /**
   * Miklos Szeredi's fix of 2011-03-23 in the v7 thread, after Al Viro's review:
   * {@code ovl_copy_up_one()} rechecks {@code ovl_path_type(dentry) != OVL_PATH_LOWER} under the
   * upper parent's i_mutex instead of {@code dentry->d_parent != parent} (and its
   * {@code WARN_ON}), and {@code ovl_copy_up_locked()} loses its "Already copied up?" EEXIST
   * branch.
   */
  RECHECK_COPY_UP_UNDER_LOCK,

  /**
   * The v7 changelog's "properly clean up after copy-up ... failures": a failed
   * {@code ovl_copy_up_locked()} removes the half-made upper object (the {@code err_remove}
   * label: {@code vfs_rmdir()} or {@code vfs_unlink()}, then {@code dput()}), and
   * {@code ovl_copy_up_data()} leaves its loop on a fatal signal through the {@code fput()}s
   * instead of returning {@code -EINTR} with both files still open.
   */
  COPY_UP_FAILURE_CLEANUP,
}
