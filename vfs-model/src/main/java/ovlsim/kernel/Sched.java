package ovlsim.kernel;

/**
 * Schedule points: where a task may be preempted in a way that matters for a race.
 *
 * <p>Named points have the form {@code function:where}, for instance
 * {@code ovl_copy_up_one:before_lock}. Mutex points are {@code mutex_lock:CLASS/SUBCLASS}
 * (before the task blocks) and {@code mutex_unlock:CLASS/SUBCLASS} (after it released). Sleep
 * points on a wait queue are {@code wait:QUEUE} ({@link WaitQueueHead#schedule}).
 *
 * <p>A task that may sleep passes its point through {@link #sleepPoint}: from there until
 * {@link #awake} its {@link Task#blockedOn()} names what it sleeps on, and a scheduler must not
 * run it while that {@link WaitChannel} is not ready. The whole contract is on
 * {@link WaitChannel}.
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

  /**
   * {@code task} (the current task) is about to sleep on {@code on}: records it as the task's
   * {@link Task#blockedOn()} and passes {@code point}. The caller sleeps after this returns
   * (at once when {@code on} is ready) and calls {@link #awake} once it has what it waited for.
   * The hook sees the task blocked at the point itself: a scheduler that runs one task at a
   * time switches away here unless {@code on} is ready.
   */
  public static void sleepPoint(Task task, WaitChannel on, String point) {
    task.setBlockedOn(on);
    try {
      task.kernel().schedHook().at(task, point);
    } catch (RuntimeException | Error e) {
      // The hook unwound the task (an aborted run): it will not sleep here.
      task.setBlockedOn(null);
      throw e;
    }
  }

  /** {@code task} has what it slept for: it is no longer blocked. */
  public static void awake(Task task) {
    task.setBlockedOn(null);
  }
}
