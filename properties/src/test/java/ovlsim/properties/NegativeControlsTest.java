package ovlsim.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.state.ActionChain;
import ovlsim.properties.workload.OverlayInstaller;
import ovlsim.overlay.OvlMutant;
import ovlsim.overlay.OvlMutants;
import ovlsim.overlay.OvlVersion;

/**
 * The properties can fail. Each test-only mutant of the overlay
 * ({@link OvlMutant}, installed around the port's operations tables) must be caught by the
 * property it targets within that property's configured tries, from the fixed seed, and
 * lockdep must name the classes involved; and the concurrent property must find, on v6, the
 * copy-up race of the v7 review that v7 fixes. Each prints how many tries it took.
 */
class NegativeControlsTest {
  private static final String DIR_PARENT = "&type->i_mutex_dir_key#upperfs/1";

  /** The tries a negative control may take: the concurrent property's, times this. */
  static final int CONCURRENT_FACTOR = 20;

  @Example
  void copyUpChildBeforeParentIsCaught() {
    String failure = sequentialFailure(OvlMutant.COPY_UP_CHILD_BEFORE_PARENT,
        f -> f.contains("possible circular locking dependency detected"));
    assertTrue(failure.contains(DIR_PARENT), failure);
    assertTrue(failure.contains("#upperfs/0"), failure);
  }

  @Example
  void renameWithoutLockRenameIsCaught() {
    String failure = sequentialFailure(OvlMutant.RENAME_WITHOUT_LOCK_RENAME,
        f -> f.contains("possible recursive locking detected"));
    assertTrue(failure.contains(DIR_PARENT), failure);
  }

  @Example
  void unlinkWithoutOpaqueCheckIsCaught() {
    String failure = sequentialFailure(OvlMutant.UNLINK_WITHOUT_OPAQUE_CHECK,
        f -> f.contains("the merged view differs"));
    assertTrue(failure.contains("expected nothing, got"), failure);
  }

  @Example
  void copyUpWithoutRecheckIsCaught() {
    String failure = concurrentFailure(OvlMutants.of(OvlMutant.COPY_UP_WITHOUT_RECHECK),
        OvlVersion.V7_FIX, "COPY_UP_WITHOUT_RECHECK");
    assertTrue(failure.contains("EEXIST"), failure);
  }

  @Example
  void v6CopyUpRaceIsFound() {
    String failure = concurrentFailure(OverlayInstaller.PORT, OvlVersion.V6,
        "v6 (the copy-up race of the v7 review)");
    assertTrue(failure.contains("ovl_dentry_update") || failure.contains("ovl_copy_up_one"),
        failure);
  }

  /**
   * Runs the sequential property's chains over the overlay with {@code mutant} from the fixed
   * seed until one fails with a message {@code expected} accepts; fails when none does within
   * the property's tries.
   */
  private static String sequentialFailure(OvlMutant mutant, Predicate<String> expected) {
    int tries = BudgetHook.tries(triesOf("portMatchesReference", SequentialUnionTest.class));
    Arbitrary<ActionChain<SeqWorld>> chains =
        SequentialUnionTest.chains(OvlMutants.of(mutant), SequentialUnionTest.MAX_STEPS);
    var gen = chains.generator(1000);
    Random random = new Random(Long.parseLong(BudgetHook.DEFAULT_SEED));
    for (int i = 1; i <= tries; i++) {
      ActionChain<SeqWorld> chain = gen.next(random).value();
      try {
        chain.run();
      } catch (AssertionError e) {
        String m = String.valueOf(e.getMessage());
        if (expected.test(m)) {
          System.out.println("negative control " + mutant + ": caught in try " + i + " of "
              + tries + " by the sequential property:\n" + firstLines(m, 40));
          return m;
        }
        throw new AssertionError(mutant + " failed the property, but not as expected:\n" + m);
      }
    }
    throw new AssertionError(mutant + " not caught in " + tries + " tries");
  }

  /**
   * Runs the concurrent property's workloads on {@code version} over the overlay
   * {@code installer} gives, from the fixed seed, until one fails there and passes on the
   * unchanged port (of the same version for a mutant, of the newest for an old version's own
   * port): a failure that port has too does not count as catching it, and is skipped.
   */
  private static String concurrentFailure(
      OverlayInstaller installer, OvlVersion version, String what) {
    int tries = CONCURRENT_FACTOR
        * BudgetHook.tries(triesOf("lockOrderAndOutcomesHold", ConcurrentLockOrderTest.class));
    var gen = Workload.arbitrary(Arbitraries.just(version)).generator(1000);
    Random random = new Random(Long.parseLong(BudgetHook.DEFAULT_SEED));
    int skipped = 0;
    for (int i = 1; i <= tries; i++) {
      Workload w = gen.next(random).value();
      try {
        ConcurrentLockOrderTest.check(w, installer);
      } catch (AssertionError e) {
        // A mutant is compared with the unchanged port of its own version; the unchanged port of
        // an old version with the newest one (a race the newest port has too is not v6's).
        OvlVersion base = installer == OverlayInstaller.PORT ? OvlVersion.newest() : version;
        Workload baseline = new Workload(base, w.trees(), w.programs(), w.seed());
        try {
          ConcurrentLockOrderTest.check(baseline, OverlayInstaller.PORT);
        } catch (AssertionError alsoThere) {
          skipped++;
          continue;
        }
        String m = String.valueOf(e.getMessage());
        System.out.println("negative control " + what + ": caught in try " + i + " of " + tries
            + " by the concurrent property (" + skipped + " failures the unchanged "
            + OvlVersion.newest().optionName() + " port shares skipped):\n" + firstLines(m, 40));
        return m;
      }
    }
    throw new AssertionError(what + " not caught in " + tries + " tries");
  }

  private static int triesOf(String method, Class<?> c) {
    try {
      for (var m : c.getDeclaredMethods()) {
        if (m.getName().equals(method)) {
          return m.getAnnotation(Budget.class).tries();
        }
      }
    } catch (SecurityException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no " + method + " in " + c);
  }

  private static String firstLines(String s, int n) {
    String[] lines = s.split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, lines.length); i++) {
      sb.append("    ").append(lines[i]).append('\n');
    }
    return sb.toString();
  }
}
