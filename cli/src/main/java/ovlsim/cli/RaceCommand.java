package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.races.Race;
import ovlsim.races.RaceReport;
import ovlsim.races.RaceRunner;
import ovlsim.overlay.OvlVersion;
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
    subcommands = {RaceCommand.ListRaces.class, RaceCommand.Run.class})
final class RaceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: list or run");
  }

  /** {@code ovlsim race list}. */
  @Command(name = "list", description = "Name, one line, the versions where the bad outcome can"
      + " occur, and the scenario file (run it with 'ovlsim explore NAME').",
      mixinStandardHelpOptions = true)
  static final class ListRaces implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (Race r : Race.values()) {
        out.printf("%-26s %-8s %s%n", r.cliName(), "bad on " + r.badOn(), r.summary());
        out.printf("%-26s scenario races/scenarios/%s.scn%n", "", r.scenario());
      }
      out.printf("%d races; 'ovlsim explore NAME' explores a scenario's every interleaving%n",
          Race.values().length);
      return Main.OK;
    }
  }

  /** {@code ovlsim race run NAME|--all [--version v6|v7] [--mode sanity|quick|default]}. */
  @Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
      description = {
        "Runs harnesses under jcstress (HTML report under results/), prints the outcome table",
        "and one summary line per harness and version. Exit 1 when a forbidden outcome was seen."
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A race (see 'ovlsim race list').")
    String name;

    @Option(names = "--all", description = "Every race.")
    boolean all;

    @Option(names = "--version", paramLabel = "VERSION", converter = VersionConverter.class,
        description = "One overlay version (default: every version).")
    OvlVersion version;

    @Option(names = "--mode", paramLabel = "sanity|quick|default", defaultValue = "quick",
        description = "jcstress's mode (default: ${DEFAULT-VALUE}).")
    String mode;

    @Override
    public Integer call() throws IOException, InterruptedException {
      List<Race> races = races();
      List<OvlVersion> versions = versions();
      if (!RaceRunner.MODES.contains(mode)) {
        throw new ParameterException(spec.commandLine(),
            "--mode takes one of " + String.join(", ", RaceRunner.MODES) + ", not '" + mode + "'");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("running %d harness(es) on %s in jcstress mode %s ...%n",
          races.size(), versions.stream().map(OvlVersion::optionName).toList(), mode);
      out.flush();
      RaceRunner.Run run = new RaceRunner(Path.of("results")).run(races, versions, mode);
      out.println("jcstress report: " + run.dir().resolve("html/index.html"));
      boolean ok = RaceReport.print(run.results(), races, versions, out);
      return ok ? Main.OK : Main.FAILED;
    }

    private List<Race> races() {
      if (all == (name != null)) {
        throw new ParameterException(spec.commandLine(), "give a race NAME or --all");
      }
      if (all) {
        return Arrays.asList(Race.values());
      }
      return List.of(Race.byName(name).orElseThrow(() -> new ParameterException(
          spec.commandLine(), "no race '" + name + "' (one of " + String.join(", ", Race.names()) + ")")));
    }

    private List<OvlVersion> versions() {
      return version == null ? Arrays.asList(OvlVersion.values()) : List.of(version);
    }
  }
}
