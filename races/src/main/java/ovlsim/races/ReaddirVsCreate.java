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
 * {@code readdir-vs-create}: a merged directory is read while another task creates and
 * unlinks in it.
 *
 * <p>Lower {@code d} holds {@code a, b, x}; upper {@code d} holds {@code c}; {@code x} is
 * whited out through the overlay before the actors start.
 *
 * <p>Forbidden everywhere: a name listed twice, or the whiteout {@code x} listed. Which of
 * {@code n} and {@code m} appear depends on timing and is fine. The getdents buffer holds the
 * whole directory: with a small one, v6's {@code ovl_readdir()} drops the entry a full buffer
 * refuses (it moves the cursor before calling filldir), which is a different bug.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/readdir-vs-create.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/readdir-vs-create.scn}: its header
 * (what it is and the two tasks' timeline, which the summary page of {@code ovlsim race run}
 * shows), setup, tasks, and outcome classes with their meanings and grades per version, read by
 * {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run readdir-vs-create}; every interleaving at the schedule
 * points instead: {@code ./ovlsim explore readdir-vs-create}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("readdir-vs-create: a merged directory read twice through one fd (with a seek back to 0) while another task creates and unlinks in it: no name twice, no whiteout listed")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class ReaddirVsCreate extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "readdir-vs-create";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public ReaddirVsCreate() {
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
