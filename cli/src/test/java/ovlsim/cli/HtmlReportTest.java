package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovlsim.cli.report.HtmlReport;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.CopyUpVsRenameUnlink;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's page without a browser: one file that names nothing outside it, whose data are
 * the recording's steps; the lock-class SVG with a cycle's closing dependency in red; the
 * commands' {@code --html}.
 */
class HtmlReportTest {
  @TempDir Path tmp;

  private static final Pattern DATA = Pattern.compile(
      "<script id=\"ovlsim-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);

  @Test
  void thePageIsSelfContainedAndCarriesEveryStep() throws IOException {
    ScenarioRunner runner = Catalogue.prepared(CopyUpVsRenameUnlink.SCENARIO);
    Reports.Recorded rec = Reports.replay(runner, OvlVersion.V6, runner.scenario().replay());
    HtmlReport.Run run0 = Reports.run(runner, OvlVersion.V6, rec);
    // text that would end the data's script element, or open a comment in it
    HtmlReport.Run tricky = new HtmlReport.Run(run0.label(), "</script><!-- x", run0.outcome(),
        List.of("</SCRIPT> <!--"), run0.observations(), run0.lockSvg(), run0.dependencies(),
        run0.recording());
    String page = HtmlReport.html("t <&>", List.of(tricky));
    assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
    assertTrue(page.contains("<title>t &lt;&amp;&gt;</title>"));
    for (String outside : new String[] {"<link", " src=", "@import", "url(http", "fetch(",
        "XMLHttpRequest", "<iframe"}) {
      assertFalse(page.contains(outside), outside);
    }
    Matcher http = Pattern.compile("https?:").matcher(page);
    while (http.find()) {
      assertTrue(page.startsWith("http://www.w3.org/2000/svg", http.start()),
          page.substring(http.start(), Math.min(page.length(), http.start() + 60)));
    }
    Matcher m = DATA.matcher(page);
    assertTrue(m.find());
    JsonNode data = new ObjectMapper().readTree(m.group(1));
    JsonNode run = data.get("runs").get(0);
    assertEquals("</script><!-- x", run.get("title").asText());
    assertEquals("</SCRIPT> <!--", run.get("notes").get(0).asText());
    assertEquals(rec.recording().steps().size(), run.get("steps").size());
    assertEquals("A", run.get("tasks").get(0).asText());
    assertEquals("(start)", run.get("steps").get(0).get("point").asText());
    assertEquals("(end)", run.get("steps").get(run.get("steps").size() - 1).get("point")
        .asText());
    assertTrue(run.get("lockSvg").asText().startsWith("<svg"));
    assertTrue(run.get("outcome").asText().startsWith("resurrected"), run.get("outcome")
        .asText());
    // every recorded step of a task is in the timeline the explorer prints
    String timeline = rec.replay().timeline();
    rec.recording().steps().stream().filter(s -> s.task() != null)
        .forEach(s -> assertTrue(timeline.contains(s.point()), s.point()));
  }

  @Test
  void theLockGraphDrawsTheDependencyThatClosedACycleInRed() {
    String a = "&type->i_mutex_key#upperfs/0";
    String b = "&type->i_mutex_dir_key#upperfs/1";
    List<Lockdep.Dependency> deps = List.of(new Lockdep.Dependency(a, b));
    // taking a while holding b: the chain a -> b exists, b -> a would close the cycle
    LockdepReport circular = new LockdepReport(LockdepReport.Kind.CIRCULAR, List.of(a, b),
        "circular");
    String svg = LockGraph.svg("test", List.of(a, b), deps, Map.of(), List.of(circular));
    assertTrue(svg.contains("<g class=\"dep in-cycle\" data-order=\"0\">"), svg);
    Matcher cycle = Pattern.compile("<g class=\"cycle\" data-report=\"0\"><path [^>]*stroke=\"#d00\""
        + "[^>]*stroke-dasharray").matcher(svg);
    assertTrue(cycle.find(), svg);
    assertTrue(svg.contains(LockGraph.xml(b + " -> " + a) + ": the dependency that closed the"
        + " cycle"), svg);
    String none = LockGraph.svg("test", List.of(a, b), deps, Map.of(), List.of());
    assertFalse(none.contains("class=\"cycle\""), none);
    assertFalse(none.contains("#d00\" stroke-width"), none);
  }

  @Test
  void demoAndExploreWriteThePageAndRefuseAnHtmlWithoutAReplay() throws IOException {
    Path demo = tmp.resolve("demo.html");
    MainTest.Run d = MainTest.run("demo", "--no-jcstress", "--html", demo.toString());
    assertEquals(0, d.code(), d.err());
    Matcher m = DATA.matcher(Files.readString(demo));
    assertTrue(m.find());
    assertEquals(DemoCommand.DEFAULT_VERSIONS.size(),
        new ObjectMapper().readTree(m.group(1)).get("runs").size());
    MainTest.Run e = MainTest.run("explore", "copyup-vs-rename-unlink", "--html",
        tmp.resolve("x.html").toString());
    assertEquals(2, e.code());
    assertTrue(e.err().contains("--html goes with --replay"), e.err());
    assertFalse(Files.exists(tmp.resolve("x.html")));
  }
}
