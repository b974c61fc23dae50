package ovlsim.races.explore;

import ovlsim.kernel.locking.KMutex;

/**
 * One decision of a run that had more than one option.
 *
 * @param step its number in the run (0 is the start)
 * @param current the task that reached the point, or -1 at the start and at a task's end
 * @param currentEnabled can that task go on (a switch away from it is a preemption)
 * @param enabled the tasks that could run, a bit per task index
 * @param chosen the task that ran
 * @param point the schedule point
 * @param lock the mutex of a mutex point (taken or just released), or null
 * @param atLock the tasks parked at a {@code mutex_lock:} point (their next step takes a
 *     lock), a bit per task index
 */
record ChoicePoint(
    int step, int current, boolean currentEnabled, long enabled, int chosen, String point,
    KMutex lock, long atLock) {
  /** The decision taken when nothing forces one. */
  int defaultChoice() {
    return currentEnabled ? current : Long.numberOfTrailingZeros(enabled);
  }

  /** Is running {@code task} here a preemption? */
  boolean preempts(int task) {
    return currentEnabled && task != current;
  }

  /** Do two runs agree on this decision's options (a replayed prefix must)? */
  boolean sameOptions(ChoicePoint o) {
    return step == o.step && current == o.current && currentEnabled == o.currentEnabled
        && enabled == o.enabled && point.equals(o.point);
  }
}
