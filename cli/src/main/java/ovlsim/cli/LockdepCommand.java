package ovlsim.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovlsim.overlay.OvlVersion;
import ovlsim.properties.workload.ConcurrentCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim lockdep [-O VERSION] [--seed S] [--tasks N] [--ops M] [--dot FILE]}: one
 * random concurrent workload on the model with lockdep on.
 */
@Command(
    name = "lockdep",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = OvlsimCommand.Version.class,
    description = {
      "Runs one random workload of concurrent model tasks on the overlay with lockdep on, under"
          + " a seeded scheduler (the same seed, the same interleaving).",
      "It prints the workload, every operation's outcome, the lock classes and their"
          + " dependencies, any lockdep, deadlock or WARN_ON report, whether the outcomes are"
          + " ones the reference allows, and one summary line; --dot writes the lock-class"
          + " graph for Graphviz (dot -Tsvg). Exit 1 when a report appeared or an outcome check"
          + " failed."
    })
final class LockdepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION",
      converter = VersionConverter.class, completionCandidates = VersionCandidates.class,
      description = "The overlay version: ${COMPLETION-CANDIDATES} (default: the newest).")
  OvlVersion version;

  @Option(names = "--seed", paramLabel = "S",
      description = "The workload's seed (default: a fresh one, printed).")
  Long seed;

  @Option(names = "--tasks", paramLabel = "N", defaultValue = "3",
      description = "How many tasks (1..16, default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--ops", paramLabel = "M", defaultValue = "4",
      description = "Operations per task (1..64, default: ${DEFAULT-VALUE}).")
  int ops;

  @Option(names = "--dot", paramLabel = "FILE",
      description = "Write the lock-class graph as Graphviz DOT to FILE.")
  String dot;

  @Option(names = "--check", paramLabel = "allowed|linearizable|strict", defaultValue = "allowed",
      description = "How strictly outcomes are checked (default: ${DEFAULT-VALUE}).")
  String check;

  @Override
  public Integer call() {
    if (dot != null) {
      Outputs.checkWritableFile("--dot", dot);
    }
    OvlVersion v = version == null ? OvlVersion.newest() : version;
    if (tasks < 1 || tasks > 16) {
      throw new ParameterException(spec.commandLine(), "--tasks takes 1..16, not " + tasks);
    }
    if (ops < 1 || ops > 64) {
      throw new ParameterException(spec.commandLine(), "--ops takes 1..64, not " + ops);
    }
    ConcurrentCheck.Mode mode;
    try {
      mode = ConcurrentCheck.Mode.valueOf(check.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--check takes allowed, linearizable or strict, not '" + check + "'");
    }
    long s = seed != null ? seed : System.nanoTime();
    Path dotPath = dot == null ? null : Path.of(dot);
    boolean ok = LockdepRun.run(v, s, tasks, ops, mode, dotPath, spec.commandLine().getOut());
    return ok ? Main.OK : Main.FAILED;
  }
}
