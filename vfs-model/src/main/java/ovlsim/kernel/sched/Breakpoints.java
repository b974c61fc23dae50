package ovlsim.kernel.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import org.apache.commons.lang3.Validate;

/**
 * A {@link SchedHook} that parks a named task at a named schedule point until the test
 * releases it, so that a race can be replayed step by step with no sleeps:
 *
 * <pre>
 * bp.arm("A", "ovl_copy_up_one:before_lock");
 * threadA.start();                 // A runs up to the point and parks there
 * bp.awaitParked("A");
 * ... run B to completion ...
 * bp.release("A");                 // A goes on
 * </pre>
 *
 * <p>A breakpoint fires once: the next time that task reaches a matching point. Points are
 * matched exactly ({@link #arm}) or by prefix ({@link #armPrefix}), or any point matches
 * ({@link #armNext}: one step). Nothing here waits on a
 * clock except a safety timeout: when a task is not parked within it ({@link #awaitParked}) or
 * not released within it (the parked task), an {@link IllegalStateException} says where every
 * task known to this hook is and which locks it holds, instead of a silent hang.
 *
 * <p>Locking: the breakpoints and the parked state are guarded by this object's monitor; a
 * schedule point with no breakpoint armed takes no lock.
 */
public final class Breakpoints implements SchedHook {
  /** The default safety timeout: far longer than any step of a replay should take. */
  public static final Duration DEFAULT_SAFETY_TIMEOUT = Duration.ofSeconds(60);

  private record Breakpoint(String point, boolean prefix) {
    boolean matches(String p) {
      return prefix ? p.startsWith(point) : p.equals(point);
    }
  }

  /** What one task name has armed and where it is parked. Guarded by the Breakpoints. */
  private static final class TaskState {
    final List<Breakpoint> armed = new ArrayList<>();
    /** The point the task is parked at, or {@code null}. */
    String parkedAt;
    /** Set by {@link #release}, consumed by the parked task. */
    boolean released;
  }

  private final long safetyNanos;
  private final Map<String, TaskState> states = new HashMap<>();
  /** Every task that reached a point while this hook was installed, by name. */
  private final ConcurrentHashMap<String, Task> seen = new ConcurrentHashMap<>();
  /** The point each seen task reached last. */
  private final ConcurrentHashMap<String, String> lastPoint = new ConcurrentHashMap<>();
  /** How many breakpoints are armed; written under the monitor, read without it. */
  private volatile int armedCount;

  /** Breakpoints with the {@link #DEFAULT_SAFETY_TIMEOUT}. */
  public Breakpoints() {
    this(DEFAULT_SAFETY_TIMEOUT);
  }

  /** Breakpoints whose waits give up after {@code safetyTimeout}. */
  public Breakpoints(Duration safetyTimeout) {
    Validate.isTrue(
        safetyTimeout != null && !safetyTimeout.isNegative() && !safetyTimeout.isZero(),
        "safetyTimeout must be positive");
    this.safetyNanos = safetyTimeout.toNanos();
  }

  /** Parks {@code taskName} the next time it reaches exactly {@code point}. */
  public synchronized void arm(String taskName, String point) {
    add(taskName, new Breakpoint(Validate.notEmpty(point, "point"), false));
  }

  /** Parks {@code taskName} the next time it reaches a point that starts with {@code prefix}. */
  public synchronized void armPrefix(String taskName, String prefix) {
    add(taskName, new Breakpoint(Validate.notEmpty(prefix, "prefix"), true));
  }

  /** Parks {@code taskName} at the very next schedule point it reaches, whatever it is (a step). */
  public synchronized void armNext(String taskName) {
    add(taskName, new Breakpoint("", true));
  }

  private void add(String taskName, Breakpoint bp) {
    Validate.notEmpty(taskName, "taskName");
    states.computeIfAbsent(taskName, n -> new TaskState()).armed.add(bp);
    armedCount++;
  }

  /** Removes the breakpoints {@code taskName} has armed and not reached yet. */
  public synchronized void disarm(String taskName) {
    TaskState s = states.get(taskName);
    if (s != null) {
      armedCount -= s.armed.size();
      s.armed.clear();
    }
  }

  @Override
  public void at(Task task, String point) {
    String name = task.name();
    if (seen.get(name) != task) {
      seen.put(name, task);
    }
    lastPoint.put(name, point);
    if (armedCount == 0) {
      return;
    }
    park(name, point);
  }

  /** Parks the calling task when one of its breakpoints matches {@code point}. */
  private synchronized void park(String name, String point) {
    TaskState s = states.get(name);
    if (s == null || !takeMatching(s, point)) {
      return;
    }
    s.parkedAt = point;
    s.released = false;
    notifyAll();
    long deadline = System.nanoTime() + safetyNanos;
    while (!s.released) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        String tasks = describeTasks();
        s.parkedAt = null;
        throw new IllegalStateException(
            "task " + name + " parked at " + point + " was not released within "
                + Duration.ofNanos(safetyNanos) + "\n" + tasks);
      }
      waitNanos(left);
    }
    s.released = false;
  }

  private boolean takeMatching(TaskState s, String point) {
    for (Iterator<Breakpoint> it = s.armed.iterator(); it.hasNext(); ) {
      if (it.next().matches(point)) {
        it.remove();
        armedCount--;
        return true;
      }
    }
    return false;
  }

  /**
   * Blocks until {@code taskName} is parked at one of its breakpoints and returns the point.
   *
   * @throws IllegalStateException when it does not park within the safety timeout
   */
  public synchronized String awaitParked(String taskName) {
    long deadline = System.nanoTime() + safetyNanos;
    while (parkedAt(taskName) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "task " + taskName + " did not park within " + Duration.ofNanos(safetyNanos) + "\n"
                + describeTasks());
      }
      waitNanos(left);
    }
    return parkedAt(taskName);
  }

  /**
   * Lets the parked {@code taskName} go on.
   *
   * @throws IllegalStateException when it is not parked
   */
  public synchronized void release(String taskName) {
    TaskState s = states.get(taskName);
    if (s == null || s.parkedAt == null) {
      throw new IllegalStateException("task " + taskName + " is not parked\n" + describeTasks());
    }
    s.parkedAt = null;
    s.released = true;
    notifyAll();
  }

  /** Disarms every breakpoint and releases every parked task: for a test's cleanup. */
  public synchronized void releaseAll() {
    for (TaskState s : states.values()) {
      s.armed.clear();
      if (s.parkedAt != null) {
        s.parkedAt = null;
        s.released = true;
      }
    }
    armedCount = 0;
    notifyAll();
  }

  /** {@code true} while {@code taskName} is parked. */
  public synchronized boolean isParked(String taskName) {
    return parkedAt(taskName) != null;
  }

  /** The point {@code taskName} is parked at, or {@code null}. */
  public synchronized String parkedAt(String taskName) {
    TaskState s = states.get(taskName);
    return s == null ? null : s.parkedAt;
  }

  /** One line per task seen: name, parked or last point, held locks. Caller holds the monitor. */
  private String describeTasks() {
    StringBuilder sb = new StringBuilder("tasks:\n");
    if (seen.isEmpty()) {
      sb.append("  (no task reached a schedule point)\n");
    }
    for (Task t : new TreeMap<>(seen).values()) {
      TaskState s = states.get(t.name());
      String where =
          s != null && s.parkedAt != null
              ? "parked at " + s.parkedAt
              : "last at " + lastPoint.get(t.name());
      sb.append("  ").append(t).append(": ").append(where);
      sb.append(", holds ").append(HeldLocks.of(t).snapshot()).append('\n');
    }
    return sb.toString();
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting on a breakpoint", e);
    }
  }
}
