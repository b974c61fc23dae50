package ovlsim.kernel;

/**
 * Schedule points: where a task may be preempted in a way that matters for a race.
 *
 * <p>Named points have the form {@code function:where}, for instance
 * {@code ovl_copy_up_one:before_lock}. Mutex points are {@code mutex_lock:CLASS/SUBCLASS}
 * (before the task blocks) and {@code mutex_unlock:CLASS/SUBCLASS} (after it released).
 */
public final class Sched {
  private Sched() {}

  /** Reports that the current task reached {@code point}; a no-op outside a task. */
  public static void point(String point) {
    Task t = Task.currentOrNull();
    if (t != null) {
      t.kernel().schedHook().at(t, point);
    }
  }
}
