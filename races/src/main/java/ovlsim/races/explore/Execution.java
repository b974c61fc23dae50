package ovlsim.races.explore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.sched.SchedHooks;
import ovlsim.kernel.sched.SchedTrace;
import ovlsim.kernel.sched.TaskScheduler;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioRunner;
import ovlsim.races.scenario.Schedule;

/**
 * One run of a scenario under one schedule, on a fresh machine (stateless search, as CHESS
 * does): the {@code before} lines, the tasks one at a time on threads of a shared pool under a
 * {@link TaskScheduler} and a {@link ScheduleChooser}, then the observations and the outcome.
 *
 * @param outcome the scenario's outcome of the run
 * @param observations what the run showed
 * @param choices the decisions that had more than one option
 * @param footprints the locks each task took
 * @param steps how many decisions the run took
 * @param preemptions how many of them switched away from a task that could go on
 * @param timeline the A | B timeline, when asked for
 */
record Execution(
    Scenario.Outcome outcome,
    ScenarioRunner.Observations observations,
    List<ChoicePoint> choices,
    List<Set<KMutex>> footprints,
    int steps,
    int preemptions,
    String timeline) {
  /** How long a task may pass no schedule point before the run is reported stuck. */
  static final Duration WATCHDOG = Duration.ofSeconds(20);

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** The threads the tasks run on, shared by every run; idle ones end after a minute. */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(daemon());

  private static ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "ovlsim-explore-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs {@code runner}'s scenario on {@code version} under {@code schedule}.
   *
   * @param withTimeline record the timeline of points and syscalls
   * @throws IllegalArgumentException when a decision of {@code schedule} cannot be taken
   */
  static Execution run(ScenarioRunner runner, OvlVersion version, Schedule schedule,
      boolean withTimeline) {
    return run(runner, version, schedule, withTimeline, null);
  }

  /**
   * {@link #run(ScenarioRunner, OvlVersion, Schedule, boolean)} with {@code observer} (or
   * null) told of every step: each schedule point and each line's start and result, after the
   * timeline and before the scheduler picks the next task.
   */
  static Execution run(ScenarioRunner runner, OvlVersion version, Schedule schedule,
      boolean withTimeline, Explorer.Observer observer) {
    Scenario s = runner.scenario();
    ScenarioRunner.World w = runner.boot(version);
    w.runBefore();
    List<Task> tasks = w.tasks();
    ScheduleChooser chooser = new ScheduleChooser(schedule, tasks.size());
    TaskScheduler sched = new TaskScheduler(tasks, chooser);
    SchedTrace trace = withTimeline ? new SchedTrace() : null;
    SchedHook seen = observer == null ? null : observer.attach(w);
    SchedHook lines = trace == null ? seen : seen == null ? trace : SchedHooks.chain(trace, seen);
    w.trace(lines);
    w.machine().kernel().setSchedHook(lines == null ? sched : SchedHooks.chain(lines, sched));
    List<Future<?>> running = new ArrayList<>();
    boolean clean;
    try {
      for (int i = 0; i < tasks.size(); i++) {
        int ti = i;
        Task t = tasks.get(i);
        running.add(POOL.submit(() -> {
          try {
            sched.begin(t);
            w.runTask(ti);
          } catch (TaskScheduler.Aborted e) {
            // the scheduler says why
          } finally {
            sched.end(t);
          }
        }));
      }
      sched.start();
      clean = sched.awaitEnd(WATCHDOG);
      for (Future<?> f : running) {
        waitFor(f);
      }
    } finally {
      w.machine().kernel().setSchedHook(SchedHook.NONE);
      w.trace(null);
    }
    if (chooser.misfit() != null) {
      throw new IllegalArgumentException("the schedule does not fit: " + chooser.misfit());
    }
    if (observer != null) {
      observer.finished(w);
    }
    ScenarioRunner.Observations obs = w.observe(clean ? null : sched.failure());
    List<Set<KMutex>> fp = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      fp.add(chooser.footprint(i));
    }
    String timeline = trace == null ? null
        : trace.timeline(s.taskNames().toArray(String[]::new));
    return new Execution(obs.classify(s, version), obs, List.copyOf(chooser.choices()), fp,
        chooser.steps(), chooser.preemptions(), timeline);
  }

  private static void waitFor(Future<?> f) {
    try {
      f.get(WATCHDOG.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a task stuck outside every schedule point: its thread is left behind, the run reported
    }
  }
}
