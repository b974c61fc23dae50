package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.kernel.BugLog;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.AlViroReplay;
import ovlsim.races.Race;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim demo}: Al Viro's copy-up vs rename+unlink race, replayed step by step on every
 * version with the schedule-point hook, then a short jcstress run of the same harness.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = OvlsimCommand.Version.class,
    description = {
      "Replays Al Viro's copy-up vs rename+unlink race of the 2011 review step by step on v7 as"
          + " posted (the code he reviewed) and on v7-fix (with Miklos's fix from the thread),"
          + " then runs the same harness under jcstress for a few seconds.",
      "The replay is deterministic: task A is parked at " + OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK
          + " while task"
          + " B renames and unlinks the file, then A goes on. For each version it prints the"
          + " A | B timeline of every lock taken, the merged directory and the upper layer, and"
          + " what the outcome means, part by part (the README and docs/races.md say what each"
          + " version shows). The jcstress run (5 s per version, with real threads) writes its"
          + " reports to a folder of its own, as 'race run' does."
    })
final class DemoCommand implements Callable<Integer> {
  /**
   * What {@code demo} shows without {@code -O}: the race on v7 as posted (the code of the
   * review) and its closing on v7-fix. v6 is left out by default: its {@code ovl_copy_up_one()}
   * is v7's, so its column would repeat v7's ({@code -O v6} or {@code -O all} shows it).
   */
  static final List<OvlVersion> DEFAULT_VERSIONS = List.of(OvlVersion.V7, OvlVersion.V7_FIX);

  @Spec CommandSpec spec;

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION|all",
      converter = VersionsConverter.class, completionCandidates = VersionCandidates.WithAll.class,
      description = "The overlay version to replay: ${COMPLETION-CANDIDATES} (default: v7 and"
          + " v7-fix, the code Al Viro reviewed and the fix of the review; v6 behaves as v7"
          + " here).")
  List<OvlVersion> versions;

  @Option(names = "--no-jcstress", description = "Only the deterministic replay.")
  boolean noJcstress;

  @Option(names = "--results", paramLabel = "DIR",
      description = "The jcstress run's folder: a new or empty directory (default: a fresh"
          + " folder under ./results).")
  String results;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write each version's replay step by step as one self-contained web"
          + " page (timeline, dentries, layers, locks at every step) to FILE.")
  String html;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (!noJcstress) {
      Outputs.checkResults(results);
    }
    if (html != null) {
      Outputs.checkWritableFile("--html", html);
    }
    List<OvlVersion> vs = versions == null ? DEFAULT_VERSIONS : versions;
    Path dir = noJcstress ? null : Outputs.resultsFolder(results, "demo");
    PrintWriter out = spec.commandLine().getOut();
    out.println("Lower layer: d/f = \"lower data\". Upper layer: d/. Overlay on /mnt.");
    out.println("Task A: open(\"d/f\", O_RDWR)  -- parked at " + AlViroReplay.POINT);
    out.println("Task B: rename(\"d/f\", \"d/g\"); unlink(\"d/g\")  -- then A goes on");
    out.println();
    boolean allAsExpected = true;
    StringBuilder summary = new StringBuilder("demo:");
    for (OvlVersion v : vs) {
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
      out.flush();
    }
    if (html != null) {
      DemoPage.write(html, vs);
      out.println("The replays step by step: " + html);
    }
    if (!noJcstress) {
      Race race = Race.COPYUP_VS_RENAME_UNLINK;
      out.println("A short jcstress run of " + race.cliName()
          + " (real threads, 5 s per version; the full run is 'ovlsim race run') ...");
      // one JVM configuration, a normal and a stress fork of 5 s each per version
      allAsExpected = RaceCommand.runAndReport(dir, List.of(race), vs, "sanity",
          List.of("-jvmArgs", "-Xms256m -Xmx512m", "-f", "1", "-fsm", "1", "-iters", "1",
              "-time", "5000"), Duration.ofSeconds(6 + 11L * vs.size()), out);
    }
    out.println(summary.append(noJcstress ? "" : allAsExpected
        ? " jcstress: no forbidden outcome" : " jcstress: a forbidden outcome was seen"));
    return allAsExpected ? Main.OK : Main.FAILED;
  }
}
