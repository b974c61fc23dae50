package ovlsim.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The arbiters' classification and the harnesses' gradings, without running jcstress: fed a
 * known state, each classifier must name it, and the {@code @Outcome}s of each version must
 * grade that name as the harness header says.
 */
class RaceClassificationTest {
  private static Expect grade(Race race, OvlVersion v, String state) {
    TestInfo info = TestList.getInfo(race.testName(v));
    assertNotNull(info, race.testName(v) + " is not in META-INF/TestList");
    return RaceResults.caseFor(info, state).expect();
  }

  @Test
  void aResurrectedFileWithTheWarnIsAlViroRaceInterestingOnV6ForbiddenOnV7() {
    String state =
        CopyUpVsRenameUnlink.classify("ok", "ok", "ok", List.of("g"), Set.of("ovl_dentry_update"));
    assertEquals("resurrected+warn", state);
    assertTrue(Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome(state));
    assertEquals(Expect.ACCEPTABLE_INTERESTING, grade(Race.COPYUP_VS_RENAME_UNLINK, OvlVersion.V6, state));
    assertEquals(Expect.FORBIDDEN, grade(Race.COPYUP_VS_RENAME_UNLINK, OvlVersion.V7, state));
  }

  @Test
  void theWarnAloneOrTheResurrectionAloneIsStillTheRace() {
    assertEquals("warn", CopyUpVsRenameUnlink.classify("ok", "ok", "ok", List.of(), Set.of("ovl_dentry_update")));
    assertEquals("resurrected", CopyUpVsRenameUnlink.classify("ok", "ok", "ok", List.of("g"), Set.of()));
    for (String s : List.of("warn", "resurrected", "oops+resurrected+whiteout-lost+warn")) {
      assertEquals(Expect.FORBIDDEN, grade(Race.COPYUP_VS_RENAME_UNLINK, OvlVersion.V7, s), s);
    }
  }

  @Test
  void theRacesV7LeavesOpenAreInterestingOnBothVersionsButNotTheReviewsRace() {
    String state =
        CopyUpVsRenameUnlink.classify(RaceWorld.OOPS, "ok", "ok", List.of("f"), Set.of("ovl_permission"));
    assertEquals("oops+whiteout-lost+warn-permission", state);
    assertFalse(Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome(state));
    for (OvlVersion v : OvlVersion.values()) {
      assertEquals(Expect.ACCEPTABLE_INTERESTING, grade(Race.COPYUP_VS_RENAME_UNLINK, v, state));
    }
  }

  @Test
  void cleanAndEstaleAreAcceptableAndAnUnknownWarnIsForbidden() {
    assertEquals("clean", CopyUpVsRenameUnlink.classify("ENOENT", "ok", "ok", List.of(), Set.of()));
    assertEquals("rename-estale",
        CopyUpVsRenameUnlink.classify("ok", "ESTALE", "not-run", List.of("f"), Set.of()));
    String odd = CopyUpVsRenameUnlink.classify("ok", "ok", "ok", List.of(), Set.of("ovl_rename"));
    assertEquals("warn:ovl_rename", odd);
    for (OvlVersion v : OvlVersion.values()) {
      assertEquals(Expect.ACCEPTABLE, grade(Race.COPYUP_VS_RENAME_UNLINK, v, "clean"));
      assertEquals(Expect.ACCEPTABLE, grade(Race.COPYUP_VS_RENAME_UNLINK, v, "rename-estale"));
      assertEquals(Expect.FORBIDDEN, grade(Race.COPYUP_VS_RENAME_UNLINK, v, odd));
    }
  }

  @Test
  void crossdirTellsACopyFromALostWhiteoutByTheUpperLayer() {
    assertEquals("resurrected+warn", CopyUpVsRenameCrossdir.classify(
        "ok", "ok", List.of("f"), List.of("f"), true, Set.of("ovl_dentry_update")));
    assertEquals("whiteout-lost", CopyUpVsRenameCrossdir.classify(
        "ok", "ok", List.of("f"), List.of("f"), false, Set.of()));
    assertEquals(Expect.FORBIDDEN,
        grade(Race.COPYUP_VS_RENAME_CROSSDIR, OvlVersion.V7, "resurrected+warn"));
    assertEquals(Expect.ACCEPTABLE_INTERESTING,
        grade(Race.COPYUP_VS_RENAME_CROSSDIR, OvlVersion.V6, "resurrected+warn"));
  }

  @Test
  void theOtherHarnessesForbidWhatTheirHeadersSay() {
    assertEquals("two-inodes", ConcurrentCopyUp.classify("ok", "ok", 10, 11, "AB23456789"));
    assertEquals("lost-data:A123456789", ConcurrentCopyUp.classify("ok", "ok", 10, 10, "A123456789"));
    assertEquals("clean", ConcurrentCopyUp.classify("ok", "ok", 10, 10, "AB23456789"));
    assertEquals("B-read-the-secret", CredsOverrideIsolation.classify("ok", "ok"));
    assertEquals("isolated", CredsOverrideIsolation.classify("ok", "EACCES"));
    assertEquals("listed-twice:a", ReaddirVsCreate.classify(List.of(List.of("a", "b", "c", "a"))));
    assertEquals("whiteout-listed", ReaddirVsCreate.classify(List.of(List.of("a", "b", "c", "x"))));
    assertEquals("consistent",
        ReaddirVsCreate.classify(List.of(List.of("c", "a", "b"), List.of("c", "m", "a", "b"))));
    assertEquals("old-after-write", RoRwInconsistency.classify("ok", "old"));
    for (OvlVersion v : OvlVersion.values()) {
      assertEquals(Expect.FORBIDDEN, grade(Race.CONCURRENT_COPYUP, v, "two-inodes"));
      assertEquals(Expect.FORBIDDEN, grade(Race.CREDS_OVERRIDE_ISOLATION, v, "B-read-the-secret"));
      assertEquals(Expect.FORBIDDEN, grade(Race.READDIR_VS_CREATE, v, "whiteout-listed"));
      assertEquals(Expect.ACCEPTABLE_INTERESTING,
          grade(Race.RO_RW_INCONSISTENCY, v, "old-after-write"));
    }
  }

  @ParameterizedTest
  @EnumSource(Race.class)
  void everyHarnessIsInTheTestListForEveryVersion(Race race) {
    for (OvlVersion v : OvlVersion.values()) {
      assertNotNull(TestList.getInfo(race.testName(v)), race.testName(v));
    }
  }

  /** The deterministic replay of the demo: Al Viro's outcome on V6; on V7 the race is closed. */
  @Test
  void theReplayShowsTheRaceOnV6AndNotOnV7() throws InterruptedException {
    AlViroReplay.Result v6 = AlViroReplay.replay(OvlVersion.V6);
    assertEquals("resurrected+warn", v6.outcome());
    assertEquals(List.of("g"), v6.merged());
    assertEquals("lower data", v6.gContent());
    assertTrue(v6.timeline().contains(AlViroReplay.POINT));

    AlViroReplay.Result v7 = AlViroReplay.replay(OvlVersion.V7);
    assertEquals(List.of(), v7.merged());
    assertFalse(Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome(v7.outcome()));
    // The recheck closes the review's race; A's open then meets the negative upper g.
    assertEquals("oops", v7.outcome());
  }
}
