package ovlsim.kernel.locking;

import java.util.Objects;

/**
 * Port of {@code struct lock_class_key}: the identity of a lockdep class. Locks initialised
 * with the same key are one class; the kernel keys i_mutex per filesystem type
 * ({@code type->i_mutex_key}, {@code type->i_mutex_dir_key}), so overlay's i_mutex is a
 * different class from upper-fs's.
 */
public final class LockClassKey {
  private final String name;

  public LockClassKey(String name) {
    this.name = Objects.requireNonNull(name);
  }

  /** The class name lockdep prints, e.g. {@code &type->i_mutex_dir_key#upperfs}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
