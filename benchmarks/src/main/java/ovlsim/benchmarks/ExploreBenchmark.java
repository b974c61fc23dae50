package ovlsim.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jcstress.infra.results.L_Result;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.CopyUpVsRenameUnlink;
import ovlsim.races.explore.ExploreResult;
import ovlsim.races.explore.Explorer;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * The explorer on the review's scenario ({@code copyup-vs-rename-unlink} on v6) against one
 * jcstress sample of the same harness, in the same run:
 *
 * <ul>
 *   <li>{@code searchBound1}: the whole search with at most one preemption ({@value
 *       #SCHEDULES_BOUND_1} schedules with the reduction), each on a fresh machine: the
 *       summary divides its time by the schedules, for schedules per second;
 *   <li>{@code jcstressSample}: what one jcstress sample of {@code CopyUpVsRenameUnlink} on v6
 *       costs, the actors run one after the other on the benchmark thread: the
 *       {@code @State} constructor (a fresh machine from the scenario file), actor a, actor b,
 *       the arbiter. jcstress adds its own thread handoffs on top;
 *   <li>{@code ...EagerTraces}: the same with lockdep formatting every new dependency's stack
 *       trace when it saves it (what it did before its traces were lazy), in a fork of its own:
 *       the summary prints what lazy traces save.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ExploreBenchmark {
  /** The schedules of the reduced search at bound 1 (checked in setup). */
  static final long SCHEDULES_BOUND_1 = 59;

  ScenarioRunner runner;

  @Setup
  public void setup() {
    runner = Catalogue.prepared(CopyUpVsRenameUnlink.SCENARIO);
    long n = searchBound1().schedules();
    if (n != SCHEDULES_BOUND_1) {
      throw new IllegalStateException("the bound-1 search has " + n + " schedules now, not "
          + SCHEDULES_BOUND_1 + ": update ExploreBenchmark.SCHEDULES_BOUND_1");
    }
  }

  @Benchmark
  public ExploreResult searchBound1() {
    return Explorer.explore(runner, OvlVersion.V6, new Explorer.Options(1, true, 0, 1, 1),
        Explorer.Progress.NONE);
  }

  /** {@link #jcstressSample} with lockdep's dependency traces formatted when saved. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
      "-Dovlsim.lockdep.eagerTraces=true"})
  public void jcstressSampleEagerTraces(Blackhole bh) {
    jcstressSample(bh);
  }

  /** {@link #searchBound1} with lockdep's dependency traces formatted when saved. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
      "-Dovlsim.lockdep.eagerTraces=true"})
  public ExploreResult searchBound1EagerTraces() {
    return searchBound1();
  }

  @Benchmark
  public void jcstressSample(Blackhole bh) {
    CopyUpVsRenameUnlink sample = new CopyUpVsRenameUnlink(OvlVersion.V6);
    sample.a();
    sample.b();
    L_Result r = new L_Result();
    sample.arbiter(r);
    bh.consume(r.r1);
  }
}
