package ovlsim.races.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ovlsim.kernel.SchedHook;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioRunner;
import ovlsim.races.scenario.Schedule;
import org.apache.commons.lang3.Validate;

/**
 * Systematic exploration of a scenario's interleavings at the schedule points: a stateless
 * depth-first search (every schedule runs on a fresh machine, as CHESS does) with iterative
 * preemption bounding (all schedules with 0 preemptions, then those with exactly 1, ... up to
 * the bound), an optional partial-order reduction, a cap, and shards.
 *
 * <p>The tree: a node is a schedule, the decisions of one run that differ from the default
 * one; its children add one more such decision at a later choice point of its run. Switching
 * away from a task that could go on is a preemption and costs 1; choosing among tasks when the
 * running one has ended or is blocked (on a mutex another task owns, on a wait queue nobody
 * has woken) is free.
 *
 * <p>The reduction ({@code docs/scenarios.md}): no preemption at a mutex point, taken or just
 * released, whose mutex the task switched to never takes in the run: the next step of the
 * running task and every step of that task touch no common lock. Named points (the overlay's
 * racy windows) and free choices are never pruned.
 *
 * <p>Shards: a node with fewer than {@value #SPLIT_DEPTH} decisions is run by every shard and
 * counted by the one its text hashes to; a deeper node belongs to the shard of its ancestor
 * with {@value #SPLIT_DEPTH} decisions, and only that shard runs it. Each schedule is counted
 * by exactly one shard, so merged shards give the counts of the whole search.
 */
public final class Explorer {
  /** The number of decisions at which the tree is split between shards. */
  static final int SPLIT_DEPTH = 2;

  /**
   * How to search.
   *
   * @param bound the preemption bound (≥ 0)
   * @param reduction prune preemptions by the partial-order reduction
   * @param maxSchedules stop after this many schedules (the result is then incomplete); ≤ 0:
   *     no cap
   * @param shard this shard's number, from 1
   * @param shards how many shards the search is split into
   */
  public record Options(int bound, boolean reduction, long maxSchedules, int shard, int shards) {
    public Options {
      Validate.isTrue(bound >= 0, "bound %s < 0", bound);
      Validate.isTrue(shards >= 1 && shard >= 1 && shard <= shards, "shard %s/%s", shard, shards);
    }

    /** The whole search at {@code bound}, reduced, uncapped. */
    public static Options bound(int bound) {
      return new Options(bound, true, 0, 1, 1);
    }
  }

  /** Told of each schedule counted. */
  @FunctionalInterface
  public interface Progress {
    /** The search's state after one more schedule. */
    void explored(Status status);

    Progress NONE = s -> {};
  }

  /**
   * Where a search stands.
   *
   * @param explored schedules counted so far
   * @param k the bound of the iteration under way
   * @param atK schedules counted in it
   * @param belowK schedules counted in the iteration before it
   * @param meanChoices the mean number of decisions with options per run so far
   */
  public record Status(long explored, int k, long atK, long belowK, double meanChoices) {
    /**
     * A rough guess of how many schedules the iteration of bound {@code k} has: each schedule
     * of bound {@code k - 1} gains one preemption at any of its later decisions, each reached
     * {@code k} ways; never below what it counted already.
     */
    public long estimateAtK() {
      double guess = k == 0 ? atK : belowK * Math.max(1, meanChoices) / k;
      return Math.max(atK, Math.round(guess));
    }
  }

  private final ScenarioRunner runner;
  private final OvlVersion version;
  private final Options options;
  private final Progress progress;
  private final List<String> names;
  private final Map<String, OutcomeStats> outcomes = new HashMap<>();
  private long schedules;
  private long runs;
  private long choicesSeen;
  private long atK;
  private long belowK;
  private boolean capped;

  /** One decision on the current path. */
  private static final class Frame {
    final ChoicePoint cp;
    final int costBefore;
    final int depthBefore;
    final Deque<Integer> todo = new ArrayDeque<>();
    int chosen;

    Frame(ChoicePoint cp, int costBefore, int depthBefore) {
      this.cp = cp;
      this.costBefore = costBefore;
      this.depthBefore = depthBefore;
      this.chosen = cp.chosen();
    }

    boolean forced() {
      return chosen != cp.defaultChoice();
    }

    int costAfter() {
      return costBefore + (cp.preempts(chosen) ? 1 : 0);
    }

    int depthAfter() {
      return depthBefore + (forced() ? 1 : 0);
    }
  }

  private Explorer(ScenarioRunner runner, OvlVersion version, Options options,
      Progress progress) {
    this.runner = Objects.requireNonNull(runner);
    this.version = Objects.requireNonNull(version);
    this.options = Objects.requireNonNull(options);
    this.progress = Objects.requireNonNull(progress);
    this.names = runner.scenario().taskNames();
  }

  /** Searches {@code runner}'s scenario on {@code version}. */
  public static ExploreResult explore(ScenarioRunner runner, OvlVersion version, Options options,
      Progress progress) {
    return new Explorer(runner, version, options, progress).run();
  }

  /**
   * Watches one replayed run step by step (the step-by-step report): told of every schedule
   * point and every line's start ({@code syscall: TEXT}) and result ({@code = RESULT}) on the
   * running task's thread while every other task is parked, so the machine holds still.
   */
  public interface Observer {
    /**
     * The run's machine is booted and the {@code before} lines ran; no task has run yet.
     *
     * @return the hook to call at every step
     */
    SchedHook attach(ScenarioRunner.World world);

    /** Every task has ended (or the run was aborted); the observations have not run yet. */
    default void finished(ScenarioRunner.World world) {}
  }

  /** What one schedule, replayed, showed. */
  public record Replay(
      String schedule, Scenario.Outcome outcome, ScenarioRunner.Observations observations,
      int preemptions, int steps, String timeline) {}

  /**
   * Runs one schedule (the explorer's text or a hand-written one, {@link Schedule}) with its
   * timeline.
   *
   * @throws IllegalArgumentException when the text does not parse or does not fit the run
   */
  public static Replay replay(ScenarioRunner runner, OvlVersion version, String schedule) {
    return replay(runner, version, schedule, null);
  }

  /**
   * {@link #replay(ScenarioRunner, OvlVersion, String)} with {@code observer} (or null) told
   * of every step of the run.
   *
   * @throws IllegalArgumentException when the text does not parse or does not fit the run
   */
  public static Replay replay(ScenarioRunner runner, OvlVersion version, String schedule,
      Observer observer) {
    Schedule s = Schedule.parse(schedule, runner.scenario().taskNames());
    Execution e = Execution.run(runner, version, s, true, observer);
    return new Replay(schedule, e.outcome(), e.observations(), e.preemptions(), e.steps(),
        e.timeline());
  }

  private ExploreResult run() {
    long start = System.nanoTime();
    for (int k = 0; k <= options.bound() && !capped; k++) {
      belowK = atK;
      atK = 0;
      search(k);
    }
    List<String> shard = List.of(options.shard() + "/" + options.shards());
    return new ExploreResult(runner.scenario().name(), version.optionName(), options.bound(),
        options.reduction(), shard, !capped, schedules, runs,
        (System.nanoTime() - start) / 1_000_000, outcomes);
  }

  /** Every schedule with at most {@code k} preemptions; counts those with exactly {@code k}. */
  private void search(int k) {
    List<Frame> path = new ArrayList<>();
    Execution e = execute(path);
    extend(path, e, k);
    visit(e, path, k);
    while (!capped) {
      int top = path.size() - 1;
      while (top >= 0 && path.get(top).todo.isEmpty()) {
        top--;
      }
      if (top < 0) {
        return;
      }
      path.subList(top + 1, path.size()).clear();
      Frame f = path.get(top);
      f.chosen = f.todo.removeFirst();
      e = execute(path);
      check(path, e);
      extend(path, e, k);
      visit(e, path, k);
    }
  }

  /** The schedule the path's decisions make. */
  private static Schedule schedule(List<Frame> path) {
    List<Schedule.Item> items = new ArrayList<>();
    for (Frame f : path) {
      if (f.forced()) {
        items.add(new Schedule.At(f.cp.step(), f.chosen));
      }
    }
    return new Schedule(items);
  }

  private Execution execute(List<Frame> path) {
    runs++;
    Execution e = Execution.run(runner, version, schedule(path), false);
    choicesSeen += e.choices().size();
    return e;
  }

  /** A replayed prefix must meet the same options: the model is deterministic. */
  private void check(List<Frame> path, Execution e) {
    List<ChoicePoint> cps = e.choices();
    for (int j = 0; j < path.size(); j++) {
      ChoicePoint was = path.get(j).cp;
      if (j >= cps.size() || !cps.get(j).sameOptions(was)
          || cps.get(j).chosen() != path.get(j).chosen) {
        throw new IllegalStateException("scenario " + runner.scenario().name() + " on "
            + version.optionName() + " is not deterministic: replaying "
            + schedule(path).format(names) + " met "
            + (j < cps.size() ? cps.get(j) : "no decision") + " where the first run met " + was);
      }
    }
  }

  /** Adds the frames of {@code e}'s decisions past the path, with their alternatives. */
  private void extend(List<Frame> path, Execution e, int k) {
    List<ChoicePoint> cps = e.choices();
    for (int j = path.size(); j < cps.size(); j++) {
      Frame prev = path.isEmpty() ? null : path.get(path.size() - 1);
      Frame f = new Frame(cps.get(j), prev == null ? 0 : prev.costAfter(),
          prev == null ? 0 : prev.depthAfter());
      for (int t = 0; t < names.size(); t++) {
        if (t == f.chosen || (f.cp.enabled() & (1L << t)) == 0) {
          continue;
        }
        boolean preempt = f.cp.preempts(t);
        if (f.costBefore + (preempt ? 1 : 0) > k) {
          continue;
        }
        if (options.reduction() && preempt && f.cp.lock() != null
            && (f.cp.atLock() & (1L << t)) != 0
            && !e.footprints().get(t).contains(f.cp.lock())) {
          continue;
        }
        if (options.shards() > 1 && f.depthBefore + 1 == SPLIT_DEPTH
            && owner(path, f, t) != options.shard()) {
          continue;
        }
        f.todo.add(t);
      }
      path.add(f);
    }
  }

  /** The shard that owns the subtree of the path's decisions plus {@code t} at {@code f}. */
  private int owner(List<Frame> path, Frame f, int t) {
    List<Schedule.Item> items = new ArrayList<>(schedule(path).items());
    items.add(new Schedule.At(f.cp.step(), t));
    return shardOf(new Schedule(items).format(names));
  }

  private int shardOf(String scheduleText) {
    return Math.floorMod(scheduleText.hashCode(), options.shards()) + 1;
  }

  /** Counts the run when it has exactly {@code k} preemptions and is this shard's. */
  private void visit(Execution e, List<Frame> path, int k) {
    if (e.preemptions() != k) {
      return;
    }
    Schedule s = schedule(path);
    String text = s.format(names);
    int depth = s.items().size();
    if (options.shards() > 1 && depth < SPLIT_DEPTH && shardOf(text) != options.shard()) {
      return;
    }
    schedules++;
    OutcomeStats o = new OutcomeStats(e.outcome().name(), e.outcome().grade(), 1, text,
        e.preemptions(), e.steps());
    outcomes.merge(o.name(), o, OutcomeStats::merge);
    atK++;
    progress.explored(new Status(schedules, k, atK, belowK, (double) choicesSeen / runs));
    if (options.maxSchedules() > 0 && schedules >= options.maxSchedules()) {
      capped = true;
    }
  }
}
