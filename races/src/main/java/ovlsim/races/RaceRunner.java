package ovlsim.races;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ovlsim.overlay.OvlVersion;

/**
 * Runs race harnesses under jcstress in a child JVM (jcstress forks its own JVMs and must own
 * the process), then reads what it observed. Each run gets a directory under
 * {@code results/}: jcstress's HTML report in {@code html/}, its console output in
 * {@code jcstress.log}, and its result blob.
 */
public final class RaceRunner {
  /** jcstress's test mode presets that {@code --mode} accepts. */
  public static final List<String> MODES = List.of("sanity", "quick", "default");

  private final Path resultsRoot;

  /** A runner that keeps its runs under {@code resultsRoot} ({@code results/}). */
  public RaceRunner(Path resultsRoot) {
    this.resultsRoot = Objects.requireNonNull(resultsRoot);
  }

  /** What one run left: where, and what jcstress observed. */
  public record Run(Path dir, RaceResults results, int exitCode) {}

  /**
   * Runs {@code races} on {@code versions} in jcstress mode {@code mode} ({@link #MODES}).
   * Split (per-actor) compilation is off: on a 2-CPU machine it multiplies the run time by the
   * number of compiler combinations and adds nothing the model's races need.
   */
  public Run run(List<Race> races, List<OvlVersion> versions, String mode)
      throws IOException, InterruptedException {
    return run(races, versions, mode, List.of());
  }

  /**
   * {@link #run(List, List, String)} with more jcstress options after the mode's ({@code -f 1
   * -iters 1 -time 5000} for a short run of known length).
   */
  public Run run(List<Race> races, List<OvlVersion> versions, String mode, List<String> extra)
      throws IOException, InterruptedException {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("unknown mode " + mode + " (one of " + MODES + ")");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = resultsRoot.resolve("race-" + stamp).toAbsolutePath();
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
            "org.openjdk.jcstress.Main",
            "-t",
            "^(" + String.join("|", tests) + ")$",
            "-m",
            mode.toLowerCase(Locale.ROOT),
            "-sc",
            "false",
            "-r",
            dir.resolve("html").toString()));
    cmd.addAll(extra);
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("jcstress.log").toFile())
            .start();
    int code = p.waitFor();
    Path blob = findBlob(dir);
    if (blob == null) {
      throw new IOException(
          "jcstress wrote no results (exit " + code + "); see " + dir.resolve("jcstress.log"));
    }
    return new Run(dir, RaceResults.read(blob), code);
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
    return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
