package ovlsim.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ovlsim.cli.inspect.Recording;
import ovlsim.cli.inspect.Snapshot;
import ovlsim.cli.inspect.Snapshotter;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.LayerSnapshot;
import ovlsim.conformance.backend.SetupException;
import ovlsim.conformance.backend.Target;
import ovlsim.conformance.fst.LineExecutor;
import ovlsim.conformance.fst.OpCall;
import ovlsim.conformance.fst.SetupStep;
import ovlsim.kernel.Cred;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.kernel.sched.SchedTrace;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;

/**
 * The shell's machine: the layers' setup lines until {@code mount}, then one booted
 * {@link Machine} with named tasks, each running one {@code .fst} line at a time on a thread
 * of its own, one schedule point at a time.
 *
 * <p>Stepping is {@link Breakpoints}, the kernel's schedule hook here: a task runs only after
 * the shell {@linkplain Breakpoints#armNext arms its next point} and releases it, so it parks
 * again at the next point it reaches (each {@code KMutex} acquire and release, the overlay's
 * named points: the points the explorer switches tasks at), and every other task stays parked
 * where it is. A line's start ({@code syscall: TEXT}) and its result ({@code = RESULT}) are
 * points of the line's thread too, so a task is always parked while the shell reads. Before a
 * task at a {@code mutex_lock:} point is released the shell checks that no other task holds
 * that mutex: a task is never let to block inside the model, so a waiting task, and a deadlock,
 * are reported instead of hanging the shell. Every step is recorded with a snapshot, for
 * {@code save}.
 *
 * <p>Not thread-safe: the shell's thread calls it; the tasks' threads only run while it waits
 * for them to park.
 */
final class ShellSession {
  /** How many steps {@code save} keeps. */
  static final int MAX_STEPS = 5000;

  /** How many steps one command lets a task take before it stops it (a loop in the model). */
  static final int MAX_RUN = 100_000;

  /** A parked task is never released by a timeout while the teacher talks. */
  private static final Duration PARKED = Duration.ofDays(3650);

  /** How long a released task may take to reach its next point before the shell gives up. */
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private OvlVersion version;
  private final List<SetupStep> setup = new ArrayList<>();
  private final Map<String, ShellTask> tasks = new LinkedHashMap<>();
  private final Recording recording = new Recording();
  private final SchedTrace trace = new SchedTrace();
  private Machine machine;
  private Breakpoints bp;
  private Snapshotter snapshotter;
  private int probes;

  /** One task of the session. */
  static final class ShellTask {
    final String name;
    final Task task;
    final Creds creds;
    final LineExecutor.Session session;
    final ExecutorService thread;
    final List<String> breaks = new ArrayList<>();
    /** How many {@code open}s its lines made: the next line's fd numbers start there. */
    int opened;
    /** The line under way, or null when idle. */
    String line;
    Future<?> running;
    /** The result of the last line that ended. */
    volatile String result;
    /** A kernel BUG killed it: it holds what it held, and runs no more lines. */
    volatile boolean dead;

    ShellTask(String name, Task task, Creds creds) {
      this.name = name;
      this.task = task;
      this.creds = creds;
      this.session = LineExecutor.session(ModelSys.of(task));
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ovlsim-shell-" + name);
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** Why a run of steps stopped. */
  enum Stop { ENDED, BREAKPOINT, BLOCKED, STEPPED, DEAD }

  /**
   * What a run of steps did.
   *
   * @param stop why it stopped
   * @param steps how many steps the task took
   * @param point where it stands (parked at), or the line's result when it ended
   * @param blocker when blocked: who holds the mutex it waits for, and which
   */
  record Outcome(Stop stop, int steps, String point, String blocker) {}

  ShellSession(OvlVersion version) {
    this.version = version;
    recording.limit(MAX_STEPS);
  }

  OvlVersion version() {
    return version;
  }

  void version(OvlVersion v) {
    if (mounted()) {
      throw new UsageException("the overlay is mounted as " + version.optionName()
          + ": the version is chosen before 'mount'");
    }
    this.version = v;
  }

  boolean mounted() {
    return machine != null;
  }

  Recording recording() {
    return recording;
  }

  SchedTrace trace() {
    return trace;
  }

  /** Adds a {@code lower}/{@code upper} line, run at {@code mount}. */
  void addSetup(SetupStep step) {
    if (mounted()) {
      throw new UsageException("the overlay is mounted: layers are set up before 'mount'");
    }
    setup.add(step);
  }

  /** The setup lines so far. */
  List<SetupStep> setup() {
    return List.copyOf(setup);
  }

  /**
   * Builds the layers from the setup lines (as the {@code .fst} model backend does: each
   * layer's lines as root on a scratch upper-fs, read back into a {@link Layer}), boots the
   * machine with the overlay of the chosen version mounted, and installs the stepping hook.
   */
  void mount(boolean readOnly) {
    if (mounted()) {
      throw new UsageException("the overlay is mounted already");
    }
    Layer lower = layer(Target.LOWER);
    Layer upper = layer(Target.UPPER);
    machine = Machine.builder().lower(lower).upper(upper)
        .overlayOptions(version.mountOption()).readOnly(readOnly).boot();
    bp = new Breakpoints(PARKED);
    machine.kernel().setSchedHook(bp);
    snapshotter = new Snapshotter(machine);
    recording.begin(snapshotter, List.of());
  }

  private Layer layer(Target which) {
    Machine scratch = Machine.builder().staged().boot();
    for (SetupStep step : setup) {
      if (step.layer() != which) {
        continue;
      }
      Task t = scratch.spawnIn("setup", Cred.root(), Machine.UPPER);
      ModelSys sys = ModelSys.of(t);
      sys.umask(step.creds().umask());
      LineExecutor.Result r = LineExecutor.run(sys, step.ops());
      if (r.failed()) {
        throw new UsageException("mount: the " + which.scriptName() + " setup line at "
            + step.line().location() + " failed: " + r.text());
      }
    }
    try {
      return LayerSnapshot.of(scratch.sys(), Machine.UPPER);
    } catch (SetupException e) {
      throw new UsageException(which.scriptName() + " layer: " + e.getMessage());
    }
  }

  private void requireMounted(String what) {
    if (!mounted()) {
      throw new UsageException(what + " needs the overlay mounted: set up the layers"
          + " ('lower ...', 'upper ...'), then 'mount'");
    }
  }

  /** A new task in {@code /mnt} with {@code creds}. */
  ShellTask addTask(String name, Creds creds) {
    requireMounted("a task");
    if (tasks.containsKey(name)) {
      throw new UsageException("there is a task " + name + " already");
    }
    Task t = machine.spawnIn(name, Cred.user(creds.uid(), creds.gid(), creds.groups()),
        Machine.MOUNT);
    ModelSys.of(t).umask(creds.umask());
    ShellTask st = new ShellTask(name, t, creds);
    tasks.put(name, st);
    recording.tasks(kernelTasks());
    return st;
  }

  List<ShellTask> tasks() {
    return List.copyOf(tasks.values());
  }

  ShellTask task(String name) {
    return tasks.get(name);
  }

  private List<Task> kernelTasks() {
    return tasks.values().stream().map(t -> t.task).toList();
  }

  /** The machine now. */
  Snapshot snapshot() {
    requireMounted("looking at the machine");
    return snapshotter.take(kernelTasks());
  }

  /** Where {@code t} is parked, or null when it runs no line. */
  String parkedAt(ShellTask t) {
    return t.line == null ? null : bp.parkedAt(t.name);
  }

  /**
   * Starts {@code ops} as {@code t}'s next line; it parks at the line's start
   * ({@code syscall: TEXT}), recorded as a step.
   */
  void start(ShellTask t, List<OpCall> ops, String text) {
    requireMounted("a line");
    if (t.dead) {
      throw new UsageException(t.name + " died on a kernel BUG: it runs no more lines");
    }
    if (t.line != null) {
      throw new UsageException(t.name + " is in the middle of '" + t.line + "' (at "
          + bp.parkedAt(t.name) + "): 'step " + t.name + "' or 'continue " + t.name + "' first");
    }
    t.opened += (int) ops.stream().filter(o -> o.kind().opensFd()).count();
    t.line = text;
    bp.armNext(t.name);
    t.running = t.thread.submit(() -> runLine(t, ops, text));
    step(t, awaitParked(t));
  }

  /** The line's body, on the task's thread: a point before, the ops, a point after. */
  private void runLine(ShellTask t, List<OpCall> ops, String text) {
    bp.at(t.task, "syscall: " + text);
    String r;
    try {
      r = t.session.run(ops).text();
    } catch (KernelBug e) {
      r = "oops";
      t.dead = true;
    } catch (RuntimeException e) {
      r = "crash:" + e.getClass().getSimpleName();
      t.dead = true;
    }
    t.result = r;
    bp.at(t.task, "= " + r);
  }

  /**
   * Lets {@code t} take one step: from where it is parked to its next schedule point. A task
   * at a {@code mutex_lock:} point whose mutex another task holds is not released.
   */
  Outcome stepOnce(ShellTask t) {
    String at = bp.parkedAt(t.name);
    if (t.line == null || at == null) {
      throw new UsageException(t.name + " runs no line: give it one ('" + t.name
          + " OP ARGS...')");
    }
    WaitChannel wanted = pending(t);
    if (wanted != null) {
      Task holder = wanted.holder();
      return new Outcome(Stop.BLOCKED, 0, at, holder == null ? wanted.describe() : holder.name());
    }
    bp.armNext(t.name);
    bp.release(t.name);
    String p = awaitParked(t);
    step(t, p);
    if (p.startsWith("= ")) {
      finish(t);
      return new Outcome(t.dead ? Stop.DEAD : Stop.ENDED, 1, p.substring(2), null);
    }
    return new Outcome(Stop.STEPPED, 1, p, null);
  }

  /**
   * What {@code t} sleeps on at its point and cannot have yet ({@link Task#blockedOn()}, whose
   * {@link WaitChannel#ready()} is false): a mutex another task holds, or a wait queue nobody
   * woke. Null when releasing it lets it go on. A mutex it holds itself is not a wait: the
   * model reports that relock (lockdep, then a BUG) when the task goes on.
   */
  private static WaitChannel pending(ShellTask t) {
    WaitChannel on = t.task.blockedOn();
    if (on == null || on.ready() || on.holder() == t.task) {
      return null;
    }
    return on;
  }

  /**
   * Steps {@code t} until its line ends, it reaches one of its breakpoints, it would wait for a
   * mutex another task holds, or {@code max} steps.
   */
  Outcome run(ShellTask t, int max, boolean stopAtBreaks) {
    int n = 0;
    while (true) {
      Outcome o = stepOnce(t);
      n += o.steps();
      if (o.stop() != Stop.STEPPED) {
        return new Outcome(o.stop(), n, o.point(), o.blocker());
      }
      if (stopAtBreaks && matches(t, o.point())) {
        return new Outcome(Stop.BREAKPOINT, n, o.point(), null);
      }
      if (n >= max) {
        return new Outcome(Stop.STEPPED, n, o.point(), null);
      }
    }
  }

  private static boolean matches(ShellTask t, String point) {
    for (String b : t.breaks) {
      if (b.endsWith("*") ? point.startsWith(b.substring(0, b.length() - 1)) : point.equals(b)) {
        return true;
      }
    }
    return false;
  }

  /** What {@code t} waits for at its point (a mutex another task holds, a wait queue), or null. */
  WaitChannel waitsFor(ShellTask t) {
    return parkedAt(t) == null ? null : pending(t);
  }

  /** Lets the thread of a line that reached its result go, and waits for it. */
  private void finish(ShellTask t) {
    bp.release(t.name);
    try {
      t.running.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the line of " + t.name + " did not end", e);
    }
    t.line = null;
    t.running = null;
  }

  private String awaitParked(ShellTask t) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      String p = bp.parkedAt(t.name);
      if (p != null) {
        return p;
      }
      if (t.running.isDone()) {
        try {
          t.running.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the line of " + t.name + " failed", e.getCause());
        }
        throw new IllegalStateException("the line of " + t.name + " ended without its last point");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(t.name + " reached no schedule point within "
            + STEP_TIMEOUT.toSeconds() + " s");
      }
      synchronized (this) {
        try {
          wait(0, 200_000); // the task parks within microseconds; look again soon
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while " + t.name + " ran");
        }
      }
    }
  }

  /** Records {@code t}'s step to {@code point}: the timeline and a snapshot. */
  private void step(ShellTask t, String point) {
    trace.at(t.task, point);
    recording.record(t.task, point);
  }

  /**
   * Runs an {@code expect} line as a task of its own (its creds, in the mount or a layer),
   * stepped to its end like any other; the task stays (parked) when it must wait for a mutex
   * another task holds.
   *
   * @return the task and how its run stopped
   */
  Map.Entry<ShellTask, Outcome> probe(Creds creds, Target where, List<OpCall> ops,
      String text) {
    requireMounted("expect");
    String name = "expect" + (++probes);
    ShellTask t = addTask(name, creds);
    if (where != Target.MOUNT) {
      String dir = where == Target.UPPER ? Machine.UPPER : Machine.LOWER;
      ModelSys.of(t.task).chdir(dir);
    }
    start(t, ops, text);
    Outcome o = run(t, MAX_RUN, false);
    if (o.stop() == Stop.ENDED || o.stop() == Stop.DEAD) {
      tasks.remove(name);
      recording.tasks(kernelTasks());
    }
    return Map.entry(t, o);
  }
}
