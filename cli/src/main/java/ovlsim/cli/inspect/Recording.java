package ovlsim.cli.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.races.explore.Explorer;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * The steps of one run, each with the machine's {@link Snapshot} at that moment: the start,
 * every schedule point a task reached, every line's start ({@code syscall: TEXT}) and result
 * ({@code = RESULT}), and the end. {@link #observer()} records a replayed schedule (one
 * machine, a snapshot at each step while the other tasks are parked); the shell calls
 * {@link #record} itself.
 *
 * <p>Not thread-safe: one task runs at a time, and the steps are read after the run.
 */
public final class Recording {
  /** The point of the first step, before any task runs. */
  public static final String START = "(start)";
  /** The point of the last step, after every task ended. */
  public static final String END = "(end)";

  /**
   * One step.
   *
   * @param index its number, from 0
   * @param task the task that reached the point, or null at {@value #START} and {@value #END}
   * @param point the schedule point, or the line's start or result
   * @param snapshot the machine then
   */
  public record Step(int index, String task, String point, Snapshot snapshot) {}

  private final List<String> taskNames = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();
  private Snapshotter snapshotter;
  private Kernel kernel;
  private List<Task> tasks = List.of();
  private int limit = Integer.MAX_VALUE;

  /** The kernel of the machine recorded (its lockdep, after the run), or null before. */
  public Kernel kernel() {
    return kernel;
  }

  /** The steps so far. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The names of the tasks that run, in lane order. */
  public List<String> taskNames() {
    return List.copyOf(taskNames);
  }

  /** Keeps at most {@code max} steps (the first ones); the shell's long sessions. */
  public void limit(int max) {
    this.limit = max;
  }

  /** Were steps left out by the {@link #limit}? */
  public boolean truncated() {
    return steps.size() >= limit;
  }

  /** Starts recording {@code tasks} on {@code snapshotter}'s machine, with a first step. */
  public void begin(Snapshotter s, List<Task> runTasks) {
    this.snapshotter = Objects.requireNonNull(s);
    this.kernel = s.kernel();
    tasks(runTasks);
    record(null, START);
  }

  /** The tasks whose locks each snapshot shows (the shell adds tasks as it goes). */
  public void tasks(List<Task> runTasks) {
    this.tasks = List.copyOf(runTasks);
    for (Task t : runTasks) {
      if (!taskNames.contains(t.name())) {
        taskNames.add(t.name());
      }
    }
  }

  /** Records that {@code task} (null: none) reached {@code point}, with a snapshot now. */
  public void record(Task task, String point) {
    if (steps.size() >= limit) {
      return;
    }
    steps.add(new Step(steps.size(), task == null ? null : task.name(), point,
        snapshotter.take(tasks)));
  }

  /** An observer of a replayed schedule that records its steps here. */
  public Explorer.Observer observer() {
    return new Explorer.Observer() {
      @Override
      public SchedHook attach(ScenarioRunner.World world) {
        begin(new Snapshotter(world.machine()), world.tasks());
        return Recording.this::record;
      }

      @Override
      public void finished(ScenarioRunner.World world) {
        record(null, END);
      }
    };
  }
}
