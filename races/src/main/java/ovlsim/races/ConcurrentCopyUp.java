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
 * {@code concurrent-copyup}: two tasks open the same lower file for writing at once.
 *
 * <p>Forbidden everywhere: an error, two different upper inodes, or a lost write (the file
 * must read {@code AB23456789}). Both versions are expected clean: the upper parent's
 * i_mutex serialises the two copy-ups.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/concurrent-copyup.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/concurrent-copyup.scn}: its header
 * (what it is and the two tasks' timeline, which the summary page of {@code ovlsim race run}
 * shows), setup, tasks, and outcome classes with their meanings and grades per version, read by
 * {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run concurrent-copyup}; every interleaving at the schedule
 * points instead: {@code ./ovlsim explore concurrent-copyup}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("concurrent-copyup: two tasks open one lower file for writing at once: the upper parent's i_mutex serialises the copy-ups, one upper inode, both writes kept")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class ConcurrentCopyUp extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "concurrent-copyup";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public ConcurrentCopyUp() {
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
