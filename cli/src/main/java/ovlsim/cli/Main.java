package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code ovlsim} command's entry point. Exit codes:
 *
 * <ul>
 *   <li>{@value #OK}: every check held;
 *   <li>{@value #FAILED}: a check failed, or could not run (a skipped backend);
 *   <li>{@value #USAGE}: bad usage, found before any work starts: an unknown option, a bad
 *       value, a path that cannot be read or written;
 *   <li>{@value #INCOMPLETE}: nothing failed, but the check did not cover all it should
 *       ({@code explore} capped by {@code --max-schedules}, or shards missing from a merge);
 *   <li>{@value #INTERNAL}: an internal error, a bug of ovlsim ({@code EX_SOFTWARE} of
 *       {@code sysexits.h}).
 * </ul>
 *
 * A user mistake is one line on stderr naming the option or file and the reason, never a
 * stack trace. An internal error is one line too, saying where the full stack trace was
 * written: a file {@code ovlsim-internal-error-*.txt} in the folder of the run under way, or
 * in {@code java.io.tmpdir}.
 */
public final class Main {
  /** Exit code: every check held. */
  public static final int OK = 0;

  /** Exit code: a check failed, or could not run. */
  public static final int FAILED = 1;

  /** Exit code: bad usage (options, arguments, unreadable scripts, unwritable outputs). */
  public static final int USAGE = 2;

  /** Exit code: nothing failed, but not everything was checked (a capped search). */
  public static final int INCOMPLETE = 3;

  /** Exit code: an internal error (a bug); the stack trace is in a file. */
  public static final int INTERNAL = 70;

  /**
   * Where an internal error's stack trace goes: the folder of the run under way, once a
   * command made one; {@code java.io.tmpdir} before.
   */
  static volatile Path traceDir;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args}, printing to {@code out} and {@code err}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(commandLine(), args, out, err);
  }

  /** Runs {@code args} on {@code cl} (configured by {@link #configure}). */
  static int run(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    int code;
    try {
      code = cl.execute(args);
    } catch (RuntimeException | Error e) {
      // picocli passes what its handlers throw on; ours throw nothing, but be sure.
      code = internalError(cl, e);
    }
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line: exit codes and error handlers of every subcommand. */
  static CommandLine commandLine() {
    return configure(new CommandLine(new OvlsimCommand()));
  }

  /** Gives {@code cl} ovlsim's error handling and help layout. */
  static CommandLine configure(CommandLine cl) {
    cl.setUsageHelpAutoWidth(true);
    cl.setExecutionStrategy(Main::execute);
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      String name = c.getCommandSpec().qualifiedName();
      c.getErr().println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name
          + " --help')");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      if (ex instanceof UsageException) {
        c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()));
        return USAGE;
      }
      return internalError(c, ex);
    });
    return cl;
  }

  /**
   * Runs the command picocli parsed, refusing first what picocli lets through when a help
   * option is given: arguments no option or parameter takes ({@code demo --version v6}).
   */
  private static int execute(CommandLine.ParseResult parseResult) {
    List<String> all = parseResult.originalArgs();
    for (int i = 0; i + 1 < all.size(); i++) {
      String next = all.get(i + 1);
      if ((all.get(i).equals("--version") || all.get(i).equals("-V"))
          && (VersionCandidates.names().contains(next) || next.equals(VersionsConverter.ALL))) {
        // the overlay version option before it was renamed: taken as an operand, or ignored
        CommandLine.ParseResult last = parseResult;
        while (last.subcommand() != null) {
          last = last.subcommand();
        }
        throw new CommandLine.ParameterException(last.commandSpec().commandLine(),
            "-V/--version prints ovlsim's own version; the overlay version is"
                + " -O/--ovl-version " + next);
      }
    }
    for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      List<String> unmatched = pr.unmatched();
      if (!unmatched.isEmpty()) {
        CommandLine c = pr.commandSpec().commandLine();
        throw new CommandLine.ParameterException(c, "unmatched argument '" + unmatched.get(0)
            + "'");
      }
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** Prints the one line of an internal error and writes the stack trace to a file. */
  static int internalError(CommandLine c, Throwable ex) {
    StringWriter trace = new StringWriter();
    ex.printStackTrace(new PrintWriter(trace));
    String where;
    try {
      Path f = traceFile();
      Files.writeString(f, "ovlsim " + new OvlsimCommand.Version().getVersion()[0]
          + "\n" + trace, StandardCharsets.UTF_8);
      where = "the stack trace is in " + f;
    } catch (IOException | RuntimeException e) {
      where = "the stack trace could not be written (" + oneLine(String.valueOf(e)) + ")";
    }
    c.getErr().println(c.getCommandSpec().qualifiedName() + ": internal error: "
        + oneLine(String.valueOf(ex)) + "; " + where + " (exit " + INTERNAL + ")");
    c.getErr().flush();
    return INTERNAL;
  }

  private static Path traceFile() throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = traceDir != null && Files.isDirectory(traceDir) ? traceDir
        : Path.of(System.getProperty("java.io.tmpdir"));
    return Files.createTempFile(dir, "ovlsim-internal-error-" + stamp + "-", ".txt");
  }

  /** {@code s} on one line: a message is one line of stderr. */
  static String oneLine(String s) {
    return s == null ? "" : s.replace("\r", " ").replace('\n', ' ');
  }
}
