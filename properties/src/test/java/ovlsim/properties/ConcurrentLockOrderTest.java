package ovlsim.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import ovlsim.properties.workload.ConcurrentRun;
import ovlsim.properties.workload.ConcurrentCheck;
import ovlsim.properties.workload.OverlayInstaller;
import java.util.Arrays;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;

/**
 * Random workloads of 2 to 4 model tasks with a few operations each, on every
 * {@link OvlVersion} with the review's fix (v7-fix on), interleaved at the model's schedule points by a seeded scheduler, with
 * lockdep on and a deadlock watchdog. The property: no lockdep report, no WARN_ON/BUG_ON, no
 * deadlock, no crash, and the outcomes of all operations are ones the reference gives in one
 * order consistent with the run ({@link ConcurrentCheck}, outcomes only), where the declared
 * known races of the 2011 patch may strike (counted in the statistics).
 */
@AddLifecycleHook(value = BudgetHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class ConcurrentLockOrderTest {
  /**
   * The outcome check: {@link ConcurrentCheck.Mode#ALLOWED} unless
   * {@code -Dovlsim.concurrent.mode=LINEARIZABLE|STRICT} asks for a stricter one.
   */
  static final ConcurrentCheck.Mode MODE = ConcurrentCheck.Mode.valueOf(
      System.getProperty("ovlsim.concurrent.mode", "ALLOWED"));

  @Property
  @Budget(tries = 1000)
  void lockOrderAndOutcomesHold(@ForAll("workloads") Workload w) {
    ConcurrentRun.Result r = check(w, OverlayInstaller.PORT);
    Statistics.label("interleaved").collect(interleaved(r));
    Statistics.label("schedule points").collect(bucket(r.schedulePoints()));
  }

  /** Did two operations of different tasks overlap in time? */
  static boolean interleaved(ConcurrentRun.Result r) {
    for (var a : r.events()) {
      for (var b : r.events()) {
        if (a == b) {
          continue;
        }
        for (var x : a) {
          for (var y : b) {
            if (x.start() < y.end() && y.start() < x.end()) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static String bucket(long n) {
    return n < 100 ? "<100" : n < 300 ? "100-299" : n < 1000 ? "300-999" : ">=1000";
  }

  /**
   * Every version with Miklos's recheck (RECHECK_COPY_UP_UNDER_LOCK): v6 and v7 as posted have
   * the copy-up race of the v7 review that it closes, and the property finds it there
   * (NegativeControlsTest#v6CopyUpRaceIsFound). The budget's tries are shared by the versions.
   */
  @Provide
  Arbitrary<Workload> workloads() {
    return Workload.arbitrary(Arbitraries.of(Arrays.stream(OvlVersion.values())
        .filter(v -> v.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK)).toList()));
  }

  /**
   * Runs {@code w} on the overlay {@code installer} gives and fails with the reports, or with
   * the outcomes no order explains; a run only the declared known 2011 races explain passes and
   * is counted under "known 2011 race".
   */
  static ConcurrentRun.Result check(Workload w, OverlayInstaller installer) {
    ConcurrentRun.Result r =
        ConcurrentRun.run(w.trees(), w.version(), installer, w.programs(), w.seed());
    ConcurrentCheck.Verdict v = ConcurrentCheck.check(w.trees(), r, MODE);
    if (!v.ok()) {
      throw new AssertionError(v.message() + "\n" + w + events(r));
    }
    Statistics.label("known 2011 race")
        .collect(v.races().isEmpty() ? "none" : v.races().toString());
    return r;
  }

  static String events(ConcurrentRun.Result r) {
    StringBuilder sb = new StringBuilder("events:\n");
    r.events().forEach(l -> l.forEach(e -> sb.append("  ").append(e).append('\n')));
    return sb.toString();
  }
}
