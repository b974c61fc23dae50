package ovlsim.races.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.sched.TaskScheduler;
import ovlsim.races.scenario.Schedule;

/**
 * The explorer's policy for a {@link TaskScheduler}: the decisions a {@link Schedule} forces,
 * the default one everywhere else (the running task goes on while it can; when it cannot, the
 * first task that can runs: a task blocked on a mutex another owns or on a wait queue nobody
 * has woken cannot), and a record of every decision that had more than one option
 * ({@link ChoicePoint}) and of the locks each task took, for the search.
 *
 * <p>Not thread-safe: the scheduler calls it under its lock, one decision at a time.
 */
final class ScheduleChooser implements TaskScheduler.Chooser {
  private static final String LOCK = "mutex_lock:";
  private static final String UNLOCK = "mutex_unlock:";

  private final Map<Integer, Integer> forcedAt = new HashMap<>();
  private final List<Schedule.AtPoint> atPoints = new ArrayList<>();
  private final List<ChoicePoint> choices = new ArrayList<>();
  private final List<Set<KMutex>> footprints = new ArrayList<>();
  private final List<Map<String, Integer>> seen = new ArrayList<>();
  private final List<List<KMutex>> held = new ArrayList<>();
  private int step;
  private int preemptions;
  private String misfit;

  ScheduleChooser(Schedule schedule, int tasks) {
    for (Schedule.Item i : schedule.items()) {
      if (i instanceof Schedule.At a) {
        forcedAt.put(a.step(), a.task());
      } else if (i instanceof Schedule.AtPoint p) {
        atPoints.add(p);
      }
    }
    for (int i = 0; i < tasks; i++) {
      footprints.add(Collections.newSetFromMap(new IdentityHashMap<>()));
      seen.add(new HashMap<>());
      held.add(List.of());
    }
  }

  @Override
  public int choose(TaskScheduler.Choice c) {
    int s = step++;
    int current = c.current();
    String point = c.point();
    KMutex lock = null;
    if (current >= 0) {
      lock = lockOf(c, current, point);
    }
    long mask = 0;
    long atLock = 0;
    int first = -1;
    int options = 0;
    for (int i = 0; i < c.tasks(); i++) {
      if (c.pendingLock(i) != null || (i != current && c.lastPoint(i).startsWith(LOCK))) {
        atLock |= 1L << i;
      }
      if (c.enabled(i)) {
        mask |= 1L << i;
        options++;
        if (first < 0) {
          first = i;
        }
      }
    }
    boolean currentEnabled = current >= 0 && c.enabled(current);
    int chosen = currentEnabled ? current : first;
    Integer forced = forcedAt.get(s);
    if (forced == null && current >= 0) {
      int n = seen.get(current).merge(point, 1, Integer::sum);
      for (Schedule.AtPoint p : atPoints) {
        if (p.who() == current && p.point().equals(point) && p.occurrence() == n) {
          forced = p.task();
        }
      }
    }
    if (forced != null) {
      if ((mask & (1L << forced)) == 0) {
        if (misfit == null) {
          misfit = "at step " + s + " task #" + forced + " cannot run (it is done, waits"
              + " for a lock, or sleeps on a wait queue nobody has woken)";
        }
      } else {
        chosen = forced;
      }
    }
    if (currentEnabled && chosen != current) {
      preemptions++;
    }
    if (options > 1) {
      choices.add(new ChoicePoint(s, current, currentEnabled, mask, chosen, point, lock, atLock));
    }
    return chosen;
  }

  /**
   * The lock of a mutex point of task {@code t}: the one it is about to take, or the one it has
   * just released (the held lock that is gone since its last point); else null. Records the
   * locks each task takes.
   */
  private KMutex lockOf(TaskScheduler.Choice c, int t, String point) {
    List<HeldLocks.HeldLock> now = HeldLocks.of(c.task(t)).snapshot();
    List<KMutex> locks = new ArrayList<>(now.size());
    for (HeldLocks.HeldLock h : now) {
      locks.add(h.lock());
    }
    List<KMutex> before = held.get(t);
    held.set(t, locks);
    if (point.startsWith(LOCK)) {
      KMutex m = c.pendingLock(t);
      if (m != null) {
        footprints.get(t).add(m);
      }
      return m;
    }
    if (point.startsWith(UNLOCK)) {
      for (KMutex m : before) {
        if (!containsSame(locks, m)) {
          return m;
        }
      }
    }
    return null;
  }

  private static boolean containsSame(List<KMutex> list, KMutex m) {
    for (KMutex x : list) {
      if (x == m) {
        return true;
      }
    }
    return false;
  }

  /** The decisions with more than one option, in order. */
  List<ChoicePoint> choices() {
    return choices;
  }

  /** The locks task {@code i} took during the run (by identity). */
  Set<KMutex> footprint(int i) {
    return footprints.get(i);
  }

  /** How many decisions the run took: its length in steps. */
  int steps() {
    return step;
  }

  /** How many decisions switched away from a task that could go on. */
  int preemptions() {
    return preemptions;
  }

  /** Why a forced decision could not be taken, or null. */
  String misfit() {
    return misfit;
  }
}
