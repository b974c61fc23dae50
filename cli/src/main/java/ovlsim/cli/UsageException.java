package ovlsim.cli;

/**
 * A user mistake found while a subcommand runs (a missing file, a script that does not
 * parse): printed as one line, exit code {@link Main#USAGE}, no stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
