package ovlsim.kernel;

/** The signal numbers the model sends ({@code <asm-generic/signal.h>}, x86-64 values). */
public final class Signals {
  /** Killed: fatal, never handled. */
  public static final int SIGKILL = 9;

  /** A write to a pipe or FIFO with no reader ({@code pipe_write()}). */
  public static final int SIGPIPE = 13;

  /** {@code _NSIG}: the highest signal number. */
  public static final int NSIG = 64;

  private Signals() {}

  /** Port of {@code sigmask()}: the bit of {@code sig} in a signal set. */
  static long sigmask(int sig) {
    return 1L << (sig - 1);
  }
}
