package ovlsim.kernel;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * State the C kernel keeps in globals of a subsystem above {@code ovlsim.kernel} — the VFS's
 * filesystem list and mount table, lockdep's dependency graph — held once per model
 * {@link Kernel} so that instances share nothing. The kernel holds the value, the subsystem
 * the key, so that {@code ovlsim.kernel} imports nothing above it.
 */
public final class KernelLocal<T> {
  /** How many subsystems can keep state; the model has two. */
  static final int MAX = 8;

  private static final AtomicInteger NEXT = new AtomicInteger();

  final int index;
  private final Function<Kernel, T> initial;

  private KernelLocal(Function<Kernel, T> initial) {
    this.initial = Objects.requireNonNull(initial);
    this.index = NEXT.getAndIncrement();
    if (index >= MAX) {
      throw new IllegalStateException("more than " + MAX + " kernel-wide states");
    }
  }

  /** State made by {@code initial} for each kernel, on first use. */
  public static <T> KernelLocal<T> of(Function<Kernel, T> initial) {
    return new KernelLocal<>(initial);
  }

  /** {@code kernel}'s state, made on first use. */
  public T get(Kernel kernel) {
    @SuppressWarnings("unchecked")
    T v = (T) kernel.local(index);
    if (v == null) {
      @SuppressWarnings("unchecked")
      T won = (T) kernel.initLocal(index, initial.apply(kernel));
      v = won;
    }
    return v;
  }
}
