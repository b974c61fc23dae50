package ovlsim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovlsim.properties.workload.ConcurrentCheck;
import ovlsim.overlay.OvlVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim lockdep [--version v6|v7] [--seed S] [--tasks N] [--ops M] [--dot FILE]}: one
 * random concurrent workload on the model with lockdep on.
 */
@Command(
    name = "lockdep",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Runs one random workload of concurrent model tasks on the overlay with lockdep on, under a",
      "seeded scheduler (the same seed, the same interleaving), and prints the workload, every",
      "operation's outcome, the lock classes and their dependencies, any lockdep, deadlock or",
      "WARN_ON report, whether the outcomes are ones the reference allows, and one summary line.",
      "Exit 1 when a report appeared or an outcome check failed."
    })
final class LockdepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--version", paramLabel = "VERSION", converter = VersionConverter.class,
      description = "The overlay version (default: the newest).")
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
  Path dot;

  @Option(names = "--check", paramLabel = "allowed|linearizable|strict", defaultValue = "allowed",
      description = "How strictly outcomes are checked (default: ${DEFAULT-VALUE}).")
  String check;

  @Override
  public Integer call() throws IOException {
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
    boolean ok = LockdepRun.run(v, s, tasks, ops, mode, dot, spec.commandLine().getOut());
    return ok ? Main.OK : Main.FAILED;
  }
}
