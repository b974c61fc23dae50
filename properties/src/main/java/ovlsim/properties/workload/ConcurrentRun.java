package ovlsim.properties.workload;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovlsim.properties.reference.FsView;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.Outcome;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.sched.TaskScheduler;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.Sys;

/**
 * Runs a concurrent workload on the model: 2 to 4 tasks, each a list of {@link Op}s, over the
 * overlay of one version, interleaved by a {@link TaskScheduler} with a {@link SeededChooser} from a seed, with
 * lockdep on (it always is). Collects each operation's outcome and logical start and end time,
 * lockdep's reports, the kernel's WARN_ON/BUG_ON log, a deadlock or watchdog report, any Java
 * exception escaping an operation, the lock classes and their dependencies, and the merged view
 * afterwards.
 */
public final class ConcurrentRun {
  /** How long a task may run without reaching a schedule point before the watchdog fires. */
  public static final Duration WATCHDOG = Duration.ofSeconds(60);

  /** One operation as it ran: which task, its place in the task's list, times, outcome. */
  public record Event(int task, int index, Op op, Outcome outcome, long start, long end) {
    @Override
    public String toString() {
      return "t" + task + "[" + index + "] @" + start + ".." + end + " " + op + " -> " + outcome;
    }
  }

  /**
   * What a run produced; {@code dependencyTraces} holds, per dependency, the stack trace
   * lockdep saved when it first found it ({@link Lockdep#trace}).
   */
  public record Result(
      OvlVersion version,
      List<List<Event>> events,
      List<LockdepReport> lockdepReports,
      List<BugLog.Entry> bugs,
      String deadlock,
      String crash,
      Throwable crashCause,
      FsView finalView,
      String viewError,
      List<String> lockClasses,
      List<Lockdep.Dependency> dependencies,
      long schedulePoints,
      Map<Lockdep.Dependency, List<String>> dependencyTraces) {

    /** Lockdep, the bug log, the scheduler or a crash reported something. */
    public boolean reported() {
      return !lockdepReports.isEmpty() || !bugs.isEmpty() || deadlock != null || crash != null;
    }

    /** Every report as text, in the kernel's words where there are some. */
    public String reports() {
      StringBuilder sb = new StringBuilder();
      lockdepReports.forEach(r -> sb.append(r.text()).append('\n'));
      bugs.forEach(b -> sb.append(b).append('\n'));
      if (deadlock != null) {
        sb.append(deadlock).append('\n');
      }
      if (crash != null) {
        sb.append(crash).append('\n');
      }
      return sb.toString();
    }
  }

  private ConcurrentRun() {}

  /**
   * Boots the overlay over {@code trees} and runs {@code programs} (one list per task) under
   * the schedule {@code seed}.
   */
  public static Result run(Trees trees, OvlVersion version, OverlayInstaller installer,
      List<List<Op>> programs, long seed) {
    var ref = trees.state(version);
    ModelOverlay model = ModelOverlay.boot(ref.lower(), ref.upper(), version, installer);
    Kernel k = model.kernel();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < programs.size(); i++) {
      tasks.add(model.newTask("t" + i));
    }
    TaskScheduler sched = SeededChooser.scheduler(tasks, seed);
    List<List<Event>> events = new ArrayList<>();
    String[] crash = {null};
    Throwable[] crashCause = {null};
    List<Thread> threads = new ArrayList<>();
    k.setSchedHook(sched);
    try {
      for (int i = 0; i < programs.size(); i++) {
        int ti = i;
        Task t = tasks.get(i);
        List<Event> mine = Collections.synchronizedList(new ArrayList<>());
        events.add(mine);
        Thread th = new Thread(() -> body(sched, t, ti, programs.get(ti), mine, crash, crashCause),
            "ovlsim-" + t.name());
        th.setDaemon(true);
        threads.add(th);
        th.start();
      }
      sched.start();
      sched.awaitEnd(WATCHDOG);
    } finally {
      k.setSchedHook(SchedHook.NONE);
    }
    boolean clean = sched.failure() == null;
    if (clean) {
      for (Thread th : threads) {
        try {
          th.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    FsView view = null;
    String viewError = null;
    if (clean && crash[0] == null) {
      try {
        view = ViewReader.read(ModelSys.of(model.newTask("reader")));
      } catch (IllegalStateException e) {
        viewError = e.getMessage(); // readdir and lookup disagree: a finding for STRICT
      }
    } else {
      viewError = "the run did not end cleanly";
    }
    List<List<Event>> frozen = new ArrayList<>();
    events.forEach(e -> frozen.add(List.copyOf(e)));
    Lockdep lockdep = Lockdep.of(k);
    List<Lockdep.Dependency> deps = lockdep.dependencies();
    Map<Lockdep.Dependency, List<String>> traces = new LinkedHashMap<>();
    deps.forEach(d -> traces.put(d, lockdep.trace(d)));
    return new Result(version, frozen, lockdep.reports(), k.bugLog().entries(),
        sched.failure(), crash[0], crashCause[0], view, viewError, lockdep.classes(), deps,
        sched.steps(), traces);
  }

  private static void body(TaskScheduler sched, Task t, int ti, List<Op> program,
      List<Event> out, String[] crash, Throwable[] cause) {
    try {
      sched.begin(t);
      Sys fs = ModelSys.of(t);
      for (int i = 0; i < program.size(); i++) {
        sched.at(t, SeededChooser.WORKLOAD_POINT + "op" + i);
        long start = sched.tick();
        Op op = program.get(i);
        Outcome o;
        try {
          o = OpRunner.run(fs, op);
        } catch (TaskScheduler.Aborted a) {
          throw a;
        } catch (RuntimeException | Error e) {
          StringWriter w = new StringWriter();
          e.printStackTrace(new PrintWriter(w));
          synchronized (crash) {
            if (crash[0] == null) {
              crash[0] = t + " '" + op + "' threw " + w;
              cause[0] = e;
            }
          }
          return;
        }
        out.add(new Event(ti, i, op, o, start, sched.tick()));
      }
    } catch (TaskScheduler.Aborted a) {
      // the scheduler reported why
    } finally {
      sched.end(t);
    }
  }
}
