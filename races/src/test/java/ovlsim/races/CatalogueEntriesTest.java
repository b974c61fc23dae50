package ovlsim.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.explore.ExploreResult;
import ovlsim.races.explore.Explorer;
import ovlsim.races.explore.OutcomeStats;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Grade;
import ovlsim.races.scenario.Scenario;

/**
 * Every catalogue entry on every version: its {@code replay} line reaches its headline bad
 * outcome exactly on the versions whose grades let it occur ({@link Race#badVersions}), and the
 * explorer at bound 2 finds it there and never on the others. What the entries' versions are
 * is pinned by name below, as docs/races.md tells them: the grades in the files are the
 * catalogue's claim, this test holds the model to it.
 */
class CatalogueEntriesTest {
  /** The versions each entry's bad outcome is on (docs/races.md), as {@code race list} says. */
  static Stream<Arguments> versions() {
    return Stream.of(
        Arguments.of(Race.COPYUP_VS_RENAME_UNLINK, "v6, v7"),
        Arguments.of(Race.COPYUP_VS_RENAME_CROSSDIR, "v6, v7"),
        Arguments.of(Race.CONCURRENT_COPYUP, "none"),
        Arguments.of(Race.RO_RW_INCONSISTENCY, "v6, v7, v7-fix, v10, v11, v15"),
        Arguments.of(Race.CREDS_OVERRIDE_ISOLATION, "none"),
        Arguments.of(Race.READDIR_VS_CREATE, "none"),
        Arguments.of(Race.NEGATIVE_UPPER_AFTER_UNLINK, "v6, v7, v7-fix"),
        Arguments.of(Race.JFFS2_READDIR_DEADLOCK, "v6"),
        Arguments.of(Race.HALF_MADE_COPYUP, "v6"),
        Arguments.of(Race.REMOVE_AFTER_RENAME, "v6, v7, v7-fix"),
        Arguments.of(Race.READDIR_OFF_BY_ONE, "v6, v7, v7-fix"),
        Arguments.of(Race.OVERLAY_ON_OVERLAY, "v6, v7, v7-fix, v10, v11, v15"));
  }

  @ParameterizedTest
  @MethodSource("versions")
  void theGradesPutTheBadOutcomeOnTheVersionsThatHadIt(Race race, String on) {
    assertEquals(on, race.badOn(), race.cliName());
  }

  @Test
  void everyEntryIsPinnedHere() {
    assertEquals(Set.of(Race.values()),
        versions().map(a -> (Race) a.get()[0]).collect(Collectors.toSet()));
  }

  static Stream<Arguments> entriesAndVersions() {
    return Arrays.stream(Race.values()).filter(r -> r.definition().replay() != null)
        .flatMap(r -> Arrays.stream(OvlVersion.values()).map(v -> Arguments.of(r, v)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("entriesAndVersions")
  void theReplayReachesTheBadOutcomeExactlyWhereTheGradesAllowIt(Race race, OvlVersion v) {
    Scenario s = race.definition();
    Explorer.Replay r = Explorer.replay(Catalogue.prepared(race.scenario()), v, s.replay());
    String outcome = r.outcome().name();
    if (race.badExpectedOn(v)) {
      assertTrue(race.isBadOutcome(outcome), race + " on " + v + ": the replay gave " + outcome);
      assertFalse(r.outcome().grade() == Grade.FORBIDDEN, race + " on " + v + ": " + outcome);
    } else {
      assertFalse(race.isBadOutcome(outcome), race + " on " + v + ": the replay gave " + outcome);
    }
  }

  @ParameterizedTest
  @EnumSource(Race.class)
  void boundTwoFindsTheBadOutcomeWhereItIsAndNowhereElse(Race race) {
    for (OvlVersion v : OvlVersion.values()) {
      ExploreResult res = Explorer.explore(Catalogue.prepared(race.scenario()), v,
          Explorer.Options.bound(2), Explorer.Progress.NONE);
      assertTrue(res.complete(), res.summary());
      assertEquals(0, res.forbidden(), race + " on " + v + ": " + res.outcomes().keySet());
      List<OutcomeStats> bad = res.outcomes().values().stream()
          .filter(o -> race.isBadOutcome(o.name())).toList();
      assertEquals(race.badExpectedOn(v), !bad.isEmpty(),
          race + " on " + v + ": " + res.outcomes().keySet());
      for (OutcomeStats o : bad) {
        Explorer.Replay again = Explorer.replay(Catalogue.prepared(race.scenario()), v,
            o.shortest());
        assertEquals(o.name(), again.outcome().name(), "its shortest schedule replays it");
      }
    }
  }

  /**
   * Felix Fietkau's deadlock on v6, one task: lockdep's report names the second {@code f->sem}
   * and the locks held (getdents: the overlay directory's i_mutex, the upper one's, its
   * {@code f->sem}), from {@code ovl_fill_upper()}, the upper readdir's callback.
   */
  @Test
  void theJffs2DeadlockIsLockdepsRecursiveLockingOfFSemInsideTheReaddirCallback() {
    Explorer.Replay r = Explorer.replay(Catalogue.prepared(Race.JFFS2_READDIR_DEADLOCK.scenario()),
        OvlVersion.V6, "-");
    assertEquals("jffs2-deadlock", r.outcome().name());
    assertEquals(1, r.observations().lockdep().size(), r.observations().lockdep().toString());
    String text = r.observations().lockdep().get(0).text();
    assertTrue(text.contains("is trying to acquire lock:\n (&f->sem/0)"), text);
    assertTrue(text.contains("but task is already holding lock:\n (&f->sem/0)"), text);
    assertTrue(text.contains("3 locks held by A/2:\n"
        + " #0:  (&type->i_mutex_key#overlayfs/0)\n"
        + " #1:  (&type->i_mutex_dir_key#upperfs/0)\n"
        + " #2:  (&f->sem/0)\n"), text);
    assertTrue(text.contains("ovlsim.overlay.OvlReaddir.ovlFillUpper("), text);
    Explorer.Replay v7 = Explorer.replay(
        Catalogue.prepared(Race.JFFS2_READDIR_DEADLOCK.scenario()), OvlVersion.V7, "-");
    assertEquals("y", v7.observations().get("A.1"), "v7 lists d, the whiteout hiding x");
    assertEquals(List.of(), v7.observations().lockdep());
  }

  @ParameterizedTest
  @EnumSource(Race.class)
  void everyEntryHasAReplayLine(Race race) {
    assertNotNull(race.definition().replay(), race + " has no replay line");
  }
}
