package ovlsim.kernel;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A field of {@code struct task_struct} that a subsystem above {@code ovlsim.kernel} owns:
 * {@code fs} and {@code files} (the VFS), {@code held_locks} (lockdep). The C header only
 * forward-declares those structs; here the task holds the value and the subsystem holds the
 * key, so that {@code ovlsim.kernel} imports nothing above it.
 *
 * <p>A value is made on first use from {@code initial}. {@link Kernel#spawn} gives the child
 * {@code onFork(parentValue)} for every value the parent has, as {@code copy_process()} calls
 * {@code copy_fs()}; a field without {@code onFork} starts afresh in the child.
 */
public final class TaskLocal<T> {
  /** How many fields a task can carry; the model declares three. */
  static final int MAX = 8;

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final TaskLocal<?>[] ALL = new TaskLocal<?>[MAX];

  final int index;
  private final Supplier<T> initial;
  private final UnaryOperator<T> onFork;

  private TaskLocal(Supplier<T> initial, UnaryOperator<T> onFork) {
    this.initial = Objects.requireNonNull(initial);
    this.onFork = onFork;
    this.index = NEXT.getAndIncrement();
    if (index >= MAX) {
      throw new IllegalStateException("more than " + MAX + " task fields");
    }
    ALL[index] = this;
  }

  /** A field made from {@code initial} in every task, inherited by no child. */
  public static <T> TaskLocal<T> of(Supplier<T> initial) {
    return new TaskLocal<>(initial, null);
  }

  /** A field a child inherits as {@code onFork(parent's value)}. */
  public static <T> TaskLocal<T> inherited(Supplier<T> initial, UnaryOperator<T> onFork) {
    return new TaskLocal<>(initial, Objects.requireNonNull(onFork));
  }

  /** {@code task}'s value, made from {@code initial} on first use. */
  public T get(Task task) {
    @SuppressWarnings("unchecked")
    T v = (T) task.local(index);
    if (v == null) {
      v = initial.get();
      @SuppressWarnings("unchecked")
      T won = (T) task.initLocal(index, v);
      v = won;
    }
    return v;
  }

  /** Copies every inherited field {@code parent} has into {@code child}. */
  static void fork(Task parent, Task child) {
    for (int i = 0; i < NEXT.get(); i++) {
      TaskLocal<?> l = ALL[i];
      Object v = parent.local(i);
      if (l != null && l.onFork != null && v != null) {
        child.initLocal(i, l.forkValue(v));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Object forkValue(Object parentValue) {
    return onFork.apply((T) parentValue);
  }
}
