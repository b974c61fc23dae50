package ovlsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovlsim.conformance.FstCheck;
import ovlsim.conformance.Scripts;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.conformance.backend.ModelBackend;
import ovlsim.conformance.deviation.Deviations;
import ovlsim.conformance.report.ReportFormat;
import ovlsim.overlay.OvlVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ovlsim fstest}: runs {@code .fst} scripts on the model, the kernel, or both. */
@Command(
    name = "fstest",
    mixinStandardHelpOptions = true,
    versionProvider = OvlsimCommand.Version.class,
    sortOptions = false,
    description = {
      "Runs fstest scripts (.fst) on the model, on the running kernel's overlayfs, or on both.",
      "The report is TAP version 14 (what prove reads): the plan, then one test point per"
          + " expectation, numbered over the whole run and printed as soon as it ran, with"
          + " diagnostics as # lines (expected and actual results, and with --against both"
          + " where model and kernel differ), and a last # line with the counts. A script"
          + " that does not parse, or whose setup fails, is a failed point naming its file"
          + " and line, and the other scripts still run. --format junit or json writes the"
          + " same run as JUnit XML or as JSON lines.",
      "Exit 0 only when every expectation held everywhere it was asked to run; 1 when one"
          + " failed or could not run; 2 when a path names no readable UTF-8 script."
    })
final class FstestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--against", paramLabel = "model|kernel|both", defaultValue = "model",
      description = "Where to run the scripts (default: ${DEFAULT-VALUE}). The kernel needs"
          + " root and overlayfs; where it cannot run it says why and its points are skipped.")
  String against;

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION",
      converter = VersionConverter.class, completionCandidates = VersionCandidates.class,
      description = "The overlay version the model runs: ${COMPLETION-CANDIDATES} (default:"
          + " the newest).")
  OvlVersion version;

  @Option(names = "--format", paramLabel = "tap|junit|json", defaultValue = "tap",
      description = "The report's format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--list",
      description = "List the scripts and how many expectations each has, and run nothing.")
  boolean list;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
      description = "Scripts, or directories searched for *.fst.")
  List<String> paths;

  @Override
  public Integer call() {
    FstCheck.Against where;
    try {
      where = FstCheck.Against.valueOf(against.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--against takes model, kernel or both, not '" + against + "'");
    }
    ReportFormat fmt = ReportFormat.byName(format).orElseThrow(() -> new ParameterException(
        spec.commandLine(), "--format takes tap, junit or json, not '" + format + "'"));
    OvlVersion v = version == null ? OvlVersion.newest() : version;
    List<Path> given = new ArrayList<>();
    for (String p : paths) {
      given.add(Outputs.path("FILE|DIR", p));
    }
    List<Scripts.Item> items;
    try {
      items = Scripts.load(given);
    } catch (Scripts.BadPathException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      return list(items, out);
    }
    String kernelWhy = where == FstCheck.Against.MODEL ? null : KernelBackend.availability();
    List<String> preamble = where == FstCheck.Against.MODEL ? List.of() : KernelBackend.cleanedUp();
    FstCheck.Summary s = FstCheck.run(items, where, ModelBackend.of(v), new KernelBackend(),
        Deviations.load(), kernelWhy, preamble, fmt.on(out));
    return s.ok() ? Main.OK : Main.FAILED;
  }

  private static int list(List<Scripts.Item> items, PrintWriter out) {
    long expectations = 0;
    int bad = 0;
    for (Scripts.Item i : items) {
      if (i.script() == null) {
        bad++;
        out.println(i.name() + ": does not parse: " + i.error().getMessage());
      } else {
        int n = i.script().expectations().size();
        expectations += n;
        out.printf("%s: %d expectation%s%n", i.name(), n, n == 1 ? "" : "s");
      }
    }
    out.printf("%d script%s, %d expectation%s%s%n", items.size(), items.size() == 1 ? "" : "s",
        expectations, expectations == 1 ? "" : "s",
        bad == 0 ? "" : ", " + bad + " that do" + (bad == 1 ? "es" : "") + " not parse");
    out.flush();
    return bad == 0 ? Main.OK : Main.FAILED;
  }
}
