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
 * {@code creds-override-isolation}: J. R. Okajima's question in the v7 review thread:
 * "during copy-up other thread in the same process may gain the higher capabilities
 * unexpectedly?" {@code override_creds()} changes the subjective creds of the calling task
 * only, so no.
 *
 * <p>{@code d/secret} is root's, mode 0600. Forbidden everywhere: B opens it.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/creds-override-isolation.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/creds-override-isolation.scn}: its
 * header (what it is and the two tasks' timeline, which the summary page of
 * {@code ovlsim race run} shows), setup, tasks, and outcome classes with their meanings and grades
 * per version, read by {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run creds-override-isolation}; every
 * interleaving at the schedule points instead: {@code ./ovlsim explore creds-override-isolation}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("creds-override-isolation: J. R. Okajima's question in the v7 thread: override_creds() during A's copy-up lends no capability to B, which still gets EACCES on root's file")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class CredsOverrideIsolation extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "creds-override-isolation";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public CredsOverrideIsolation() {
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
