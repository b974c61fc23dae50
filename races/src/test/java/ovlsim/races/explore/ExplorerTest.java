package ovlsim.races.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Grade;
import ovlsim.races.scenario.ScenarioParser;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * The explorer against what the done-when of the catalogue asks: the review's race found
 * quickly where the recheck is missing and absent (bound 3, complete) where it is present;
 * every outcome jcstress ever reported (docs/races.md) found at bound 2, and the
 * cross-directory race it never hit; determinism; the reduction's soundness; shards; and tasks
 * that sleep on a FIFO's wait queue, which the search must see as blocked, not as running.
 */
class ExplorerTest {
  private static final String UNLINK = "copyup-vs-rename-unlink";
  private static final String CROSSDIR = "copyup-vs-rename-crossdir";

  /** Searches at bound 2 (reduced and not), shared by the tests of this class. */
  private static final Map<String, ExploreResult> CACHE = new ConcurrentHashMap<>();

  private static ExploreResult explore(String scenario, OvlVersion v, boolean reduction) {
    return CACHE.computeIfAbsent(scenario + " " + v + " " + reduction, k -> Explorer.explore(
        Catalogue.prepared(scenario), v, new Explorer.Options(2, reduction, 0, 1, 1),
        Explorer.Progress.NONE));
  }

  private static boolean hasRecheck(OvlVersion v) {
    return v.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK);
  }

  /** v7's rename marks a file renamed to a fresh name opaque, until v9's fix. */
  private static boolean renamedFileBecomesOpaque(OvlVersion v) {
    return v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)
        && !v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX);
  }

  private static boolean isAlViro(String outcome) {
    return Arrays.asList(outcome.split("\\+")).stream()
        .anyMatch(p -> p.equals("resurrected") || p.equals("warn"));
  }

  @Test
  void theReviewsRaceIsFoundOnV6WithinAHundredSchedulesAndItsScheduleReplaysIt() {
    ScenarioRunner r = Catalogue.prepared(UNLINK);
    ExploreResult res = Explorer.explore(r, OvlVersion.V6,
        new Explorer.Options(2, true, 100, 1, 1), Explorer.Progress.NONE);
    assertEquals(100, res.schedules());
    assertFalse(res.complete());
    OutcomeStats race = res.outcomes().values().stream().filter(o -> isAlViro(o.name()))
        .findFirst().orElseThrow(() -> new AssertionError("not found: " + res.outcomes()));
    assertEquals(Grade.INTERESTING, race.grade());
    Explorer.Replay replay = Explorer.replay(r, OvlVersion.V6, race.shortest());
    assertEquals(race.name(), replay.outcome().name());
    assertTrue(replay.timeline().contains("ovl_copy_up_one:before_lock"), replay.timeline());
    assertEquals("lower data", replay.observations().get("g"));
  }

  @Test
  void withTheRecheckBoundThreeCompletesWithoutTheReviewsRace() {
    List<OvlVersion> fixed = Arrays.stream(OvlVersion.values()).filter(ExplorerTest::hasRecheck)
        .toList();
    assertFalse(fixed.isEmpty(), "a version has the recheck");
    for (OvlVersion v : fixed) {
      ExploreResult res = Explorer.explore(Catalogue.prepared(UNLINK), v,
          Explorer.Options.bound(3), Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      assertEquals(0, res.forbidden(), res.outcomes().toString());
      assertTrue(res.outcomes().keySet().stream().noneMatch(ExplorerTest::isAlViro),
          res.outcomes().toString());
    }
  }

  /**
   * What the jcstress runs of docs/races.md reported, by scenario, for versions without and
   * with the recheck; and the cross-directory race, which jcstress never hit.
   */
  static Stream<Arguments> reported() {
    Set<String> unlinkOpen = Set.of("clean", "whiteout-lost", "oops", "oops+whiteout-lost",
        "warn-permission");
    Set<String> unlinkRace = new TreeSet<>(unlinkOpen);
    unlinkRace.addAll(Set.of("resurrected+warn", "resurrected+whiteout-lost+warn"));
    return Stream.of(
        Arguments.of(UNLINK, unlinkRace, unlinkOpen),
        Arguments.of(CROSSDIR, Set.of("clean", "whiteout-lost", "resurrected+warn"),
            Set.of("clean", "whiteout-lost")),
        Arguments.of("concurrent-copyup", Set.of("clean"), Set.of("clean")),
        Arguments.of("ro-rw-inconsistency", Set.of("old-after-write"), Set.of("old-after-write")),
        Arguments.of("creds-override-isolation", Set.of("isolated"), Set.of("isolated")),
        Arguments.of("readdir-vs-create", Set.of("consistent"), Set.of("consistent")));
  }

  @ParameterizedTest
  @MethodSource("reported")
  void boundTwoFindsEveryOutcomeJcstressReported(String scenario, Set<String> withoutRecheck,
      Set<String> withRecheck) {
    for (OvlVersion v : OvlVersion.values()) {
      ExploreResult res = explore(scenario, v, true);
      assertTrue(res.complete());
      Set<String> expected = hasRecheck(v) ? withRecheck : withoutRecheck;
      if (renamedFileBecomesOpaque(v) && scenario.equals(UNLINK)) {
        // v7 and v7-fix: B's unlink of the renamed g writes a whiteout (v7's rename marks g
        // opaque), through the upper dentry A's entry holds: no negative dentry, no oops, no
        // warn-permission; on v7 the whiteout can land on A's fresh copy.
        expected = hasRecheck(v) ? Set.of("clean", "whiteout-lost")
            : Set.of("clean", "whiteout-lost", "resurrected+warn", "warn+whiteout-over-copy");
      } else if (v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF) && scenario.equals(UNLINK)) {
        // v10's double reference keeps the upper g positive under B's unlink: no oops.
        expected = Set.of("clean", "whiteout-lost");
      }
      assertTrue(res.outcomes().keySet().containsAll(expected),
          scenario + " " + v + ": found " + res.outcomes().keySet() + ", jcstress saw " + expected);
      assertEquals(0, res.forbidden(), scenario + " " + v + ": " + res.outcomes());
    }
  }

  /**
   * The outcome one jcstress run reported once (docs/races.md), after the data copy-up went
   * through the splice path: all four parts of the review's race at once, which takes a third
   * preemption (B's unlink between A's copy-up and A's open).
   */
  @Test
  void boundThreeFindsTheOutcomeJcstressSawOnceWithoutTheRecheck() {
    // v6 only: on v7 the renamed g is opaque and B's whiteout reuses the negative upper dentry at
    // once, so the oops takes another interleaving there (the test below).
    List<OvlVersion> unfixed = Arrays.stream(OvlVersion.values())
        .filter(v -> !hasRecheck(v) && !renamedFileBecomesOpaque(v)).toList();
    assertFalse(unfixed.isEmpty(), "a version lacks the recheck");
    for (OvlVersion v : unfixed) {
      ExploreResult res = Explorer.explore(Catalogue.prepared(UNLINK), v,
          Explorer.Options.bound(3), Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      OutcomeStats all = res.outcomes().get("oops+resurrected+whiteout-lost+warn");
      assertNotNull(all, v + ": " + res.outcomes().keySet());
      assertEquals(3, all.preemptions());
      assertEquals(all.name(), Explorer.replay(Catalogue.prepared(UNLINK), v, all.shortest())
          .outcome().name());
    }
  }

  /**
   * On v7 and v7-fix B's unlink of the opaque g is followed by a whiteout that instantiates the
   * very upper dentry {@code d_delete()} has just made negative: A meets it negative only at
   * {@code ovl_do_remove:after_unlink}. jcstress saw {@code oops}, {@code oops+whiteout-lost} and
   * {@code warn-permission} there; bound 3 finds each, and from v10 (the double reference) none.
   */
  @Test
  void boundThreeFindsTheNegativeUpperDentryBeforeTheWhiteoutOnV7() {
    List<String> negative = List.of("oops", "oops+whiteout-lost", "warn-permission");
    for (OvlVersion v : OvlVersion.values()) {
      if (!v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)) {
        continue; // v6: boundTwoFindsEveryOutcomeJcstressReported
      }
      ExploreResult res = Explorer.explore(Catalogue.prepared(UNLINK), v,
          Explorer.Options.bound(3), Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      boolean doubleRef = v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF);
      for (String name : negative) {
        OutcomeStats o = res.outcomes().get(name);
        if (doubleRef) {
          assertTrue(o == null, v + ": " + name + " despite the double reference");
          continue;
        }
        assertNotNull(o, v + ": " + name + " not in " + res.outcomes().keySet());
        assertEquals(name, Explorer.replay(Catalogue.prepared(UNLINK), v, o.shortest())
            .outcome().name());
      }
    }
  }

  @Test
  void everyReportedScheduleReplaysToTheSameOutcome() {
    for (Race race : Race.values()) {
      ScenarioRunner r = Catalogue.prepared(race.scenario());
      for (OvlVersion v : OvlVersion.values()) {
        for (OutcomeStats o : explore(race.scenario(), v, true).outcomes().values()) {
          for (int i = 0; i < 2; i++) {
            Explorer.Replay replay = Explorer.replay(r, v, o.shortest());
            assertEquals(o.name(), replay.outcome().name(), race + " " + v + " " + o.shortest());
            assertEquals(o.preemptions(), replay.preemptions());
            assertEquals(o.steps(), replay.steps());
          }
        }
      }
    }
  }

  @Test
  void theReductionKeepsEveryOutcomeOfTheFullSearch() {
    for (Race race : Race.values()) {
      for (OvlVersion v : OvlVersion.values()) {
        ExploreResult full = explore(race.scenario(), v, false);
        ExploreResult reduced = explore(race.scenario(), v, true);
        assertEquals(full.outcomes().keySet(), reduced.outcomes().keySet(), race + " " + v);
        assertTrue(reduced.schedules() <= full.schedules());
      }
    }
  }

  @Test
  void theReductionKeepsEveryOutcomeAtBoundThreeOnTheSmallScenarios() {
    for (String s : List.of("ro-rw-inconsistency", "creds-override-isolation", UNLINK)) {
      for (OvlVersion v : OvlVersion.values()) {
        ExploreResult full = Explorer.explore(Catalogue.prepared(s), v,
            new Explorer.Options(3, false, 0, 1, 1), Explorer.Progress.NONE);
        ExploreResult reduced = Explorer.explore(Catalogue.prepared(s), v,
            new Explorer.Options(3, true, 0, 1, 1), Explorer.Progress.NONE);
        assertEquals(full.outcomes().keySet(), reduced.outcomes().keySet(), s + " " + v);
      }
    }
  }

  @Test
  void threeShardsMergedAreTheUnshardedSearch() {
    for (String s : List.of(UNLINK, CROSSDIR)) {
      ExploreResult whole = explore(s, OvlVersion.V6, true);
      List<ExploreResult> parts = List.of(1, 2, 3).stream()
          .map(i -> Explorer.explore(Catalogue.prepared(s), OvlVersion.V6,
              new Explorer.Options(2, true, 0, i, 3), Explorer.Progress.NONE))
          .toList();
      parts.forEach(p -> assertTrue(p.schedules() < whole.schedules(), p.summary()));
      ExploreResult merged = ExploreResult.merge(parts);
      assertTrue(merged.complete());
      assertEquals(whole.schedules(), merged.schedules());
      assertEquals(new TreeMap<>(whole.outcomes()), new TreeMap<>(merged.outcomes()));
      assertFalse(ExploreResult.merge(parts.subList(0, 2)).complete());
    }
  }

  /** Task A opens a FIFO for reading and waits for a writer; task B opens it for writing. */
  private static final String FIFO_RENDEZVOUS = """
      lower mkfifo p 0644
      mount
      task A open p O_RDONLY : read 0 10
      task B open p O_WRONLY : write 0 hi : close 0
      outcome met acceptable when A.1 = hi and B.1 = 0 and deadlock = no
      outcome deadlock forbidden when deadlock != no
      """;

  /** Task A opens a FIFO for reading and waits; task B only opens it for reading too. */
  private static final String FIFO_NO_WRITER = """
      lower mkfifo p 0644
      mount
      task A open p O_RDONLY
      task B open p O_RDONLY,O_NONBLOCK : close 0
      outcome deadlock interesting when deadlock = yes and A.1 = not-run and B.1 = 0
      """;

  @Test
  void aFifoRendezvousCompletesInEveryScheduleWithTheReaderBlockedOnThePipe() {
    ScenarioRunner r = ScenarioRunner.prepare(ScenarioParser.parse("fifo.scn", FIFO_RENDEZVOUS));
    for (OvlVersion v : OvlVersion.values()) {
      ExploreResult res = Explorer.explore(r, v, Explorer.Options.bound(2),
          Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      assertEquals(Set.of("met"), res.outcomes().keySet(), v + ": " + res.outcomes());
      assertTrue(res.schedules() > 1, res.summary());
      // The default schedule runs A first: its open sleeps until B's open wakes it.
      Explorer.Replay first = Explorer.replay(r, v, res.outcomes().get("met").shortest());
      assertTrue(first.timeline().contains("wait:&pipe->wait"), first.timeline());
      assertEquals("no", first.observations().get("deadlock"));
    }
  }

  @Test
  void aFifoOpenNobodyAnswersIsADeadlockNamingTheTaskAndTheWaitQueue() {
    ScenarioRunner r = ScenarioRunner.prepare(ScenarioParser.parse("fifo.scn", FIFO_NO_WRITER));
    for (OvlVersion v : OvlVersion.values()) {
      ExploreResult res = Explorer.explore(r, v, Explorer.Options.bound(2),
          Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      assertEquals(Set.of("deadlock"), res.outcomes().keySet(), v + ": " + res.outcomes());
      OutcomeStats dead = res.outcomes().get("deadlock");
      assertEquals(Grade.INTERESTING, dead.grade());
      assertEquals(res.schedules(), dead.count());
      Explorer.Replay replay = Explorer.replay(r, v, dead.shortest());
      String report = replay.observations().failure();
      assertTrue(report.contains("possible deadlock"), report);
      assertTrue(report.matches("(?s).*INFO: task A/\\S+ blocked on wait queue:\n"
          + " \\(&pipe->wait\\)\nat [^\n]+, woken by nobody\n.*"), report);
      assertTrue(report.contains("no locks held by A/"), report);
      assertFalse(report.contains("INFO: task B/"), report);
    }
  }
}
