package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
import ovlsim.races.RaceReport;
import ovlsim.races.RaceRunner;
import ovlsim.races.RaceSummaryPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ovlsim race}: the jcstress race harnesses. */
@Command(
    name = "race",
    description = "The race harnesses: list them, or run them under jcstress.",
    mixinStandardHelpOptions = true,
    versionProvider = OvlsimCommand.Version.class,
    subcommands = {RaceCommand.ListRaces.class, RaceCommand.Run.class, HelpCommand.class})
final class RaceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: list or run");
  }

  /** {@code ovlsim race list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      versionProvider = OvlsimCommand.Version.class,
      description = "Lists the harnesses: name, the versions where the bad outcome can occur,"
          + " what each shows, and its scenario file (explore it with 'ovlsim explore NAME').")
  static final class ListRaces implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      int bad = Arrays.stream(Race.values()).mapToInt(r -> r.badOn().length()).max().orElse(0)
          + "bad on ".length();
      int name = Arrays.stream(Race.values()).mapToInt(r -> r.cliName().length()).max()
          .orElse(0);
      String row = "%-" + name + "s %-" + bad + "s %s%n";
      for (Race r : Race.values()) {
        out.printf(row, r.cliName(), "bad on " + r.badOn(), r.summary());
        out.printf(row, "", "", "scenario races/scenarios/" + r.scenario() + ".scn"
            + (r.hasHarness() ? "" : "; sequential: no jcstress harness, explore it"));
      }
      out.printf("%d races (%d with a jcstress harness); 'bad on' is read from each scenario"
          + " file's grades; 'ovlsim explore NAME' explores a scenario's every interleaving%n",
          Race.values().length, Race.withHarness().size());
      return Main.OK;
    }
  }

  /** {@code ovlsim race run NAME|--all [-O VERSION|all] [--mode M] [--results DIR]}. */
  @Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
      versionProvider = OvlsimCommand.Version.class,
      description = {
        "Runs harnesses under jcstress in a child JVM and prints, per harness and version, the"
            + " outcome table and one summary line.",
        "Each run gets a folder of its own (printed first): jcstress's HTML report and log, and"
            + " summary.html, a page of this run's own with each harness's scenario, its"
            + " outcomes and their meaning, and a red mark wherever a harness's bad outcome"
            + " was seen. Progress, with an estimate of the time left, shows on a terminal as"
            + " a status line and elsewhere as plain lines. Stopping ovlsim (Ctrl-C, SIGTERM)"
            + " stops jcstress and the JVMs it forked.",
        "Exit 1 when a forbidden outcome was seen or a harness produced no samples."
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME",
        description = "A race (see 'ovlsim race list').")
    String name;

    @Option(names = "--all", description = "Every race with a jcstress harness.")
    boolean all;

    @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION|all",
        converter = VersionsConverter.class, completionCandidates = VersionCandidates.WithAll.class,
        description = "The overlay version to run on: ${COMPLETION-CANDIDATES} (default: all,"
            + " every version).")
    List<OvlVersion> versions;

    @Option(names = "--mode", paramLabel = "sanity|quick|default", defaultValue = "quick",
        description = "jcstress's mode (default: ${DEFAULT-VALUE}). On 2 CPUs sanity takes"
            + " seconds, quick about a minute per harness and version, default several minutes.")
    String mode;

    @Option(names = "--results", paramLabel = "DIR",
        description = "The run's folder: a new or empty directory (default: a fresh folder"
            + " under ./results).")
    String results;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Outputs.checkResults(results);
      List<Race> races = races(spec, all, name);
      List<OvlVersion> vs = versions == null ? Arrays.asList(OvlVersion.values()) : versions;
      if (!RaceRunner.MODES.contains(mode)) {
        throw new ParameterException(spec.commandLine(),
            "--mode takes one of " + String.join(", ", RaceRunner.MODES) + ", not '" + mode + "'");
      }
      Path dir = Outputs.resultsFolder(results, "race");
      PrintWriter out = spec.commandLine().getOut();
      boolean ok = runAndReport(dir, races, vs, mode, List.of(),
          Progress.estimate(mode, races.size() * vs.size()), out);
      return ok ? Main.OK : Main.FAILED;
    }
  }

  /** The races {@code NAME|--all} name. */
  static List<Race> races(CommandSpec spec, boolean all, String name) {
    if (all == (name != null)) {
      throw new ParameterException(spec.commandLine(), "give a race NAME or --all");
    }
    if (all) {
      return Race.withHarness();
    }
    Race race = Race.byName(name).orElseThrow(() -> new ParameterException(
        spec.commandLine(), "no race '" + name + "' (one of " + String.join(", ", Race.names())
            + ")"));
    if (!race.hasHarness()) {
      throw new ParameterException(spec.commandLine(), "race '" + name + "' is sequential"
          + " (one task): it has no jcstress harness; run 'ovlsim explore " + name + "'");
    }
    return List.of(race);
  }

  /**
   * Runs {@code races} on {@code versions} into {@code dir}, with progress, then prints where
   * the reports are and the outcome tables and summaries.
   *
   * @param estimate how long it should take, for the progress until jcstress has an estimate
   * @return no forbidden outcome, and every harness ran (false when jcstress left no results:
   *     a check that could not run)
   */
  static boolean runAndReport(Path dir, List<Race> races, List<OvlVersion> versions,
      String mode, List<String> extra, Duration estimate, PrintWriter out)
      throws IOException, InterruptedException {
    Main.traceDir = dir;
    out.println("results: " + dir);
    Progress progress = new Progress(out, System.console() != null, races, versions, estimate);
    out.printf("running %s in jcstress mode %s ...%n", progress.plan(), mode);
    out.flush();
    RaceRunner.Run run;
    try {
      run = new RaceRunner(dir).run(races, versions, mode, extra, progress);
    } catch (RaceRunner.NoResultsException e) {
      out.println(e.getMessage());
      return false;
    } finally {
      progress.end();
    }
    Path page = dir.resolve("summary.html");
    RaceSummaryPage.write(page, run.results(), races, versions, mode);
    out.println("summary: " + page);
    for (OvlVersion v : versions) {
      out.println("jcstress report " + v.optionName() + ": "
          + dir.resolve(v.optionName()).resolve("html/index.html"));
    }
    return RaceReport.print(run.results(), races, versions, out);
  }
}
