package ovlsim.properties.workload;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.WaitQueueHead;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;

/**
 * A {@link SchedHook} that runs a fixed set of model tasks one at a time and switches between
 * them at schedule points by a seeded random choice, so that an interleaving is a function of
 * the seed: a failing one can be replayed and shrunk.
 *
 * <p>Each task runs on a thread of its own, but only the task holding the baton runs; at every
 * schedule point (each {@link KMutex} acquire and release, each sleep on a wait queue, the
 * overlay's named points, and the workload's own points between operations) it hands the baton
 * to a task picked at random among those that can run, by the policy of {@link #choose}. A task
 * is blocked while the {@link WaitChannel} it is about to sleep on ({@link Task#blockedOn()}) is
 * not ready: at a {@code mutex_lock:} point whose mutex another task holds, or from
 * {@code prepare_to_wait()} on (a FIFO open waiting for its partner, a pipe read waiting for
 * data, with their {@code wait:} points) until another task's wake-up. A blocked task cannot
 * run, so it never sleeps on the Java lock behind the channel itself. When no task can run
 * while some have not finished, every remaining task waits for something only another blocked
 * task could give: a deadlock, reported ({@link #failure()}) with what each task waits for and
 * every task's held locks in lockdep's words, and the tasks are unwound by {@link Aborted}
 * instead of hanging. A watchdog ({@link #awaitEnd}) reports a task that stops reaching
 * schedule points (blocked outside the model's channels, or looping).
 *
 * <p>Locking: all state is guarded by this object's monitor.
 */
public final class DeterministicScheduler implements SchedHook {
  /** Thrown in a task's thread when the run is aborted; unwinds the task. */
  public static final class Aborted extends Error {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("the scheduled run was aborted", null, false, false);
    }
  }

  private static final int TRACE = 40;
  private static final String LOCK_POINT = "mutex_lock:";
  private static final String UNLOCK_POINT = "mutex_unlock:";

  /** The prefix of the points a workload passes between its operations. */
  public static final String WORKLOAD_POINT = "workload:";

  private static final class Slot {
    final Task task;
    boolean started;
    boolean done;
    String lastPoint = "(start)";
    Thread thread;

    Slot(Task task) {
      this.task = task;
    }
  }

  private final SplittableRandom random;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<Task, Slot> byTask = new IdentityHashMap<>();
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private Slot running;
  private boolean aborted;
  private String failure;
  private long steps;
  private long clock;

  public DeterministicScheduler(List<Task> tasks, long seed) {
    this.random = new SplittableRandom(seed);
    for (Task t : Objects.requireNonNull(tasks)) {
      Slot s = new Slot(t);
      slots.add(s);
      byTask.put(t, s);
    }
  }

  /** Called first on a task's thread: waits until the task is scheduled. */
  public synchronized void begin(Task t) {
    Slot s = slot(t);
    s.started = true;
    s.thread = Thread.currentThread();
    notifyAll();
    waitTurn(s);
  }

  /** Called last on a task's thread (also after {@link Aborted}): hands the baton on. */
  public synchronized void end(Task t) {
    Slot s = slot(t);
    s.done = true;
    if (aborted) {
      notifyAll();
      return;
    }
    Slot next = pick();
    if (next == null && slots.stream().anyMatch(x -> !x.done)) {
      deadlock();
      return;
    }
    running = next;
    notifyAll();
  }

  /** A logical time: strictly increasing, read by the running task. */
  public synchronized long tick() {
    return ++clock;
  }

  @Override
  public void at(Task task, String point) {
    Slot s = byTask.get(task);
    if (s == null) {
      return; // not one of ours (init, or a reader after the run)
    }
    synchronized (this) {
      if (aborted) {
        throw new Aborted();
      }
      steps++;
      s.lastPoint = point;
      if (trace.size() == TRACE) {
        trace.removeFirst();
      }
      trace.addLast(task + " " + point);
      Slot next = choose(s, point);
      if (next == null) {
        deadlock();
        throw new Aborted();
      }
      if (next != s) {
        running = next;
        notifyAll();
        waitTurn(s);
      }
      // Scheduled: what it waits for is ready, and nobody runs before it takes it.
    }
  }

  /**
   * Whether the task of {@code x} can run: it is not about to sleep on something that is not
   * ready ({@link Task#blockedOn()}: a mutex another task owns, a wait nobody has woken).
   */
  private static boolean canRun(Slot x) {
    WaitChannel on = x.task.blockedOn();
    return on == null || on.ready();
  }

  private Slot slot(Task t) {
    Slot s = byTask.get(t);
    if (s == null) {
      throw new IllegalArgumentException(t + " is not scheduled here");
    }
    return s;
  }

  /**
   * The policy: at a mutex point (or a sleep on a wait queue that was woken already) the task
   * usually goes on (3 in 4), so that one task can run a whole operation while another waits;
   * at one of the overlay's named race points ({@code function:where}) it usually stops (1 in 2
   * goes on); between operations, and whenever the current task cannot go on, the next is
   * picked uniformly.
   */
  private Slot choose(Slot current, String point) {
    if (canRun(current)) {
      boolean mutexPoint =
          point.startsWith(LOCK_POINT)
              || point.startsWith(UNLOCK_POINT)
              || point.startsWith(WaitQueueHead.POINT_PREFIX);
      boolean namedPoint = !mutexPoint && !point.startsWith(WORKLOAD_POINT);
      if (mutexPoint && random.nextInt(4) != 0) {
        return current;
      }
      if (namedPoint) {
        List<Slot> others = new ArrayList<>();
        for (Slot x : slots) {
          if (x != current && x.started && !x.done && canRun(x)) {
            others.add(x);
          }
        }
        if (!others.isEmpty() && random.nextInt(2) == 0) {
          return others.get(random.nextInt(others.size()));
        }
        return current;
      }
    }
    return pick();
  }

  private Slot pick() {
    List<Slot> runnable = new ArrayList<>();
    for (Slot x : slots) {
      if (x.started && !x.done && canRun(x)) {
        runnable.add(x);
      }
    }
    return runnable.isEmpty() ? null : runnable.get(random.nextInt(runnable.size()));
  }

  private void waitTurn(Slot s) {
    while (running != s && !aborted) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        aborted = true;
        notifyAll();
      }
    }
    if (aborted) {
      throw new Aborted();
    }
  }

  /** Starts the run once every task has called {@link #begin}. */
  public synchronized void start() {
    while (slots.stream().anyMatch(x -> !x.started) && !aborted) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    running = pick();
    notifyAll();
  }

  /**
   * Waits until every task has ended or the run was aborted. When no schedule point is
   * reached for {@code watchdog}, reports the running task as stuck and aborts.
   *
   * @return {@code true} when every task ended without an abort
   */
  public synchronized boolean awaitEnd(Duration watchdog) {
    long lastSteps = -1;
    long since = System.nanoTime();
    while (!aborted && slots.stream().anyMatch(x -> !x.done)) {
      if (steps != lastSteps) {
        lastSteps = steps;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > watchdog.toNanos()) {
        stuck(watchdog);
        break;
      }
      try {
        TimeUnit.MILLISECONDS.timedWait(this, 200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        aborted = true;
      }
    }
    notifyAll();
    return !aborted;
  }

  /** The deadlock or watchdog report, or {@code null}. */
  public synchronized String failure() {
    return failure;
  }

  /** How many schedule points the tasks passed. */
  public synchronized long steps() {
    return steps;
  }

  private void deadlock() {
    StringBuilder sb = new StringBuilder();
    String title = "[ INFO: possible deadlock: every task waits for what only another can give ]";
    sb.append("=".repeat(title.length())).append('\n').append(title).append('\n');
    sb.append("-".repeat(title.length())).append('\n');
    for (Slot s : slots) {
      if (s.done) {
        continue;
      }
      WaitChannel on = s.task.blockedOn();
      if (on == null) {
        sb.append("INFO: task ").append(s.task).append(" is stuck at ").append(s.lastPoint)
            .append('\n');
        continue;
      }
      if (on instanceof KMutex m) {
        Task owner = m.owner();
        sb.append("INFO: task ").append(s.task).append(" blocked on lock:\n (")
            .append(m.name(lastSubclass(s.task))).append(")\nheld by ")
            .append(owner == null ? "nobody" : owner.toString()).append('\n');
        continue;
      }
      sb.append("INFO: task ").append(s.task).append(" blocked on wait queue:\n (")
          .append(on.describe()).append(")\nat ").append(s.lastPoint)
          .append(", woken by nobody\n");
    }
    appendLocks(sb);
    failure = sb.toString();
    aborted = true;
    notifyAll();
  }

  private static ovlsim.kernel.locking.MutexSubclass lastSubclass(Task t) {
    List<HeldLocks.HeldLock> held = HeldLocks.of(t).snapshot();
    return held.get(held.size() - 1).subclass();
  }

  private void stuck(Duration watchdog) {
    StringBuilder sb = new StringBuilder();
    Slot r = running;
    sb.append("INFO: task ").append(r == null ? "?" : r.task.toString())
        .append(" reached no schedule point for more than ").append(watchdog.toSeconds())
        .append(" seconds (last at ").append(r == null ? "?" : r.lastPoint).append(")\n");
    if (r != null && r.thread != null) {
      sb.append("Call Trace:\n");
      for (StackTraceElement e : r.thread.getStackTrace()) {
        sb.append(' ').append(e).append('\n');
      }
    }
    appendLocks(sb);
    failure = sb.toString();
    aborted = true;
  }

  /** Port of {@code debug_show_all_locks()}: every task's held locks, lockdep's format. */
  private void appendLocks(StringBuilder sb) {
    sb.append("\nShowing all locks held in the system:\n");
    for (Slot s : slots) {
      List<HeldLocks.HeldLock> held = HeldLocks.of(s.task).snapshot();
      if (held.isEmpty()) {
        sb.append("no locks held by ").append(s.task).append(".\n");
        continue;
      }
      sb.append(held.size()).append(held.size() > 1 ? " locks" : " lock").append(" held by ")
          .append(s.task).append(":\n");
      for (int i = 0; i < held.size(); i++) {
        sb.append(" #").append(i).append(": (").append(held.get(i)).append(")\n");
      }
    }
    sb.append("\nlast schedule points:\n");
    for (String p : trace) {
      sb.append("  ").append(p).append('\n');
    }
  }
}
