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
 * {@code negative-upper-after-unlink}: task A opens a lower file for writing (a copy-up) while
 * task B unlinks it. The overlay entry holds the only reference to the new upper dentry, so
 * B's {@code vfs_unlink()} makes it negative ({@code d_delete()}), and A's {@code ovl_open()}
 * passes it to {@code vfs_open()}: a NULL dereference, the model's {@code oops}. Interesting on
 * v6, v7 and v7-fix; forbidden from v10, which keeps a second reference on the upper dentry.
 *
 * <p>The scenario is written once, in {@code races/scenarios/negative-upper-after-unlink.scn}:
 * its header (the two tasks' timeline), setup, tasks, and outcome classes with their meanings
 * and grades per version, read by {@link ScenarioSample}: this class only declares the actors
 * jcstress needs. Run: {@code ./ovlsim race run negative-upper-after-unlink}; every interleaving
 * at the schedule points instead: {@code ./ovlsim explore negative-upper-after-unlink}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("negative-upper-after-unlink: A opens a lower file for writing (copy-up) while B unlinks it; the upper dentry the overlay entry alone held goes negative and A's ovl_open() passes it to vfs_open(): oops until v10's second reference")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class NegativeUpperAfterUnlink extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "negative-upper-after-unlink";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public NegativeUpperAfterUnlink() {
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
