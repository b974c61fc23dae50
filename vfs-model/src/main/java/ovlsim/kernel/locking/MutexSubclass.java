package ovlsim.kernel.locking;

/**
 * The i_mutex lockdep subclasses of 2.6.38's {@code enum inode_i_mutex_lock_class}: each is a
 * separate lockdep class, so that taking a parent's and a child's i_mutex in the documented
 * order is not reported as recursive locking.
 */
public enum MutexSubclass {
  I_MUTEX_NORMAL,
  I_MUTEX_PARENT,
  I_MUTEX_CHILD,
  I_MUTEX_XATTR,
  I_MUTEX_QUOTA
}
