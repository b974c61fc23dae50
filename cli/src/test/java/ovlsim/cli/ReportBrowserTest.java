package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ovlsim.cli.inspect.Recording;
import ovlsim.cli.inspect.Snapshotter;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.CopyUpVsRenameUnlink;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.ScenarioRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-by-step page of the review's race ({@code explore --replay --html}) in a real
 * headless Chromium: it draws as many steps, lanes and dentries as the recording has, logs no
 * script error, steps with the arrow keys, and leaves a screenshot in {@code target/}. Where
 * no browser is installed it is skipped, saying so, unless {@code OVLSIM_REQUIRE_BROWSER=1}
 * (CI installs Chromium and sets it, so it runs there).
 */
class ReportBrowserTest {
  @TempDir Path tmp;

  private static final Path SHOT = Path.of(System.getProperty("build.dirname", "target"),
      "report-screenshot.png");

  private static int dentries(Recording.Step s) {
    return s.snapshot().dentries().size();
  }

  @Test
  void theReviewsRaceRendersStepsLanesAndDentriesAndStepsWithTheKeys() throws Exception {
    Path browser = Chromium.find();
    if (browser == null) {
      String why = "no Chromium at " + Chromium.DEFAULT + " (or OVLSIM_CHROMIUM): install it"
          + " (Debian: apt-get install chromium) to open the report in a browser";
      if ("1".equals(System.getenv("OVLSIM_REQUIRE_BROWSER"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    OvlVersion v = OvlVersion.V6;
    Path page = tmp.resolve("race.html");
    MainTest.Run r = MainTest.run("explore", CopyUpVsRenameUnlink.SCENARIO, "-O",
        v.optionName(), "--replay", "--html", page.toString());
    assertEquals(0, r.code(), r.err());
    ScenarioRunner runner = Catalogue.prepared(CopyUpVsRenameUnlink.SCENARIO);
    List<Recording.Step> steps = Reports.replay(runner, v, runner.scenario().replay())
        .recording().steps();
    assertTrue(steps.size() >= 40, "a replay of " + steps.size() + " steps");
    int last = steps.size() - 1;

    try (Chromium c = new Chromium(browser, Files.createDirectory(tmp.resolve("profile")))) {
      c.viewport(1280, 1000);
      c.navigate(page.toUri().toString());
      assertEquals("true", c.eval("document.body.getAttribute('data-ready')").asText());
      assertEquals(steps.size(), c.eval("document.querySelectorAll('#timeline .stepcol')"
          + ".length").asInt());
      assertEquals(2, c.eval("document.querySelectorAll('#timeline .lane').length").asInt());
      assertEquals(List.of("A", "B"), List.of(
          c.eval("document.querySelectorAll('#timeline .lane')[0].dataset.task").asText(),
          c.eval("document.querySelectorAll('#timeline .lane')[1].dataset.task").asText()));
      assertEquals(dentries(steps.get(0)), count(c, "#graph .dnode"));
      assertEquals(steps.get(0).snapshot().dentries(Snapshotter.OVERLAY).size(),
          count(c, "#graph .dnode[data-cache=overlay]"));

      c.press("ArrowRight", 39);
      assertEquals("1", c.eval("document.body.dataset.step").asText());
      assertEquals(dentries(steps.get(1)), count(c, "#graph .dnode"));
      for (int i = 0; i < 9; i++) {
        c.press("PageDown", 34);
      }
      c.press("End", 35);
      assertEquals(String.valueOf(last), c.eval("document.body.dataset.step").asText());
      assertEquals(dentries(steps.get(last)), count(c, "#graph .dnode"));
      c.press("ArrowLeft", 37);
      assertEquals(String.valueOf(last - 1), c.eval("document.body.dataset.step").asText());

      // the first step where B's unlink has left A's dentry unhashed, its upper negative
      int unhashed = -1;
      for (Recording.Step s : steps) {
        if (s.snapshot().dentries(Snapshotter.OVERLAY).stream()
            .anyMatch(d -> !d.hashed() && d.parent() != null && !d.negative()
                && d.upper() != null && s.snapshot().dentry(d.upper()).negative())) {
          unhashed = s.index();
          break;
        }
      }
      assertNotEquals(-1, unhashed, "no step with an unhashed overlay dentry");
      c.press("Home", 36);
      for (int i = 0; i < unhashed; i++) {
        c.press("ArrowRight", 39);
      }
      assertEquals(String.valueOf(unhashed), c.eval("document.body.dataset.step").asText());
      assertTrue(count(c, "#graph .dnode.unhashed") >= 1);
      assertTrue(count(c, "#graph .dnode.negative") >= 1);
      assertTrue(count(c, "#graph .link.upper") >= 1);
      assertTrue(count(c, "#lockgraph svg .lockclass") >= 3);
      c.screenshot(SHOT);
      JsonNode errors = c.eval("window.ovlsimErrors");
      assertEquals(0, errors.size(), errors.toString());
      assertEquals(List.of(), c.problems());
    }
    assertTrue(Files.size(SHOT) > 10_000, SHOT + " is " + Files.size(SHOT) + " bytes");
  }

  private static int count(Chromium c, String selector) {
    return c.eval("document.querySelectorAll('" + selector + "').length").asInt();
  }
}
