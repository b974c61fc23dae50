package ovlsim.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with the JMH runner and prints, after JMH's own table, a summary: the
 * cost of building the 10,000-entry image, the lookup + stat ratios of the model to Jimfs, and
 * the explorer's schedules per second with their ratio to one jcstress sample, all measured in
 * the same run.
 *
 * <p>Arguments are JMH's own ({@code -f 1 -wi 2 -i 3}, include patterns, {@code -h}, ...);
 * what they leave unset defaults to 1 fork, 3 warmup and 5 measurement iterations of 1 s, and
 * both benchmark classes. {@code --quick} is short for {@code -f 1 -wi 2 -w 500ms -i 3 -r 500ms}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args)
      throws RunnerException, CommandLineOptionException, IOException {
    List<String> argv = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        argv.addAll(List.of("-f", "1", "-wi", "2", "-w", "500ms", "-i", "3", "-r", "500ms"));
      } else {
        argv.add(a);
      }
    }
    CommandLineOptions cmd = new CommandLineOptions(argv.toArray(new String[0]));
    if (cmd.shouldHelp()) {
      cmd.showHelp();
      return;
    }
    if (cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      // JMH's own Main does the listing.
      org.openjdk.jmh.Main.main(argv.toArray(new String[0]));
      return;
    }
    ChainedOptionsBuilder opts = new OptionsBuilder().parent(cmd);
    if (cmd.getIncludes().isEmpty()) {
      opts.include(ImageBuildBenchmark.class.getName() + "\\.")
          .include(LookupStatBenchmark.class.getName() + "\\.")
          .include(ExploreBenchmark.class.getName() + "\\.");
    }
    if (!cmd.getForkCount().hasValue()) {
      opts.forks(1);
    }
    if (!cmd.getWarmupIterations().hasValue()) {
      opts.warmupIterations(3);
    }
    if (!cmd.getWarmupTime().hasValue()) {
      opts.warmupTime(TimeValue.seconds(1));
    }
    if (!cmd.getMeasurementIterations().hasValue()) {
      opts.measurementIterations(5);
    }
    if (!cmd.getMeasurementTime().hasValue()) {
      opts.measurementTime(TimeValue.seconds(1));
    }
    if (!cmd.shouldFailOnError().hasValue()) {
      opts.shouldFailOnError(true);
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    System.out.println();
    System.out.print(summary(results));
  }

  /** A time score in nanoseconds per operation, with its 99.9% error. */
  record Nanos(double score, double error) {}

  /** The summary: each benchmark in ns/op, the build cost, and the model-to-Jimfs ratios. */
  static String summary(Collection<RunResult> results) {
    Map<String, Nanos> nanos = new HashMap<>();
    StringBuilder sb = new StringBuilder("ovlsim benchmarks (");
    sb.append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
        .append(System.getProperty("java.version")).append(")\n");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Result<?> p = r.getPrimaryResult();
      Mode mode = r.getParams().getMode();
      if (mode == Mode.AverageTime || mode == Mode.SampleTime || mode == Mode.SingleShotTime) {
        double perUnit = r.getParams().getTimeUnit().toNanos(1);
        Nanos n = new Nanos(p.getScore() * perUnit, p.getScoreError() * perUnit);
        nanos.put(shortName, n);
        sb.append(String.format("  %-36s %,16.1f ± %,.1f ns/op%n", shortName, n.score, n.error));
      } else {
        sb.append(String.format(
            "  %-36s %,16.3f %s (not a time per operation: left out of the ratios)%n",
            shortName, p.getScore(), p.getScoreUnit()));
      }
    }
    Nanos layer = nanos.get("ImageBuildBenchmark.layer");
    Nanos image = nanos.get("ImageBuildBenchmark.image");
    Nanos both = nanos.get("ImageBuildBenchmark.layerAndImage");
    Nanos jimfsBuild = nanos.get("ImageBuildBenchmark.jimfs");
    Nanos apply = nanos.get("ImageBuildBenchmark.upperfsApply");
    if (both != null) {
      sb.append(String.format(
          "build a %,d-entry image (layer + image): %.2f ms", Trees.ENTRIES, both.score / 1e6));
      if (layer != null && image != null) {
        sb.append(String.format(
            " (layer alone %.2f ms, image of a built layer %.2f ms)",
            layer.score / 1e6, image.score / 1e6));
      }
      sb.append('\n');
      if (jimfsBuild != null) {
        sb.append(String.format(
            "  the same tree into a new Jimfs: %.2f ms; lower-fs image / jimfs = %.2fx%n",
            jimfsBuild.score / 1e6, both.score / jimfsBuild.score));
      }
      if (apply != null) {
        sb.append(String.format(
            "  the same layer applied to a new upper-fs through syscalls: %.2f ms%n",
            apply.score / 1e6));
      }
    }
    Nanos search = nanos.get("ExploreBenchmark.searchBound1");
    Nanos sample = nanos.get("ExploreBenchmark.jcstressSample");
    if (search != null) {
      double perSchedule = search.score / ExploreBenchmark.SCHEDULES_BOUND_1;
      sb.append(String.format(
          "explore copyup-vs-rename-unlink v6, bound 1 (%d schedules): %,.0f schedules/s"
              + " (%.0f us per schedule)%n",
          ExploreBenchmark.SCHEDULES_BOUND_1, 1e9 / perSchedule, perSchedule / 1e3));
      if (sample != null) {
        sb.append(String.format(
            "  one jcstress sample of the same harness: %.0f us; schedule / sample = %.2fx%n",
            sample.score / 1e3, perSchedule / sample.score));
      }
    }
    Nanos eagerSample = nanos.get("ExploreBenchmark.jcstressSampleEagerTraces");
    Nanos eagerSearch = nanos.get("ExploreBenchmark.searchBound1EagerTraces");
    if (sample != null && eagerSample != null) {
      sb.append(String.format(
          "  lockdep traces formatted when saved (before) / lazy (now): sample %.2fx"
              + " (%.0f us / %.0f us)", eagerSample.score / sample.score,
          eagerSample.score / 1e3, sample.score / 1e3));
      if (search != null && eagerSearch != null) {
        sb.append(String.format(", schedule %.2fx", eagerSearch.score / search.score));
      }
      sb.append('\n');
    }
    Nanos jimfs = nanos.get("LookupStatBenchmark.jimfs");
    for (String fs : new String[] {"lowerfs", "upperfs"}) {
      Nanos model = nanos.get("LookupStatBenchmark." + fs);
      if (model != null && jimfs != null) {
        sb.append(String.format(
            "lookup+stat (5 components, cached) %s / jimfs = %.2fx (%.0f ns / %.0f ns)%n",
            fs.equals("lowerfs") ? "lower-fs" : "upper-fs", model.score / jimfs.score,
            model.score, jimfs.score));
      }
    }
    return sb.toString();
  }
}
