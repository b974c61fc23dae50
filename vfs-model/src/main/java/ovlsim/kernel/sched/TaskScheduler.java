package ovlsim.kernel.sched;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import org.apache.commons.lang3.Validate;

/**
 * A {@link SchedHook} that runs a fixed set of model tasks one at a time and lets a
 * {@link Chooser} decide, at every schedule point, which task runs next: a seeded random policy
 * (the workloads of the properties), or a schedule under systematic exploration (the races'
 * explorer). An interleaving is then a function of the chooser's answers, so it can be replayed.
 *
 * <p>Each task runs on a thread of its own, but only the task holding the baton runs; at every
 * schedule point (each {@link KMutex} acquire and release, each sleep on a wait queue, the
 * overlay's named points, and any point a caller passes with {@link #at}) the chooser picks
 * among the tasks that can run. A task is blocked while the {@link WaitChannel} it is about to
 * sleep on ({@link Task#blockedOn()}) is not ready: at a {@code mutex_lock:} point whose mutex
 * another task owns, or from {@code prepare_to_wait()} on (a FIFO open waiting for its partner,
 * a pipe read waiting for data, with their {@code wait:} points) until another task's wake-up.
 * A blocked task cannot run, so it never sleeps on the Java lock behind the channel itself.
 * When no task can run while some have not finished, every remaining task waits for what only
 * another blocked task could give: a deadlock, reported ({@link #failure()}) with what each
 * task waits for and every task's held locks in lockdep's words, and the tasks are unwound by
 * {@link Aborted} instead of hanging. A watchdog ({@link #awaitEnd}) reports a task that stops
 * reaching schedule points (blocked outside the model's channels, or looping).
 *
 * <p>Protocol: each task's thread calls {@link #begin} first and {@link #end} last (also after
 * {@link Aborted}); the caller calls {@link #start} once the threads are started, then
 * {@link #awaitEnd}.
 *
 * <p>Locking: all state is guarded by {@code lock}. Each task waits for its turn on a
 * condition of its own, and the caller of {@link #start} and {@link #awaitEnd} on another, so a
 * switch wakes only the task that runs next.
 */
public final class TaskScheduler implements SchedHook {
  /** Thrown in a task's thread when the run is aborted; unwinds the task. */
  public static final class Aborted extends Error {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("the scheduled run was aborted", null, false, false);
    }
  }

  /** What a chooser sees when it decides: the tasks, which can run, where each stands. */
  public interface Choice {
    /** The index of the task that reached {@link #point}, or -1 at the start and at a task's end. */
    int current();

    /** The schedule point reached, {@value #START} or {@value #END}. */
    String point();

    /** How many tasks are scheduled. */
    int tasks();

    /**
     * Can task {@code i} run now: started, not done, and not blocked on a channel that is not
     * ready (a mutex another task owns, a wait nobody has woken).
     */
    boolean enabled(int i);

    /** Has task {@code i} ended? */
    boolean done(int i);

    /**
     * The mutex task {@code i} is about to take (its {@link Task#blockedOn()} from its
     * {@code mutex_lock:} point until it owns it), or null.
     */
    KMutex pendingLock(int i);

    /** What task {@code i} is about to sleep on ({@link Task#blockedOn()}), or null. */
    WaitChannel blockedOn(int i);

    /** The last point task {@code i} reached. */
    String lastPoint(int i);

    /** Task {@code i}. */
    Task task(int i);
  }

  /** Decides which task runs next. Called under the scheduler's lock, on the running thread. */
  @FunctionalInterface
  public interface Chooser {
    /**
     * The index of the task to run next; it must be {@linkplain Choice#enabled enabled}. Only
     * called when at least one task is enabled.
     */
    int choose(Choice choice);
  }

  /** The point a {@link Choice} names at the start of the run. */
  public static final String START = "(start)";

  /** The point a {@link Choice} names when a task has ended. */
  public static final String END = "(end)";

  private static final int TRACE = 40;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a task has begun, ended, or the run was aborted. */
  private final Condition changed = lock.newCondition();
  private final Chooser chooser;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<Task, Slot> byTask = new IdentityHashMap<>();
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final View view = new View();
  private Slot running;
  private boolean aborted;
  private String failure;
  private long steps;
  private long clock;

  private static final class Slot {
    final Task task;
    final int index;
    boolean started;
    boolean done;
    String lastPoint = START;
    Thread thread;
    /** Signalled when the task's turn comes (or the run is aborted). */
    final Condition turn;

    Slot(Task task, int index, Condition turn) {
      this.task = task;
      this.index = index;
      this.turn = turn;
    }

    /**
     * Can the task run: started, not done, and not about to sleep on a channel that is not
     * ready ({@link Task#blockedOn()}: a mutex another task owns, a wait-queue entry nobody has
     * woken). The one place that says what blocks a task.
     */
    boolean enabled() {
      if (!started || done) {
        return false;
      }
      WaitChannel on = task.blockedOn();
      return on == null || on.ready();
    }

    /** The mutex the task is about to take, or null. */
    KMutex pendingLock() {
      return task.blockedOn() instanceof KMutex m ? m : null;
    }
  }

  /** The one {@link Choice} handed to the chooser; valid during the call only. */
  private final class View implements Choice {
    int current;
    String point;

    @Override
    public int current() {
      return current;
    }

    @Override
    public String point() {
      return point;
    }

    @Override
    public int tasks() {
      return slots.size();
    }

    @Override
    public boolean enabled(int i) {
      return slots.get(i).enabled();
    }

    @Override
    public boolean done(int i) {
      return slots.get(i).done;
    }

    @Override
    public KMutex pendingLock(int i) {
      return slots.get(i).pendingLock();
    }

    @Override
    public WaitChannel blockedOn(int i) {
      return slots.get(i).task.blockedOn();
    }

    @Override
    public String lastPoint(int i) {
      return slots.get(i).lastPoint;
    }

    @Override
    public Task task(int i) {
      return slots.get(i).task;
    }
  }

  /** Schedules {@code tasks} (in this order: a chooser names them by index) with {@code chooser}. */
  public TaskScheduler(List<Task> tasks, Chooser chooser) {
    this.chooser = Objects.requireNonNull(chooser, "chooser");
    Validate.notEmpty(tasks, "tasks");
    for (Task t : tasks) {
      Slot s = new Slot(Objects.requireNonNull(t), slots.size(), lock.newCondition());
      slots.add(s);
      byTask.put(t, s);
    }
  }

  /** Called first on a task's thread: waits until the task is scheduled. */
  public void begin(Task t) {
    lock.lock();
    try {
      Slot s = slot(t);
      s.started = true;
      s.thread = Thread.currentThread();
      changed.signalAll();
      waitTurn(s);
    } finally {
      lock.unlock();
    }
  }

  /** Called last on a task's thread (also after {@link Aborted}): hands the baton on. */
  public void end(Task t) {
    lock.lock();
    try {
      Slot s = slot(t);
      s.done = true;
      s.lastPoint = END;
      changed.signalAll();
      if (aborted) {
        return;
      }
      Slot next = pick(-1, END);
      if (next == null && slots.stream().anyMatch(x -> !x.done)) {
        deadlock();
        return;
      }
      handTo(next);
    } finally {
      lock.unlock();
    }
  }

  /** A logical time: strictly increasing, read by the running task. */
  public long tick() {
    lock.lock();
    try {
      return ++clock;
    } finally {
      lock.unlock();
    }
  }

  /** Gives the baton to {@code next} (null: nobody) and wakes it alone. Caller holds lock. */
  private void handTo(Slot next) {
    running = next;
    if (next != null) {
      next.turn.signal();
    }
  }

  @Override
  public void at(Task task, String point) {
    Slot s = byTask.get(task);
    if (s == null) {
      return; // not one of ours (init, or a reader after the run)
    }
    lock.lock();
    try {
      if (aborted) {
        throw new Aborted();
      }
      steps++;
      s.lastPoint = point;
      if (trace.size() == TRACE) {
        trace.removeFirst();
      }
      trace.addLast(task + " " + point);
      // A task that sleeps here passed Sched.sleepPoint: its blockedOn() names the channel.
      Slot next = pick(s.index, point);
      if (next == null) {
        deadlock();
        throw new Aborted();
      }
      if (next != s) {
        handTo(next);
        waitTurn(s);
      }
      // Scheduled: what it sleeps on is ready, and nobody runs before it takes it.
    } finally {
      lock.unlock();
    }
  }

  private Slot slot(Task t) {
    Slot s = byTask.get(t);
    if (s == null) {
      throw new IllegalArgumentException(t + " is not scheduled here");
    }
    return s;
  }

  /** The chooser's pick, or null when no task can run. */
  private Slot pick(int current, String point) {
    boolean any = false;
    for (Slot x : slots) {
      any |= x.enabled();
    }
    if (!any) {
      return null;
    }
    view.current = current;
    view.point = point;
    int i = chooser.choose(view);
    Validate.validState(i >= 0 && i < slots.size() && slots.get(i).enabled(),
        "the chooser picked task %s, which cannot run", i);
    return slots.get(i);
  }

  /** Waits for {@code s}'s turn; caller holds lock. */
  private void waitTurn(Slot s) {
    while (running != s && !aborted) {
      try {
        s.turn.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
      }
    }
    if (aborted) {
      throw new Aborted();
    }
  }

  /** Marks the run aborted and wakes every waiter. Caller holds lock. */
  private void abort() {
    aborted = true;
    for (Slot x : slots) {
      x.turn.signalAll();
    }
    changed.signalAll();
  }

  /** Starts the run once every task has called {@link #begin}. */
  public void start() {
    lock.lock();
    try {
      while (slots.stream().anyMatch(x -> !x.started) && !aborted) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      handTo(pick(-1, START));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every task has ended or the run was aborted. When no schedule point is
   * reached for {@code watchdog}, reports the running task as stuck and aborts.
   *
   * @return {@code true} when every task ended without an abort
   */
  public boolean awaitEnd(Duration watchdog) {
    lock.lock();
    try {
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
          changed.await(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          abort();
        }
      }
      return !aborted;
    } finally {
      lock.unlock();
    }
  }

  /** The deadlock or watchdog report, or {@code null}. */
  public String failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /** Was the run aborted (a deadlock, a stuck task, an interrupt)? */
  public boolean aborted() {
    lock.lock();
    try {
      return aborted;
    } finally {
      lock.unlock();
    }
  }

  /** How many schedule points the tasks passed. */
  public long steps() {
    lock.lock();
    try {
      return steps;
    } finally {
      lock.unlock();
    }
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
    abort();
  }

  private static MutexSubclass lastSubclass(Task t) {
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
    abort();
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
