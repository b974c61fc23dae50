package ovlsim.overlay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import ovlsim.vfs.Dentry;

/**
 * Port of {@code struct ovl_entry}: an overlay dentry's {@code d_fsdata} (and an overlay
 * directory inode's {@code i_private}), naming the real dentries behind it.
 *
 * <p>Memory ordering, as the C: {@code __upperdentry} goes from {@code NULL} to a dentry once,
 * at copy-up or creation, without any lock the readers take. {@link OvlDentry#ovlDentryUpdate}
 * publishes it with {@link VarHandle#setRelease}, which stands for {@code smp_wmb()} followed by
 * the plain store; {@link #ovlUpperdentryDereference} reads it with {@link VarHandle#getAcquire},
 * which stands for {@code ACCESS_ONCE()} plus {@code smp_read_barrier_depends()}. The C's plain
 * loads (in {@code ovl_path_type()}, {@code ovl_dentry_release()}) are {@code getOpaque} here: a
 * single load the compiler may not hoist, with no ordering. {@code ovl_lookup()} and
 * {@code ovl_fill_super()} set it with a plain store before {@code d_add()} /
 * {@code sb->s_root} publish the dentry.
 *
 * <p>{@code lowerdentry} is set before publication and never changes. {@code version} is
 * guarded by the overlay directory's i_mutex ({@link OvlDentry#ovlDentryVersionInc} warns when
 * it is not held). {@code opaque} is written under the overlay parent's i_mutex (lookup, create,
 * rename) and read without a lock, as in the C; it is volatile so that the model's readers see
 * a value that was written. The C's {@code union} with {@code struct rcu_head} has no Java
 * counterpart: the model has no RCU, and the GC frees the entry.
 */
final class OvlEntry {
  private static final VarHandle UPPERDENTRY;

  static {
    try {
      UPPERDENTRY =
          MethodHandles.lookup().findVarHandle(OvlEntry.class, "upperdentry", Dentry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@code __upperdentry}: only through {@link #UPPERDENTRY}. */
  @SuppressWarnings("unused")
  private Dentry upperdentry;

  /** {@code lowerdentry}. */
  Dentry lowerdentry;

  /** {@code version}: bumped on every change of the directory; guarded by its i_mutex. */
  long version;

  /** {@code opaque}. */
  volatile boolean opaque;

  /**
   * Port of {@code ovl_alloc_entry()}: {@code kzalloc()} of a zeroed entry. The model has no
   * allocation failure, so it never returns {@code null}.
   */
  static OvlEntry ovlAllocEntry() {
    return new OvlEntry();
  }

  /**
   * Port of {@code ovl_upperdentry_dereference()}: the lockless read of {@code __upperdentry}
   * ({@code ACCESS_ONCE()} + {@code smp_read_barrier_depends()}: an acquire load here).
   */
  static Dentry ovlUpperdentryDereference(OvlEntry oe) {
    return (Dentry) UPPERDENTRY.getAcquire(oe);
  }

  /** The C's plain load of {@code oe->__upperdentry}: one opaque load, no ordering. */
  Dentry upperdentryPlain() {
    return (Dentry) UPPERDENTRY.getOpaque(this);
  }

  /** {@code oe->__upperdentry = upperdentry} before the entry is published (lookup, mount). */
  void setUpperdentryInit(Dentry upperdentry) {
    UPPERDENTRY.set(this, upperdentry);
  }

  /** {@code smp_wmb(); oe->__upperdentry = upperdentry;}: a release store. */
  void publishUpperdentry(Dentry upperdentry) {
    UPPERDENTRY.setRelease(this, upperdentry);
  }
}
