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
 * the process), once per overlay version, follows its progress, then reads what it observed. A
 * run keeps everything in the one folder it is given: per version {@code VERSION/} with
 * jcstress's HTML report in {@code html/}, its console output in {@code jcstress.log} and its
 * result blob; and {@code summary.html} ({@link RaceSummaryPage}).
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
   *
   * <p>jcstress runs once per version, each run in {@code DIR/VERSION/} ({@code html/},
   * {@code jcstress.log}, its result blob), its forked JVMs started with
   * {@code -D}{@value ScenarioSample#VERSION_PROPERTY}{@code =VERSION}: a harness is one jcstress
   * test and its version is the JVM's. The results are keyed by {@link Race#resultKey}.
   */
  public Run run(List<Race> races, List<OvlVersion> versions, String mode, List<String> extra,
      Listener listener) throws IOException, InterruptedException {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("unknown mode " + mode + " (one of " + MODES + ")");
    }
    for (Race r : races) {
      if (!r.hasHarness()) {
        throw new IllegalArgumentException(r.cliName() + " is sequential: it has no jcstress"
            + " harness (explore it)");
      }
    }
    Files.createDirectories(dir);
    RaceResults all = RaceResults.of(java.util.Map.of());
    int worst = 0;
    for (int k = 0; k < versions.size(); k++) {
      OvlVersion v = versions.get(k);
      Path vdir = dir.resolve(v.optionName());
      Files.createDirectories(vdir);
      int code = runOne(vdir, races, v, mode, extra,
          new Offset(listener, v, k, versions.size()));
      Path blob = findBlob(vdir);
      if (blob == null) {
        throw new NoResultsException("jcstress wrote no results on " + v.optionName()
            + " (exit " + code + "); see " + vdir.resolve("jcstress.log"));
      }
      all.addAll(RaceResults.read(blob, v));
      worst = Math.max(worst, code);
    }
    return new Run(dir, all, worst);
  }

  /** jcstress's progress of the run on one version, as a share of the whole run. */
  private static final class Offset implements Listener {
    private final Listener to;
    private final OvlVersion version;
    private final int index;
    private final int runs;
    private final long start = System.nanoTime();

    Offset(Listener to, OvlVersion version, int index, int runs) {
      this.to = to;
      this.version = version;
      this.index = index;
      this.runs = runs;
    }

    @Override
    public void started(long pid) {
      to.started(pid);
    }

    @Override
    public void result(String test, String status) {
      to.result(Race.resultKey(test, version), status);
    }

    /** The runs after this one are taken to last as long as this one will. */
    @Override
    public void progress(int planned, int done, Duration left) {
      Duration thisRun = Duration.ofNanos(System.nanoTime() - start);
      Duration rest = left == null ? null
          : left.plus(thisRun.plus(left).multipliedBy(runs - index - 1L));
      to.progress(planned * runs, planned * index + done, rest);
    }
  }

  /** One jcstress run of {@code races} on {@code version} into {@code vdir}; its exit code. */
  private int runOne(Path vdir, List<Race> races, OvlVersion version, String mode,
      List<String> extra, Listener listener) throws IOException, InterruptedException {
    List<String> tests = new ArrayList<>();
    for (Race r : races) {
      tests.add(Pattern.quote(r.testName()));
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
            "-jvmArgsPrepend",
            "-D" + ScenarioSample.VERSION_PROPERTY + "=" + version.optionName(),
            "-v",
            "-r",
            vdir.resolve("html").toString()));
    cmd.addAll(extra);
    Process p = new ProcessBuilder(cmd).directory(vdir.toFile()).redirectErrorStream(true).start();
    Thread stop = new Thread(() -> stop(p), "ovlsim-race-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      listener.started(p.pid());
      follow(p, vdir, listener);
      return p.waitFor();
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
  }

  /** Copies the child's output to {@code jcstress.log}, telling {@code listener} what it reads. */
  private static void follow(Process p, Path vdir, Listener listener) throws IOException {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer log = Files.newBufferedWriter(vdir.resolve("jcstress.log"))) {
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
