package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * {@code ro-rw-inconsistency}: the limitation the overlay documentation states (and the
 * stacked file operations of 2018 remove): "If a file is opened read-only and then written
 * through another file descriptor after copy-up, the first descriptor keeps reading the lower
 * file."
 *
 * <p>Outcome {@code old-after-write}: A's descriptor reads the old data after B's write
 * finished — the documented behaviour on every version of the series (interesting); a later version with stacked
 * file operations will forbid it.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/ro-rw-inconsistency.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/ro-rw-inconsistency.scn}: its header
 * (what it is and the two tasks' timeline, which the summary page of {@code ovlsim race run}
 * shows), setup, tasks, and outcome classes with their meanings and grades per version, read by
 * {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run ro-rw-inconsistency}; every interleaving at the schedule
 * points instead: {@code ./ovlsim explore ro-rw-inconsistency}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("ro-rw-inconsistency: an fd opened read-only before a copy-up keeps reading the lower file after another fd wrote the upper copy (documented in 2011, removed by the 2018 stacked file operations)")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class RoRwInconsistency extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "ro-rw-inconsistency";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public RoRwInconsistency() {
    super(SCENARIO);
  }

  @Actor
  public void a() {
    task(0);
  }

  @Actor
  public void b() {
    task(1);
  }

  @Arbiter
  public void arbiter(L_Result r) {
    r.r1 = outcome();
  }
}
