package ovlsim.kernel.locking;

import java.util.Objects;

/**
 * Port of {@code struct lock_class_key}: the identity of a lockdep class. Locks initialised
 * with the same key are one class; the kernel keys i_mutex per filesystem type
 * ({@code type->i_mutex_key}, {@code type->i_mutex_dir_key}), so overlay's i_mutex is a
 * different class from upper-fs's. Two keys are the same class only when they are the same
 * object, as in the kernel (which compares the key's address).
 *
 * <p>The per-subclass names and schedule-point names are built once here, so that taking a
 * mutex does not build strings.
 */
public final class LockClassKey {
  private static final int SUBCLASSES = MutexSubclass.values().length;

  private final String name;
  private final String[] classNames = new String[SUBCLASSES];
  private final String[] lockPoints = new String[SUBCLASSES];
  private final String[] unlockPoints = new String[SUBCLASSES];

  public LockClassKey(String name) {
    this.name = Objects.requireNonNull(name);
    for (MutexSubclass sub : MutexSubclass.values()) {
      int i = sub.ordinal();
      classNames[i] = name + "/" + i;
      lockPoints[i] = "mutex_lock:" + classNames[i];
      unlockPoints[i] = "mutex_unlock:" + classNames[i];
    }
  }

  /** The class name lockdep prints, e.g. {@code &type->i_mutex_dir_key#upperfs}. */
  public String name() {
    return name;
  }

  /** {@code NAME/SUBCLASS}: the name of the lockdep class this key forms with {@code sub}. */
  public String name(MutexSubclass sub) {
    return classNames[sub.ordinal()];
  }

  /** The schedule point {@code mutex_lock:NAME/SUBCLASS}. */
  String lockPoint(MutexSubclass sub) {
    return lockPoints[sub.ordinal()];
  }

  /** The schedule point {@code mutex_unlock:NAME/SUBCLASS}. */
  String unlockPoint(MutexSubclass sub) {
    return unlockPoints[sub.ordinal()];
  }

  @Override
  public String toString() {
    return name;
  }
}
