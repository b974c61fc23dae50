package ovlsim.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * What the runner reads of each harness at run time: its scenario file's header (the
 * timeline), its one-line jcstress description (jcstress's test list holds one line each), and
 * the summary page built from them and the outcome classes' meanings.
 */
class RaceCatalogueTest {
  @ParameterizedTest
  @EnumSource(Race.class)
  void everyHarnessCarriesItsTimelineAndAOneLineDescription(Race race) throws Exception {
    String timeline = race.timeline();
    assertTrue(timeline.startsWith(race.cliName() + ": "), race + ": " + timeline);
    assertTrue(timeline.contains("task A"), race + ": " + timeline);
    assertTrue(timeline.contains("---+---"), race + ": " + timeline);
    assertTrue(timeline.lines().count() >= 5, timeline);
    assertFalse(timeline.contains("\n#"), "the header's #s are gone: " + timeline);
    assertFalse(race.summary().isEmpty(), race + " says what it shows");
    if (!race.hasHarness()) {
      assertTrue(race.definition().taskNames().size() == 1, race + " without a harness has one"
          + " task");
      return;
    }
    Class<?> test = Class.forName(race.testName());
    String d = test.getAnnotation(Description.class).value();
    assertFalse(d.contains("\n"), d);
    assertTrue(d.startsWith(race.cliName() + ": "), d);
    TestInfo info = TestList.getInfo(race.testName());
    assertNotNull(info, race.testName());
    assertEquals(d, info.description());
  }

  @Test
  void theBadOutcomeIsExpectedWhereTheScenarioFileGradesItNotForbidden() {
    assertTrue(Race.COPYUP_VS_RENAME_UNLINK.badExpectedOn(OvlVersion.V6));
    assertTrue(Race.COPYUP_VS_RENAME_UNLINK.badExpectedOn(OvlVersion.V7));
    assertFalse(Race.COPYUP_VS_RENAME_UNLINK.badExpectedOn(OvlVersion.V7_FIX));
    assertTrue(Race.RO_RW_INCONSISTENCY.badExpectedOn(OvlVersion.V15));
    assertFalse(Race.CONCURRENT_COPYUP.badExpectedOn(OvlVersion.V6));
    assertEquals("v6, v7", Race.COPYUP_VS_RENAME_UNLINK.badOn());
    assertEquals("none", Race.CREDS_OVERRIDE_ISOLATION.badOn());
  }

  private static RaceResults.Outcome o(String state, long n, Expect e, String desc) {
    return new RaceResults.Outcome(state, n, e, desc);
  }

  @Test
  void theSummaryPageMarksTheBadOutcomeJcstressCallsPassed() {
    Race race = Race.COPYUP_VS_RENAME_UNLINK;
    Map<String, Map<String, RaceResults.Outcome>> by = new LinkedHashMap<>();
    Map<String, RaceResults.Outcome> v6 = new LinkedHashMap<>();
    v6.put("acceptable clean", o("acceptable clean", 53_244, Expect.ACCEPTABLE,
        "graded acceptable by the scenario file"));
    v6.put("interesting resurrected+warn", o("interesting resurrected+warn", 27,
        Expect.ACCEPTABLE_INTERESTING, "graded interesting by the scenario file"));
    by.put(race.resultKey(OvlVersion.V6), v6);
    Map<String, RaceResults.Outcome> v7 = new LinkedHashMap<>();
    v7.put("acceptable clean", o("acceptable clean", 98_453, Expect.ACCEPTABLE,
        "graded acceptable by the scenario file"));
    v7.put("interesting oops", o("interesting oops", 34, Expect.ACCEPTABLE_INTERESTING,
        "graded interesting by the scenario file"));
    by.put(race.resultKey(OvlVersion.V7_FIX), v7);
    RaceResults results = RaceResults.of(by);
    assertEquals(RaceSummaryPage.Verdict.BAD_SEEN,
        RaceSummaryPage.verdict(results, race, OvlVersion.V6));
    assertEquals(RaceSummaryPage.Verdict.CLEAN,
        RaceSummaryPage.verdict(results, race, OvlVersion.V7_FIX));
    String html = RaceSummaryPage.html(results, List.of(race), List.of(OvlVersion.V6,
        OvlVersion.V7_FIX), "quick");
    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
        "self-contained");
    assertTrue(html.contains("<div class=\"banner BAD_SEEN\">BAD OUTCOME SEEN 27 times in 53,271"
        + " samples: Al Viro's race"), html);
    assertTrue(html.contains("graded interesting: jcstress says PASSED"), html);
    assertTrue(html.contains("<div class=\"banner CLEAN\">the bad outcome was not seen in 98,487"
        + " samples (other interesting 34)"), html);
    assertTrue(html.contains("<tr class=\"bad\"><td><code>interesting resurrected+warn</code>"
        + " &#9888; the bad outcome</td><td class=\"n\">27</td>"), html);
    // the scenario file's header, and the meaning of each part of the outcome from its classes
    assertTrue(html.contains(RaceSummaryPage.esc(race.timeline())), html);
    assertTrue(html.contains("races/scenarios/copyup-vs-rename-unlink.scn"), html);
    assertTrue(html.contains("resurrected: A copied the lower f into B's new name"), html);
    assertTrue(html.contains("<br>warn: ovl_dentry_update() found the dentry already copied up"),
        html);
    assertTrue(html.contains("oops: B's unlink left the upper g negative"), html);
    assertTrue(html.contains("<td class=\"BAD_SEEN\">BAD outcome seen</td>"), html);
  }

  @Test
  void theConsoleTableGivesEachOutcomesMeaningFromTheScenarioFile() {
    Race race = Race.COPYUP_VS_RENAME_UNLINK;
    assertEquals("d/g stays unlinked, no WARN", RaceReport.meaning(race,
        o("acceptable clean", 1, Expect.ACCEPTABLE, "graded acceptable by the scenario file")));
    assertEquals("3 outcome classes at once (each explained on summary.html)",
        RaceReport.meaning(race, o("interesting resurrected+whiteout-lost+warn", 1,
            Expect.ACCEPTABLE_INTERESTING, "graded interesting by the scenario file")));
    assertEquals("graded forbidden by the scenario file", RaceReport.meaning(race,
        o("forbidden unclassified", 1, Expect.FORBIDDEN, "graded forbidden by the scenario file")));
    StringWriter w = new StringWriter();
    Map<String, Map<String, RaceResults.Outcome>> by = new LinkedHashMap<>();
    by.put(race.resultKey(OvlVersion.V6), Map.of("interesting resurrected+whiteout-lost+warn",
        o("interesting resurrected+whiteout-lost+warn", 2, Expect.ACCEPTABLE_INTERESTING, "x")));
    RaceReport.print(RaceResults.of(by), List.of(race), List.of(OvlVersion.V6),
        new PrintWriter(w, true));
    assertTrue(w.toString().contains("  interesting resurrected+whiteout-lost+warn            2"),
        w.toString());
  }

  @Test
  void aHarnessWithoutSamplesOrWithAForbiddenOutcome() {
    Race race = Race.CONCURRENT_COPYUP;
    Map<String, Map<String, RaceResults.Outcome>> by = new LinkedHashMap<>();
    by.put(race.resultKey(OvlVersion.V6), Map.of("forbidden two-inodes",
        o("forbidden two-inodes", 1, Expect.FORBIDDEN, "graded forbidden by the scenario file")));
    RaceResults results = RaceResults.of(by);
    assertEquals(RaceSummaryPage.Verdict.FORBIDDEN_SEEN,
        RaceSummaryPage.verdict(results, race, OvlVersion.V6));
    assertEquals(RaceSummaryPage.Verdict.NO_SAMPLES,
        RaceSummaryPage.verdict(results, race, OvlVersion.V7_FIX));
    String html = RaceSummaryPage.html(results, List.of(race), List.of(OvlVersion.values()),
        "sanity");
    assertTrue(html.contains("<tr class=\"forbidden\">"), html);
    assertTrue(html.contains("two-inodes: the two fds are on different upper inodes"), html);
    assertTrue(html.contains("no samples: the harness did not run"), html);
  }
}
