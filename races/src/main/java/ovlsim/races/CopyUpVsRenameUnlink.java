package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import ovlsim.overlay.OvlVersion;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * {@code copyup-vs-rename-unlink}: Al Viro's race from the v7 review (2011-03-22),
 * "A: decided to do copy_up_locked, blocked on i_mutex; B: did copy_up, did rename(),
 * complete with d_move(), did unlink() in new place; A: got CPU back, got i_mutex, proceeded
 * to copy lower into new location, set dentry to very odd (upper,lower) pair".
 *
 * <p>The lower layer holds {@code d/f} ("lower data"); the upper layer holds {@code d}, so
 * {@code d} is a merged directory and A's copy-up is {@code f}'s own.
 *
 * <p>Bad outcome: {@code d/g} present after both tasks finished (the unlinked file resurrected
 * with the lower data) and/or a WARN. Interesting on v6 and v7 (as posted),
 * forbidden from v7-fix on (RECHECK_COPY_UP_UNDER_LOCK).
 *
 * <p>Outcomes of other 2011 races show up in the same runs, on both versions, and are
 * reported as interesting, never as the review's race:
 * {@code oops} — B's unlink makes the upper {@code g} negative (the overlay entry held its only
 * reference), and A's {@code ovl_open()} calls {@code vfs_open()} on it, a NULL dereference;
 * {@code whiteout-lost} — B's rename picked up the dentry before A's copy-up dropped it, saw
 * {@code OVL_PATH_UPPER} with {@code opaque} false and made no whiteout, so the lower
 * {@code f} shows again; {@code warn-permission} — ovl_permission's WARN on a negative real
 * dentry during A's walk.
 *
 * <p>What jcstress observed in the last quick-mode run of every harness: the header of
 * {@code races/scenarios/copyup-vs-rename-unlink.scn} and {@code docs/races.md}.
 *
 * <p>The scenario is written once, in {@code races/scenarios/copyup-vs-rename-unlink.scn}: its
 * header (what it is and the two tasks' timeline, which the summary page of
 * {@code ovlsim race run} shows), setup, tasks, and outcome classes with their meanings and grades
 * per version, read by {@link ScenarioSample}: this class only declares the actors jcstress needs. Run: {@code ./ovlsim race run copyup-vs-rename-unlink}; every
 * interleaving at the schedule points instead: {@code ./ovlsim explore copyup-vs-rename-unlink}.
 *
 * <p>One jcstress test for every version: the version is the forked JVMs' system property
 * {@value ScenarioSample#VERSION_PROPERTY} ({@link RaceRunner} runs jcstress once per version;
 * docs/races.md says why).
 */
@JCStressTest
@Description("copyup-vs-rename-unlink: Al Viro's race from the v7 review: A's copy-up waits for the upper parent's i_mutex while B renames d/f to d/g and unlinks d/g; on v6 A copies the lower f into g (resurrected) and ovl_dentry_update() WARNs")
@Outcome(id = ScenarioSample.ACCEPTABLE, expect = ACCEPTABLE, desc = "graded acceptable by the scenario file")
@Outcome(id = ScenarioSample.INTERESTING, expect = ACCEPTABLE_INTERESTING, desc = "graded interesting by the scenario file")
@Outcome(expect = FORBIDDEN, desc = "graded forbidden by the scenario file")
@State
public class CopyUpVsRenameUnlink extends ScenarioSample {
  /** The scenario file this harness runs. */
  public static final String SCENARIO = "copyup-vs-rename-unlink";

  /** A sample on the version the JVM was started for ({@value ScenarioSample#VERSION_PROPERTY}). */
  public CopyUpVsRenameUnlink() {
    super(SCENARIO);
  }

  /** A sample on {@code version}: the benchmarks' jcstress sample, outside jcstress. */
  public CopyUpVsRenameUnlink(OvlVersion version) {
    super(SCENARIO, version);
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
