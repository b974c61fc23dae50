package ovlsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import ovlsim.overlay.OvlVersion;
import ovlsim.properties.workload.ConcurrentCheck;
import ovlsim.properties.workload.ConcurrentRun;
import ovlsim.properties.workload.OverlayInstaller;
import ovlsim.properties.workload.WorkloadGenerator;

/**
 * What {@code ovlsim lockdep} prints: one random concurrent workload from a seed run on the
 * model with lockdep on (the properties module's workload machinery), the lock-class
 * dependency summary, every report, the outcome check, the class graph as Graphviz DOT, and
 * one summary line. {@link LockdepCommand} parses the command line.
 */
final class LockdepRun {
  private LockdepRun() {}

  /**
   * Runs it and prints to {@code out}.
   *
   * @param dot where to write the DOT graph, or {@code null}
   * @return {@code true} when no report appeared and the outcome check held
   * @throws UsageException when the DOT file cannot be written
   */
  static boolean run(OvlVersion version, long seed, int tasks, int ops,
      ConcurrentCheck.Mode mode, Path dot, PrintWriter out) {
    WorkloadGenerator.Workload w = new WorkloadGenerator(seed).next(tasks, ops);
    out.printf("overlay %s, seed %d: %d tasks x %d operations, schedule seed %d%n",
        version.optionName(), seed, tasks, ops, w.scheduleSeed());
    out.println("layers:");
    w.trees().lower().forEach(n -> out.println("  lower " + n));
    w.trees().upper().forEach(n -> out.println("  upper " + n));
    for (int i = 0; i < w.programs().size(); i++) {
      out.println("task t" + i + ": " + w.programs().get(i));
    }
    ConcurrentRun.Result r = ConcurrentRun.run(
        w.trees(), version, OverlayInstaller.PORT, w.programs(), w.scheduleSeed());
    out.println("outcomes (logical start..end):");
    r.events().stream().flatMap(List::stream)
        .sorted(Comparator.comparingLong(ConcurrentRun.Event::start))
        .forEach(e -> out.println("  " + e));
    out.print(LockGraph.summary(r.lockClasses(), r.dependencies(), r.dependencyTraces()));
    ConcurrentCheck.Verdict v = ConcurrentCheck.check(w.trees(), r, mode);
    out.println("reports:");
    if (r.reported()) {
      out.print(r.reports());
    } else {
      out.println("  (none)");
    }
    out.println("outcome check (" + mode.name().toLowerCase(Locale.ROOT) + "): "
        + (v.ok() ? "ok" : "FAILED") + (v.races().isEmpty() ? "" : ", known 2011 races " + v.races()));
    if (!v.ok()) {
      out.println(v.message());
    }
    if (dot != null) {
      try {
        String title = String.format("overlay %s, seed %d: %d tasks x %d operations",
            version.optionName(), seed, tasks, ops);
        Files.writeString(dot, LockGraph.dot(title, r.lockClasses(), r.dependencies(),
            r.dependencyTraces(), r.lockdepReports()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // checked before the run; gone since (the directory removed, the disk full)
        throw new UsageException("--dot " + dot + ": cannot write: " + Outputs.reason(e));
      }
      out.println("class graph written to " + dot);
    }
    boolean ok = v.ok();
    int events = r.events().stream().mapToInt(List::size).sum();
    out.printf("lockdep: %s seed %d: %d tasks, %d operations, %d classes, %d dependencies, "
            + "%d lockdep report%s, %s, %d schedule points: %s%n",
        version.optionName(), seed, tasks, events, r.lockClasses().size(),
        r.dependencies().size(), r.lockdepReports().size(),
        r.lockdepReports().size() == 1 ? "" : "s",
        r.deadlock() != null ? "DEADLOCK" : "no deadlock", r.schedulePoints(),
        ok ? "OK" : "FAILED");
    out.flush();
    return ok;
  }
}
