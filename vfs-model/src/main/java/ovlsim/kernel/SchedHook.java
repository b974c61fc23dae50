package ovlsim.kernel;

/**
 * Called at every schedule point: each {@code KMutex} acquire and release, and the named points
 * at the racy spots of the overlay code (see {@link Sched}). The default does nothing; tests
 * park a task here to replay a race step by step, without timing.
 *
 * <p>It runs on the task's own thread with no spinlock held, but possibly with i_mutexes held
 * (those are part of the state a replay wants to show).
 */
@FunctionalInterface
public interface SchedHook {
  SchedHook NONE = (task, point) -> {};

  /** {@code task} reached the schedule point {@code point}. */
  void at(Task task, String point);
}
