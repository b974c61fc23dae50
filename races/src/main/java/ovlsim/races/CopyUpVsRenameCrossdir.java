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
 * {@code copyup-vs-rename-crossdir}: Al Viro's "->d_parent on overlay and on upper will change
 * in sync, for that matter - there are two d_move() calls involved" (the v7 review thread).
 *
 * <p>The lower layer holds {@code d1/f}; the upper layer holds {@code d1} and {@code d2}.
 *
 * <p>Bad outcome: a file {@code d1/f} visible again after both finished because A copied the
 * lower file there again, and/or ovl_dentry_update's WARN. Interesting on v6 and v7, forbidden from v7-fix on.
 * The races v7-fix leaves open show up here too (see {@link CopyUpVsRenameUnlink}); a lost
 * whiteout also makes {@code d1/f} visible again, told apart by the upper layer holding no
 * {@code d1/f}. The window is the few instructions between the upper
 * and the overlay {@code d_move()}: expect it rarely under jcstress.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/copyup-vs-rename-crossdir.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/copyup-vs-rename-crossdir.scn}: its
 * header (what it is and the two tasks' timeline, which the summary page of
 * {@code ovlsim race run} shows), setup, tasks, and outcome classes with their meanings and grades
 * per version, read by {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run copyup-vs-rename-crossdir}; every
 * interleaving at the schedule points instead: {@code ./ovlsim explore copyup-vs-rename-crossdir}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("copyup-vs-rename-crossdir: Al Viro's two d_move() calls: B renames d1/f to d2/f; A's copy-up takes the old upper parent between the upper and the overlay d_move(); on v6 the lower f is copied into d1 again. The window is a few instructions wide: jcstress rarely or never hits it, the explorer does")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class CopyUpVsRenameCrossdir extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "copyup-vs-rename-crossdir";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public CopyUpVsRenameCrossdir() {
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
