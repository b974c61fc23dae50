package ovlsim.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
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
    boolean quick = false;
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
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
          .include(OverlayStatBenchmark.class.getName() + "\\.")
          .include(CopyUpBenchmark.class.getName() + "\\.")
          .include(ReaddirBenchmark.class.getName() + "\\.")
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
    if (cmd.getProfilers().isEmpty()) {
      // bytes allocated per operation (gc.alloc.rate.norm): the summary prints some
      opts.addProfiler(GCProfiler.class);
    }
    if (!cmd.shouldFailOnError().hasValue()) {
      opts.shouldFailOnError(true);
    }
    Collection<RunResult> results = new Runner(opts.build()).run();
    System.out.println();
    System.out.println("# heap per cached overlay lookup (" + DentryHeap.N + " lookups, GC'd heap delta)");
    double heap = DentryHeap.bytesPerLookup(DentryHeap.N);
    System.out.println("# kernel peer (" + (quick ? "quick" : "full") + ")");
    KernelPeer.Result kernel = KernelPeer.run(quick ? KernelPeer.Length.QUICK : KernelPeer.Length.FULL);
    System.out.println();
    System.out.print(summary(results, heap, kernel));
  }

  /** A time score in nanoseconds per operation, with its 99.9% error. */
  record Nanos(double score, double error) {}

  /** The summary: each benchmark in ns/op, the build cost, and the model-to-Jimfs ratios. */
  static String summary(Collection<RunResult> results, double heapPerLookup,
      KernelPeer.Result kernel) {
    Map<String, Nanos> nanos = new HashMap<>();
    Map<String, Double> secondary = new HashMap<>();
    StringBuilder sb = new StringBuilder("ovlsim benchmarks (");
    sb.append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
        .append(System.getProperty("java.version")).append(")\n");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Result<?> p = r.getPrimaryResult();
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        secondary.put(shortName + ":" + e.getKey(), e.getValue().getScore());
      }
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
    sb.append(overlaySummary(nanos, secondary, heapPerLookup, kernel));
    return sb.toString();
  }

  private static String goal(boolean met) {
    return met ? "goal met" : "goal NOT met";
  }

  /** The overlay's rows: stat, copy-up, merged readdir, heap per dentry, race samples. */
  static String overlaySummary(Map<String, Nanos> nanos, Map<String, Double> secondary,
      double heapPerLookup, KernelPeer.Result kernel) {
    StringBuilder sb = new StringBuilder();
    if (kernel.skipped() != null) {
      sb.append("kernel peer skipped: ").append(kernel.skipped()).append('\n');
    }
    Nanos jimfs = nanos.get("OverlayStatBenchmark.jimfs");
    Nanos upper = nanos.get("OverlayStatBenchmark.upperfs");
    Double kPlain = kernel.get("stat_tmpfs");
    String[][] stats = {
      {"overlayLowerFile", "lower-only file", "stat_overlay_lower_file"},
      {"overlayUpperFile", "upper-only file", "stat_overlay_upper_file"},
      {"overlayMergedDir", "merged dir", "stat_overlay_merged_dir"},
    };
    for (String[] s : stats) {
      Nanos model = nanos.get("OverlayStatBenchmark." + s[0]);
      if (model == null) {
        continue;
      }
      sb.append(String.format("overlay stat (6 components, cached), %s: %.0f ns", s[1],
          model.score));
      if (jimfs != null) {
        sb.append(String.format("; / jimfs = %.2fx (%s <= 1.0x)", model.score / jimfs.score,
            goal(model.score <= jimfs.score)));
      }
      if (upper != null) {
        sb.append(String.format("; / upper-fs direct = %.2fx (%s <= 1.1x)",
            model.score / upper.score, goal(model.score <= 1.1 * upper.score)));
      }
      Double k = kernel.get(s[2]);
      if (k != null && kPlain != null) {
        sb.append(String.format("; kernel overlay / tmpfs = %.2fx; model / kernel = %.2fx",
            k / kPlain, model.score / k));
      }
      sb.append('\n');
    }
    if (jimfs != null && upper != null) {
      sb.append(String.format("  peers: jimfs %.0f ns, upper-fs direct %.0f ns%s%n",
          jimfs.score, upper.score,
          kPlain == null ? "" : String.format(", kernel tmpfs %.0f ns", kPlain)));
    }

    Nanos copyUp = nanos.get("CopyUpBenchmark.copyUp");
    Nanos arraycopy = nanos.get("CopyUpBenchmark.arraycopy");
    if (copyUp != null) {
      sb.append(String.format("copy-up of 64 MiB: %.1f ms", copyUp.score / 1e6));
      if (arraycopy != null) {
        double share = arraycopy.score / copyUp.score;
        sb.append(String.format("; System.arraycopy %.1f ms: %.0f%% of its bandwidth (%s >= 50%%)",
            arraycopy.score / 1e6, 100 * share, goal(share >= 0.5)));
      }
      Double bytes = secondary.get("CopyUpBenchmark.copyUp:allocatedBytes");
      Double n = secondary.get("CopyUpBenchmark.copyUp:copyUps");
      if (bytes != null && n != null && n > 0) {
        double perSize = bytes / n / CopyUpBenchmark.SIZE;
        sb.append(String.format("; allocated %,.0f B per copy-up = %.3fx the file (%s <= 1.1x)",
            bytes / n, perSize, goal(perSize <= 1.1)));
      }
      Double k = kernel.get("copyup_64m");
      if (k != null) {
        sb.append(String.format("; kernel copy-up %.1f ms, model / kernel = %.2fx", k / 1e6,
            copyUp.score / k));
      }
      sb.append('\n');
    }

    String[][] dirs = {
      {"mergedWhiteouts", "flat10k", "lower 5,000 + upper 5,000 with 1,000 whiteouts",
        "readdir_merged_whiteouts", "readdir_flat10k"},
      {"mergedSameNames", "flat20k", "lower 10,000 + upper the same 10,000 names",
        "readdir_merged_same_names", "readdir_flat20k"},
    };
    for (String[] d : dirs) {
      Nanos merged = nanos.get("ReaddirBenchmark." + d[0]);
      Nanos flat = nanos.get("ReaddirBenchmark." + d[1]);
      if (merged == null || flat == null) {
        continue;
      }
      double ratio = merged.score / flat.score;
      Double km = kernel.get(d[3]);
      Double kf = kernel.get(d[4]);
      sb.append(String.format("merged readdir (%s): %.2f ms; flat upper-fs dir (%s) %.2f ms;"
          + " merged / flat = %.2fx", d[2], merged.score / 1e6, d[1], flat.score / 1e6, ratio));
      if (km != null && kf != null) {
        double kr = km / kf;
        sb.append(String.format(" (kernel %.2fx: %.2f ms / %.2f ms, %s <= kernel's);"
            + " model merged / kernel merged = %.2fx (%s <= 1.0x)", kr, km / 1e6, kf / 1e6,
            goal(ratio <= kr), merged.score / km, goal(merged.score <= km)));
      } else {
        sb.append(String.format(" (%s <= 2.4x, the kernel's ratio in the issue)",
            goal(ratio <= 2.4)));
      }
      sb.append('\n');
    }

    if (heapPerLookup > 0) {
      sb.append(String.format("heap per cached overlay lookup: %,.0f B", heapPerLookup));
      Double k = kernel.get("slab_bytes_per_lookup");
      if (k != null) {
        sb.append(String.format("; kernel slab per overlay lookup %,.0f B; model / kernel ="
            + " %.2fx (%s <= 1.0x)", k, heapPerLookup / k, goal(heapPerLookup <= k)));
      } else {
        sb.append(String.format(" (%s <= 1 KiB)", goal(heapPerLookup <= 1024)));
      }
      sb.append('\n');
    }

    Nanos sample = nanos.get("ExploreBenchmark.jcstressSample");
    if (sample != null) {
      sb.append(String.format("race samples (copyup-vs-rename-unlink v6, one jcstress sample's"
          + " body): %,.0f samples/s (%.0f us each", 1e9 / sample.score, sample.score / 1e3));
      Double alloc = secondary.get("ExploreBenchmark.jcstressSample:gc.alloc.rate.norm");
      if (alloc != null) {
        sb.append(String.format(", %,.0f B allocated each", alloc));
      }
      sb.append("; the goal, >= 1.3x the samples/s before the fixes, is in benchmarks/README.md)\n");
    }
    return sb.toString();
  }
}
