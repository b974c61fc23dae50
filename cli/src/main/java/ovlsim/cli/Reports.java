package ovlsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovlsim.cli.inspect.Recording;
import ovlsim.cli.report.HtmlReport;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.explore.Explorer;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * The step-by-step report ({@code --html FILE}) of the commands: replays recorded on one
 * machine each, their lock-class graphs, the file written.
 */
final class Reports {
  private Reports() {}

  /** A schedule replayed with every step recorded, and what it showed. */
  record Recorded(Explorer.Replay replay, Recording recording) {}

  /**
   * Replays {@code schedule} on {@code version}, recording a snapshot at every step.
   *
   * @throws IllegalArgumentException when the schedule does not parse or fit
   */
  static Recorded replay(ScenarioRunner runner, OvlVersion version, String schedule) {
    Recording rec = new Recording();
    Explorer.Replay r = Explorer.replay(runner, version, schedule, rec.observer());
    return new Recorded(r, rec);
  }

  /** The report's run of a recorded replay of {@code runner}'s scenario. */
  static HtmlReport.Run run(ScenarioRunner runner, OvlVersion version, Recorded rec) {
    Explorer.Replay r = rec.replay();
    String title = runner.scenario().name() + " on " + version.optionName() + ", schedule "
        + r.schedule();
    List<String> notes = new ArrayList<>(runner.scenario().explain(r.outcome().name()));
    if (r.observations().failure() != null) {
      notes.add(Main.oneLine(r.observations().failure()));
    }
    return run(version.optionName(), title, r.outcome().name() + " ("
        + r.outcome().grade().word() + ")", notes, r.observations().values(), rec.recording());
  }

  /** A report's run of {@code recording}, with the lock-class graph of its kernel. */
  static HtmlReport.Run run(String label, String title, String outcome, List<String> notes,
      Map<String, String> observations, Recording recording) {
    Kernel k = recording.kernel();
    String svg = null;
    List<Map<String, String>> deps = new ArrayList<>();
    if (k != null) {
      Lockdep lockdep = Lockdep.of(k);
      List<Lockdep.Dependency> ds = lockdep.dependencies();
      Map<Lockdep.Dependency, List<String>> traces = new LinkedHashMap<>();
      for (Lockdep.Dependency d : ds) {
        traces.put(d, lockdep.trace(d));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("from", d.from());
        m.put("to", d.to());
        m.put("op", LockGraph.operation(traces.get(d)));
        deps.add(m);
      }
      svg = LockGraph.svg(label, lockdep.classes(), ds, traces, lockdep.reports());
    }
    return new HtmlReport.Run(label, title, outcome, notes, observations, svg, deps, recording);
  }

  /**
   * Writes the report; a file that cannot be written now (it was checked before the work) is
   * a one-line mistake.
   */
  static void write(String option, String file, String title, List<HtmlReport.Run> runs) {
    try {
      HtmlReport.write(Path.of(file), title, runs);
    } catch (IOException e) {
      throw new UsageException(option + " " + file + ": cannot write it: " + e.getMessage());
    }
  }
}
