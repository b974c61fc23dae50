package ovlsim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import ovlsim.races.explore.Explorer;

/**
 * How {@code ovlsim explore} shows its progress, on stderr (its stdout may be JSON): per
 * scenario and version, the bound under way, the schedules explored, their rate, and a rough
 * estimate of the schedules and the time left at this bound ({@link Explorer.Status#estimateAtK}).
 * On a terminal one status line rewritten in place a few times a second, gone when the search
 * ends; elsewhere (a pipe, a CI log) a plain line every few seconds, as a race run does
 * ({@link Progress}).
 */
final class ExploreProgress implements Explorer.Progress {
  private static final Duration TERMINAL_EVERY = Duration.ofMillis(200);
  private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

  private final PrintWriter err;
  private final boolean terminal;
  private final long everyNanos;
  private String label;
  private long start;
  private long last;
  private int statusWidth;

  /** Progress on {@code err}, every 200 ms on a terminal, every 5 s otherwise. */
  ExploreProgress(PrintWriter err, boolean terminal) {
    this(err, terminal, terminal ? TERMINAL_EVERY : PLAIN_EVERY);
  }

  /** Progress on {@code err} at most once per {@code every}. */
  ExploreProgress(PrintWriter err, boolean terminal, Duration every) {
    this.err = err;
    this.terminal = terminal;
    this.everyNanos = every.toNanos();
  }

  /** A search of {@code what} ({@code NAME VERSION}) begins. */
  void begin(String what) {
    label = what;
    start = System.nanoTime();
    last = start;
  }

  @Override
  public void explored(Explorer.Status s) {
    long now = System.nanoTime();
    if (now - last < everyNanos) {
      return;
    }
    last = now;
    String line = line(s, now - start);
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, statusWidth - line.length())));
      statusWidth = line.length();
    } else {
      err.println("progress: " + line);
    }
    err.flush();
  }

  /** The words for {@code s} after {@code elapsedNanos}. */
  String line(Explorer.Status s, long elapsedNanos) {
    double rate = s.explored() / Math.max(elapsedNanos / 1e9, 1e-9);
    long more = Math.max(0, s.estimateAtK() - s.atK());
    Duration left = Duration.ofSeconds(Math.round(more / Math.max(rate, 1e-9)));
    return String.format(Locale.ROOT, "%s: bound %d, %,d schedules (%,.0f/s), about %,d more"
        + " at this bound, about %s left", label, s.k(), s.explored(), rate, more,
        Progress.say(left));
  }

  /** The search ended: the status line goes. */
  void end() {
    if (terminal && statusWidth > 0) {
      err.print("\r" + " ".repeat(statusWidth) + "\r");
      statusWidth = 0;
      err.flush();
    }
  }
}
