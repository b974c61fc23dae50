package ovlsim.races;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ovlsim.overlay.OvlVersion;

/**
 * Runs race harnesses under jcstress in a child JVM (jcstress forks its own JVMs and must own
 * the process), follows its progress, then reads what it observed. A run keeps everything in
 * the one folder it is given: jcstress's HTML report in {@code html/}, its console output in
 * {@code jcstress.log}, its result blob, and {@code summary.html} ({@link RaceSummaryPage}).
 *
 * <p>The child runs {@link JcstressChild}, which ends the run when this JVM goes away; while the
 * child runs, a shutdown hook of this JVM (SIGTERM, SIGINT) stops it and every JVM it forked.
 */
public final class RaceRunner {
  /** jcstress's test mode presets that {@code --mode} accepts. */
  public static final List<String> MODES = List.of("sanity", "quick", "default");

  private static final Pattern RESULT =
      Pattern.compile("\\[([A-Z][A-Z _-]*)\\]\\s+(ovlsim\\.races\\.\\S+)\\s*$");
  private static final Pattern PLANNED =
      Pattern.compile("\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft"
          + " errs, (\\d+) hard errs\\)");
  private static final Pattern ETA = Pattern.compile("\\(ETA: (?:in )?(\\d+):(\\d\\d):(\\d\\d)");

  private final Path dir;

  /** A runner for one run, which keeps everything in {@code dir} (made by the caller). */
  public RaceRunner(Path dir) {
    this.dir = Objects.requireNonNull(dir).toAbsolutePath();
  }

  /** jcstress ended without results: it failed to start or was stopped; its log says why. */
  public static final class NoResultsException extends IOException {
    private static final long serialVersionUID = 1L;

    NoResultsException(String message) {
      super(message);
    }
  }

  /** What one run left: where, and what jcstress observed. */
  public record Run(Path dir, RaceResults results, int exitCode) {}

  /** What a run reports while it goes: called on the thread that reads jcstress's output. */
  public interface Listener {
    /** The child JVM started. */
    default void started(long pid) {}

    /** jcstress finished one (test, JVM configuration) result: {@code OK}, {@code FAILED}... */
    default void result(String test, String status) {}

    /** jcstress's progress line: results planned and done, and its estimate of time left. */
    default void progress(int planned, int done, Duration left) {}
  }

  /** A listener that ignores everything. */
  public static final Listener QUIET = new Listener() {};

  /**
   * Runs {@code races} on {@code versions} in jcstress mode {@code mode} ({@link #MODES}).
   * Split (per-actor) compilation is off: on a 2-CPU machine it multiplies the run time by the
   * number of compiler combinations and adds nothing the model's races need.
   */
  public Run run(List<Race> races, List<OvlVersion> versions, String mode)
      throws IOException, InterruptedException {
    return run(races, versions, mode, List.of(), QUIET);
  }

  /**
   * {@link #run(List, List, String)} with more jcstress options after the mode's ({@code -f 1
   * -iters 1 -time 5000} for a short run of known length), telling {@code listener} how it
   * goes.
   */
  public Run run(List<Race> races, List<OvlVersion> versions, String mode, List<String> extra,
      Listener listener) throws IOException, InterruptedException {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("unknown mode " + mode + " (one of " + MODES + ")");
    }
    Files.createDirectories(dir);
    List<String> tests = new ArrayList<>();
    for (Race r : races) {
      for (OvlVersion v : versions) {
        tests.add(Pattern.quote(r.testName(v)));
      }
    }
    List<String> cmd =
        new ArrayList<>(List.of(
            javaBinary(),
            "-cp",
            absoluteClassPath(),
            JcstressChild.class.getName(),
            "-t",
            "^(" + String.join("|", tests) + ")$",
            "-m",
            mode.toLowerCase(Locale.ROOT),
            "-sc",
            "false",
            "-v",
            "-r",
            dir.resolve("html").toString()));
    cmd.addAll(extra);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    Thread stop = new Thread(() -> stop(p), "ovlsim-race-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int code;
    try {
      listener.started(p.pid());
      follow(p, listener);
      code = p.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs
      }
      if (p.isAlive()) {
        stop(p);
      }
    }
    Path blob = findBlob(dir);
    if (blob == null) {
      throw new NoResultsException(
          "jcstress wrote no results (exit " + code + "); see " + dir.resolve("jcstress.log"));
    }
    return new Run(dir, RaceResults.read(blob), code);
  }

  /** Copies the child's output to {@code jcstress.log}, telling {@code listener} what it reads. */
  private void follow(Process p, Listener listener) throws IOException {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer log = Files.newBufferedWriter(dir.resolve("jcstress.log"))) {
      int planned = 0;
      Duration left = null;
      boolean summary = false;
      String line;
      while ((line = in.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        if (line.startsWith("RUN RESULTS:")) {
          summary = true; // -v lists every result again at the end: counted already
        }
        Matcher r = RESULT.matcher(line);
        if (!summary && r.find()) {
          listener.result(r.group(2), r.group(1).trim());
          continue;
        }
        Matcher e = ETA.matcher(line);
        if (e.find()) {
          left = Duration.ofHours(Long.parseLong(e.group(1)))
              .plusMinutes(Long.parseLong(e.group(2)))
              .plusSeconds(Long.parseLong(e.group(3)));
        } else if (line.contains("(ETA: now)")) {
          left = Duration.ZERO;
        }
        Matcher m = PLANNED.matcher(line);
        if (m.find()) {
          planned = Integer.parseInt(m.group(1));
          int done = 0;
          for (int g = 2; g <= 5; g++) {
            done += Integer.parseInt(m.group(g));
          }
          listener.progress(planned, done, left);
        }
      }
    }
  }

  /**
   * Stops the child and every JVM it forked: SIGTERM, then SIGKILL for what is left after a
   * few seconds.
   */
  static void stop(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle h : all) {
      long wait = deadline - System.nanoTime();
      try {
        if (wait > 0) {
          h.onExit().get(wait, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still there, or cannot tell: forced below
      }
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  private static Path findBlob(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> blobs =
          s.filter(f -> f.getFileName().toString().startsWith("jcstress-results-"))
              .collect(Collectors.toList());
      return blobs.isEmpty() ? null : blobs.get(0);
    }
  }

  /** This JVM's class path with every entry absolute: the child runs in the run directory. */
  private static String absoluteClassPath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
