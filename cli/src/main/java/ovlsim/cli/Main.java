package ovlsim.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code ovlsim} command's entry point. Exit codes: 0 success, 1 a check failed (or could
 * not run), 2 bad usage. A user mistake is one line on stderr, never a stack trace; only an
 * internal error prints one.
 */
public final class Main {
  /** Exit code: every check held. */
  public static final int OK = 0;

  /** Exit code: a check failed, or could not run. */
  public static final int FAILED = 1;

  /** Exit code: bad usage (options, arguments, unreadable scripts). */
  public static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args}, printing to {@code out} and {@code err}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line: exit codes and error handlers of every subcommand. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new OvlsimCommand());
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
          + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      if (ex instanceof UsageException) {
        c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        return USAGE;
      }
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": internal error: " + ex);
      ex.printStackTrace(c.getErr());
      return FAILED;
    });
    return cl;
  }
}
