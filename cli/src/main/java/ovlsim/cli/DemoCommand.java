package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.races.AlViroReplay;
import ovlsim.races.Race;
import ovlsim.races.RaceReport;
import ovlsim.races.RaceRunner;
import ovlsim.kernel.BugLog;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim demo}: Al Viro's copy-up vs rename+unlink race, replayed step by step on every
 * version with the schedule-point hook, then a short jcstress run of the same harness.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Replays the copy-up vs rename+unlink race of the 2011 review step by step on v6 and v7",
      "(deterministic: task A is parked at " + OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK
          + " while B runs), printing",
      "the A | B timeline of locks, the merged directory and the upper layer; then a short",
      "jcstress run of the same harness with real threads."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--no-jcstress", description = "Only the deterministic replay.")
  boolean noJcstress;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Lower layer: d/f = \"lower data\". Upper layer: d/. Overlay on /mnt.");
    out.println("Task A: open(\"d/f\", O_RDWR)  -- parked at " + AlViroReplay.POINT);
    out.println("Task B: rename(\"d/f\", \"d/g\"); unlink(\"d/g\")  -- then A goes on");
    out.println();
    boolean allAsExpected = true;
    StringBuilder summary = new StringBuilder("demo:");
    for (OvlVersion v : OvlVersion.values()) {
      AlViroReplay.Result r = AlViroReplay.replay(v);
      summary.append(' ').append(v.optionName()).append(' ').append(r.outcome()).append(';');
      out.println("=== " + v.optionName() + " ===");
      out.print(r.timeline());
      out.println();
      var obs = r.observations();
      out.printf("A open: %s   B rename : unlink: %s   (schedule %s)%n", obs.get("A.1"),
          obs.get("B.1"), r.schedule());
      out.println("merged /mnt/d : " + obs.get("d"));
      out.println("upper /upper/d: " + obs.get("upper-d"));
      if (!obs.get("g").startsWith("E")) {
        out.println("d/g reads     : \"" + obs.get("g") + "\"  <- the unlinked file, back with the lower data");
      }
      for (BugLog.Entry e : r.bugs()) {
        out.println(e.kind() == BugLog.Kind.WARNING ? "WARN_ON       : " + e.message()
            : "BUG           : " + e.message());
      }
      out.println("outcome       : " + r.outcome());
      for (String line : AlViroReplay.explain(r.outcome())) {
        out.println("  " + line);
      }
      out.println();
    }
    if (!noJcstress) {
      Race race = Race.COPYUP_VS_RENAME_UNLINK;
      out.println("A short jcstress run of " + race.cliName()
          + " (real threads, 5 s per version; the full run is 'ovlsim race run') ...");
      out.flush();
      RaceRunner.Run run = new RaceRunner(Path.of("results")).run(List.of(race),
          List.of(OvlVersion.values()), "sanity", List.of("-jvmArgs", "-Xms256m -Xmx512m", "-f", "1", "-fsm", "1", "-iters", "1", "-time", "5000"));
      allAsExpected = RaceReport.print(run.results(), List.of(race), List.of(OvlVersion.values()), out);
    }
    out.println(summary.append(allAsExpected ? " jcstress: no forbidden outcome"
        : " jcstress: a forbidden outcome was seen"));
    return allAsExpected ? Main.OK : Main.FAILED;
  }
}
