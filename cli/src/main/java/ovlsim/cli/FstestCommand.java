package ovlsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovlsim.conformance.FstCheck;
import ovlsim.conformance.Scripts;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.conformance.backend.ModelBackend;
import ovlsim.conformance.deviation.Deviations;
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
    description = {
      "Runs fstest scripts (.fst) on the model, on the running kernel's overlayfs, or on both.",
      "Prints 'ok N' or 'not ok N - FILE:LINE: ...' per expectation and one summary line;",
      "with --against both, also a '# differ' line wherever model and kernel disagree.",
      "Exit 0 only when every expectation held everywhere it was asked to run."
    },
    sortOptions = false)
final class FstestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--against", paramLabel = "model|kernel|both", defaultValue = "model",
      description = "Where to run the scripts (default: ${DEFAULT-VALUE}). The kernel needs"
          + " root and overlayfs; where it cannot run it says why and counts as skipped.")
  String against;

  @Option(names = "--version", paramLabel = "VERSION", converter = VersionConverter.class,
      description = "The overlay version the model runs (default: the newest).")
  OvlVersion version;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
      description = "Scripts, or directories searched for *.fst.")
  List<Path> paths;

  @Override
  public Integer call() {
    FstCheck.Against where;
    try {
      where = FstCheck.Against.valueOf(against.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--against takes model, kernel or both, not '" + against + "'");
    }
    OvlVersion v = version == null ? OvlVersion.newest() : version;
    List<Path> files;
    try {
      files = Scripts.find(paths);
    } catch (Scripts.BadPathException e) {
      throw new UsageException(e.getMessage());
    }
    Scripts.Parsed parsed = Scripts.parse(files);
    if (!parsed.errors().isEmpty()) {
      parsed.errors().forEach(m -> spec.commandLine().getErr().println(m));
      throw new UsageException(parsed.errors().size() + " script"
          + (parsed.errors().size() == 1 ? "" : "s") + " could not be read");
    }
    String kernelWhy = where == FstCheck.Against.MODEL ? null : KernelBackend.availability();
    FstCheck.Summary s = FstCheck.run(parsed.scripts(), where, ModelBackend.of(v),
        new KernelBackend(), Deviations.load(), kernelWhy, spec.commandLine().getOut());
    return s.ok() ? Main.OK : Main.FAILED;
  }
}
