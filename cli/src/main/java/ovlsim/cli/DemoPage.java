package ovlsim.cli;

import java.util.ArrayList;
import java.util.List;
import ovlsim.cli.report.HtmlReport;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.CopyUpVsRenameUnlink;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.ScenarioRunner;

/** {@code ovlsim demo --html FILE}: the demo's replay, step by step, one tab per version. */
final class DemoPage {
  private DemoPage() {}

  /** Records the scenario's replay on each of {@code versions} and writes the page. */
  static void write(String file, List<OvlVersion> versions) {
    ScenarioRunner runner = Catalogue.prepared(CopyUpVsRenameUnlink.SCENARIO);
    String schedule = runner.scenario().replay();
    List<HtmlReport.Run> runs = new ArrayList<>();
    for (OvlVersion v : versions) {
      runs.add(Reports.run(runner, v, Reports.replay(runner, v, schedule)));
    }
    Reports.write("--html", file, "ovlsim demo: Al Viro's copy-up vs rename+unlink, step by"
        + " step", runs);
  }
}
