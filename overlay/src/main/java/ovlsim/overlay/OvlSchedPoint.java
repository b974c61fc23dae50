package ovlsim.overlay;

/**
 * The overlay's named schedule points ({@link ovlsim.kernel.Sched#point}): the windows of Al
 * Viro's review of the v7 posting, where a breakpoint ({@link ovlsim.kernel.sched.Breakpoints})
 * parks a task so that another can run into the window. Tests, replays and race harnesses arm
 * these constants rather than retype the names.
 */
public final class OvlSchedPoint {
  /**
   * In {@code ovl_copy_up_one()}, just before it takes the upper parent's i_mutex
   * (I_MUTEX_PARENT): {@code ovl_copy_up()} has read the dentry's state and parent, the creds
   * are overridden, and the task holds no lock of its own copy-up. Another task may copy up,
   * rename and unlink the same dentry meanwhile: the copy-up vs rename race of the review.
   */
  public static final String COPY_UP_ONE_BEFORE_LOCK = "ovl_copy_up_one:before_lock";

  /**
   * In {@code ovl_rename()}, right after the upper {@code vfs_rename()} succeeded: the upper
   * dentry has moved, the whiteout and opaque steps and the VFS's {@code d_move()} of the
   * overlay dentry have not happened, and the upper parents' i_mutexes are held.
   */
  public static final String RENAME_AFTER_VFS_RENAME = "ovl_rename:after_vfs_rename";

  /**
   * At the end of a successful {@code ovl_rename()}, after {@code unlock_rename()}: the upper
   * locks are dropped and the VFS has not yet {@code d_move()}d the overlay dentry (it does so
   * under the overlay locks only). Until it does, the upper and the overlay trees disagree about
   * the dentry's parent and name: Al Viro's "two d_move() calls".
   */
  public static final String RENAME_AFTER_UNLOCK = "ovl_rename:after_unlock";

  /**
   * In {@code ovl_do_remove()}, right after the upper {@code vfs_unlink()} or {@code vfs_rmdir()}
   * succeeded and before the whiteout: {@code d_delete()} may have left the overlay entry's upper
   * dentry negative, and {@code ovl_whiteout()} is about to look the same name up and may
   * instantiate that very dentry as the whiteout. The upper parent's i_mutex is held; a task
   * that reads the entry's upper dentry without it (an open, a permission check) sees it
   * negative only here.
   */
  public static final String DO_REMOVE_AFTER_UNLINK = "ovl_do_remove:after_unlink";

  private OvlSchedPoint() {}
}
