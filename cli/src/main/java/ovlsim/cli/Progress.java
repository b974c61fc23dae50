package ovlsim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
import ovlsim.races.RaceRunner;

/**
 * How a jcstress run shows its progress, per harness and version, with an estimate of the time
 * left: on a terminal one status line rewritten in place, and a line for each harness run
 * that ends; elsewhere (a pipe, a CI log) plain lines, one per harness run that ends and one a
 * minute at most between them. The estimate of the time left comes from jcstress's progress
 * once there is some ({@link #timeLeft}), before that from {@link #estimate}.
 */
final class Progress implements RaceRunner.Listener {
  private static final Duration PLAIN_EVERY = Duration.ofMinutes(1);

  private final PrintWriter out;
  private final boolean terminal;
  /** jcstress test name -> "race version", in run order. */
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, Integer> done = new LinkedHashMap<>();
  private final long startNanos = System.nanoTime();
  private final Duration estimate;
  private int planned;
  private int resultsDone;
  private Duration left;
  private long lastPlain = System.nanoTime();
  private int finished;
  private int statusWidth;

  Progress(PrintWriter out, boolean terminal, List<Race> races, List<OvlVersion> versions,
      Duration estimate) {
    this.out = out;
    this.terminal = terminal;
    for (Race r : races) {
      for (OvlVersion v : versions) {
        labels.put(r.resultKey(v), r.cliName() + " " + v.optionName());
        done.put(r.resultKey(v), 0);
      }
    }
    this.estimate = estimate;
  }

  /**
   * What a run of {@code runs} harness runs in {@code mode} takes on a 2-CPU machine: JVM start
   * and jcstress's probing, then per harness and version. Sanity and quick are measured (the
   * README's table); default is a guess, which jcstress's progress soon replaces.
   */
  static Duration estimate(String mode, int runs) {
    return switch (mode) {
      case "sanity" -> Duration.ofSeconds(5 + 4L * runs);
      case "quick" -> Duration.ofSeconds(10 + 65L * runs);
      default -> Duration.ofSeconds(10 + 300L * runs);
    };
  }

  /** {@code d} as people say it: {@code 45 s}, {@code 3 min 20 s}, {@code 1 h 5 min}. */
  static String say(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    return s / 3600 + " h " + (s % 3600) / 60 + " min";
  }

  /** The line printed before the run. */
  String plan() {
    return labels.size() + " harness run" + (labels.size() == 1 ? "" : "s")
        + " (harness x version); about " + say(estimate) + " on a 2-CPU machine";
  }

  private int perTest() {
    return planned == 0 ? 0 : Math.max(1, planned / labels.size());
  }

  /**
   * The time left: once results come in, the larger of jcstress's estimate and the elapsed
   * time scaled by the results still to come (jcstress's alone runs short when its first
   * batches are quick); before, the measured {@link #estimate} less the time elapsed.
   */
  private Duration timeLeft() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    if (planned > 0 && resultsDone > 0) {
      Duration projected = elapsed.multipliedBy(Math.max(0, planned - resultsDone))
          .dividedBy(resultsDone);
      return left == null || projected.compareTo(left) > 0 ? projected : left;
    }
    if (left != null) {
      return left;
    }
    Duration rest = estimate.minus(elapsed);
    return rest.isNegative() ? Duration.ZERO : rest;
  }

  @Override
  public synchronized void started(long pid) {
    say("started jcstress (pid " + pid + ")");
  }

  @Override
  public synchronized void result(String test, String status) {
    Integer n = done.get(test);
    if (n == null) {
      return;
    }
    done.put(test, n + 1);
    resultsDone++;
    if (perTest() > 0 && n + 1 == perTest()) {
      finished++;
      say(labels.get(test) + " done (" + (n + 1) + " results); " + finished + " of "
          + labels.size() + " harness runs done, about " + say(timeLeft()) + " left");
    } else {
      status();
    }
  }

  @Override
  public synchronized void progress(int planned, int resultsDone, Duration left) {
    this.planned = planned;
    this.resultsDone = Math.max(this.resultsDone, resultsDone);
    this.left = left;
    if (terminal) {
      status();
    } else if (System.nanoTime() - lastPlain >= PLAIN_EVERY.toNanos()) {
      say(this.resultsDone + "/" + planned + " results, " + finished + " of " + labels.size()
          + " harness runs done, about " + say(timeLeft()) + " left");
    }
  }

  /** A line that stays; on a terminal the status line is drawn again below it. */
  private void say(String line) {
    if (terminal) {
      clear();
      out.println("progress: " + line);
      status();
    } else {
      out.println("progress: " + line);
      lastPlain = System.nanoTime();
    }
    out.flush();
  }

  private void status() {
    if (!terminal) {
      return;
    }
    StringBuilder sb = new StringBuilder("  ");
    if (planned > 0) {
      int width = 20;
      int filled = (int) ((long) width * resultsDone / Math.max(1, planned));
      sb.append('[').append("#".repeat(filled)).append("-".repeat(width - filled)).append("] ")
          .append(resultsDone).append('/').append(planned).append(" results");
    } else {
      sb.append("starting");
    }
    for (Map.Entry<String, Integer> e : done.entrySet()) {
      if (e.getValue() > 0 && (perTest() == 0 || e.getValue() < perTest())) {
        sb.append(" | ").append(labels.get(e.getKey())).append(' ').append(e.getValue());
        if (perTest() > 0) {
          sb.append('/').append(perTest());
        }
      }
    }
    sb.append(" | about ").append(say(timeLeft())).append(" left");
    String line = sb.toString();
    out.print("\r" + line + " ".repeat(Math.max(0, statusWidth - line.length())));
    statusWidth = line.length();
    out.flush();
  }

  private void clear() {
    if (statusWidth > 0) {
      out.print("\r" + " ".repeat(statusWidth) + "\r");
      statusWidth = 0;
    }
  }

  /** The run ended: the status line goes. */
  synchronized void end() {
    if (terminal) {
      clear();
      out.flush();
    }
  }
}
