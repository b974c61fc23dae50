package ovlsim.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ovlsim.conformance.backend.Backend;
import ovlsim.conformance.deviation.Deviations;
import ovlsim.conformance.fst.Expectation;
import ovlsim.conformance.fst.FstOutput;
import ovlsim.conformance.fst.FstRunner;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.LineResult;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.fst.ScriptResult;
import ovlsim.conformance.report.FstReport;
import ovlsim.conformance.report.TestPoint;
import ovlsim.conformance.report.TestPoint.Status;

/**
 * Runs scripts on the model, the kernel, or both, and reports what {@code ovlsim fstest}
 * shows: one test point per expectation, numbered over the whole run, each as soon as it ran;
 * then one summary {@code N passed, M failed} (with {@code , K skipped} when something could
 * not run).
 *
 * <ul>
 *   <li>A script that does not parse is one failed point ({@code FILE:LINE: why}); the other
 *       scripts still run.
 *   <li>A script whose setup or mount fails is one failed point for the line that failed, and
 *       its expectations are skipped. A script without expectations is one point: its setup
 *       and mount.
 *   <li>A backend that cannot run here skips its points, saying why: never a pass.
 *   <li>On {@link Against#BOTH} a point passes only when the line held on both; a line whose
 *       results differ gets a {@code differ} diagnostic, naming the declared deviation that
 *       explains it if one does.
 * </ul>
 */
public final class FstCheck {
  private FstCheck() {}

  /** Which backends to run. */
  public enum Against {
    MODEL,
    KERNEL,
    BOTH
  }

  /**
   * The counts of a run, in test points.
   *
   * @param passed points that held (on both, for BOTH)
   * @param failed points that did not: failed expectations, scripts that do not parse, failed
   *     setups
   * @param skipped points a backend could not run
   * @param disagreements lines where model and kernel printed different results (BOTH only)
   */
  public record Summary(long passed, long failed, long skipped, long disagreements) {
    /** Every point ran and held. */
    public boolean ok() {
      return failed == 0 && skipped == 0;
    }

    /** {@code N passed, M failed[, K skipped]}. */
    public String line() {
      return FstOutput.summary(passed, failed, skipped);
    }
  }

  /** How many test points {@code items} make: one per expectation, at least one per script. */
  public static int points(List<Scripts.Item> items) {
    int n = 0;
    for (Scripts.Item i : items) {
      n += i.script() == null ? 1 : Math.max(1, i.script().expectations().size());
    }
    return n;
  }

  /**
   * Runs {@code items} and reports to {@code report}.
   *
   * @param model the model backend (unused for KERNEL)
   * @param kernel the kernel backend (unused for MODEL)
   * @param deviations what kernel runs apply
   * @param kernelAvailability {@code null} when the kernel backend can run, else why not
   * @param preamble comments to make after the plan (what the kernel backend cleaned up)
   */
  public static Summary run(
      List<Scripts.Item> items,
      Against against,
      Backend model,
      Backend kernel,
      Deviations deviations,
      String kernelAvailability,
      List<String> preamble,
      FstReport report) {
    Run run = new Run(against, model, kernel, deviations, kernelAvailability, report);
    report.plan(points(items));
    preamble.forEach(report::comment);
    if (against != Against.MODEL && kernelAvailability != null) {
      report.comment(kernelAvailability);
    }
    for (Scripts.Item i : items) {
      run.item(i);
    }
    Summary s = new Summary(run.passed, run.failed, run.skipped, run.disagreements);
    if (against == Against.BOTH && kernelAvailability == null) {
      report.comment("disagreements between model and kernel: " + s.disagreements());
    }
    report.end(s.line(), s.passed(), s.failed(), s.skipped());
    return s;
  }

  /**
   * A model run: the script with the {@code model:} deviations of the model's version applied
   * (none for a model without an overlay).
   */
  public static ScriptResult runModel(Script s, Backend model, Deviations deviations) {
    return runModel(s, model, deviations, l -> { });
  }

  private static ScriptResult runModel(Script s, Backend model, Deviations deviations,
      java.util.function.Consumer<LineResult> onLine) {
    Script applied = s;
    if (model instanceof ovlsim.conformance.backend.ModelBackend mb && mb.version() != null) {
      try {
        applied = deviations.applyModel(s, mb.version()).script();
      } catch (FstSyntaxException e) {
        return new ScriptResult(s, model.name(), List.of(), null, e.getMessage());
      }
    }
    return FstRunner.run(applied, model, onLine);
  }

  /** A kernel run: the script with the declared deviations applied. */
  public static ScriptResult runKernel(Script s, Backend kernel, Deviations deviations) {
    return runKernel(s, kernel, deviations, l -> { });
  }

  private static ScriptResult runKernel(Script s, Backend kernel, Deviations deviations,
      java.util.function.Consumer<LineResult> onLine) {
    Script applied;
    try {
      applied = deviations.apply(s).script();
    } catch (FstSyntaxException e) {
      return new ScriptResult(s, kernel.name(), List.of(), null, e.getMessage());
    }
    return FstRunner.run(applied, kernel, onLine);
  }

  /** The state of one run: counts, the next point's number. */
  private static final class Run {
    final Against against;
    final Backend model;
    final Backend kernel;
    final Deviations deviations;
    final String kernelWhy;
    final FstReport report;
    long passed;
    long failed;
    long skipped;
    long disagreements;
    /** The number of the script's first point. */
    int base = 1;
    /** Points of the current script reported so far. */
    int done;

    Run(Against against, Backend model, Backend kernel, Deviations deviations, String kernelWhy,
        FstReport report) {
      this.against = against;
      this.model = model;
      this.kernel = kernel;
      this.deviations = deviations;
      this.kernelWhy = kernelWhy;
      this.report = report;
    }

    void item(Scripts.Item item) {
      done = 0;
      if (item.script() == null) {
        FstSyntaxException e = item.error();
        report.scriptStart(item.name(), "the parser");
        point(Status.FAILED, e.file(), e.line(), e.getMessage() + " (the script does not parse)",
            null, List.of());
        report.scriptEnd();
      } else {
        script(item.script());
      }
      base += item.script() == null ? 1 : Math.max(1, item.script().expectations().size());
    }

    void point(Status status, String file, int line, String description, String skipReason,
        List<String> diagnostics) {
      report.point(new TestPoint(base + done, status, file, line, description, skipReason,
          diagnostics));
      done++;
      switch (status) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
        default -> throw new IllegalStateException();
      }
    }

    private static String describe(Expectation e) {
      return e.line().toString();
    }

    void script(Script s) {
      boolean kernelUp = kernelWhy == null;
      switch (against) {
        case MODEL -> {
          report.scriptStart(s.name(), model.name());
          ScriptResult r = runModel(s, model, deviations, l -> single(l, null));
          finish(s, r);
        }
        case KERNEL -> {
          report.scriptStart(s.name(), kernel.name());
          if (!kernelUp) {
            skipRest(s, kernelWhy);
          } else {
            ScriptResult r = runKernel(s, kernel, deviations, l -> single(l, kernel.name()));
            finish(s, r);
          }
        }
        case BOTH -> {
          if (!kernelUp) {
            report.scriptStart(s.name(), model.name() + " (kernel skipped)");
            ScriptResult r = runModel(s, model, deviations, l -> {
              if (l.passed()) {
                point(Status.SKIPPED, s.name(), l.expectation().line().number(),
                    describe(l.expectation()), "held on " + model.name() + "; " + kernelWhy,
                    List.of());
              } else {
                single(l, model.name());
              }
            });
            finish(s, r);
          } else {
            report.scriptStart(s.name(), model.name() + " and " + kernel.name());
            ScriptResult m = runModel(s, model, deviations);
            if (m.error() != null || m.isSkipped()) {
              m.lines().forEach(l -> single(l, model.name()));
              finish(s, m);
            } else {
              ScriptResult k = runKernel(s, kernel, deviations, lk -> both(m, lk));
              finish(s, k);
              m.notes().forEach(n -> report.comment("note: " + n));
            }
          }
        }
        default -> throw new IllegalStateException();
      }
      report.scriptEnd();
    }

    /** A line of a single-backend run ({@code backend} names it in the diagnostic, if set). */
    void single(LineResult l, String backend) {
      Expectation e = l.expectation();
      List<String> diag = new ArrayList<>();
      if (!l.passed()) {
        diag.add((backend == null ? "" : backend + ": ") + "expected " + e.result() + ", got "
            + FstOutput.display(l.actual()));
      }
      if (e.deviation() != null) {
        // A kernel: entry on a kernel run, a version's model: entry on a model run.
        diag.add("deviation " + e.deviation() + ": the result is checked against " + e.result()
            + " instead of the script's");
      }
      point(l.passed() ? Status.PASSED : Status.FAILED, e.line().file(), e.line().number(),
          describe(e), null, diag);
    }

    /** A kernel line of a BOTH run, with the model's line of the same expectation. */
    void both(ScriptResult m, LineResult lk) {
      Expectation ek = lk.expectation();
      LineResult lm = m.lines().get(ek.number() - 1);
      Expectation e = lm.expectation();
      List<String> diag = new ArrayList<>();
      if (!lm.passed()) {
        diag.add(m.backend() + ": expected " + e.result() + ", got "
            + FstOutput.display(lm.actual()));
      }
      if (!lk.passed()) {
        diag.add(kernel.name() + ": expected " + ek.result() + ", got "
            + FstOutput.display(lk.actual()));
      }
      if (!Objects.equals(lm.actual(), lk.actual())) {
        disagreements++;
        diag.add("differ: " + m.backend() + " " + FstOutput.display(lm.actual()) + ", "
            + kernel.name() + " " + FstOutput.display(lk.actual())
            + (ek.deviation() != null ? " (declared deviation " + ek.deviation() + ")" : ""));
      }
      point(lm.passed() && lk.passed() ? Status.PASSED : Status.FAILED, e.line().file(),
          e.line().number(), describe(e), null, diag);
    }

    /** After a backend's run: its setup error, skips, the no-expectation point, its notes. */
    void finish(Script s, ScriptResult r) {
      int total = Math.max(1, s.expectations().size());
      if (r.error() != null) {
        String where = r.error();
        int line = s.mountLine().number();
        int colon = where.indexOf(':', s.name().length());
        if (where.startsWith(s.name() + ":") && colon > 0) {
          int end = where.indexOf(':', colon + 1);
          try {
            line = Integer.parseInt(where.substring(colon + 1, end));
          } catch (RuntimeException e) {
            // keep the mount line
          }
        }
        point(Status.FAILED, s.name(), line, where + " (on " + r.backend() + ")", null,
            List.of());
        skipRest(s, "not run: the script's setup failed at line " + line);
      } else if (r.isSkipped()) {
        skipRest(s, r.skipped());
      } else if (s.expectations().isEmpty() && done < total) {
        point(Status.PASSED, s.name(), s.mountLine().number(),
            s.mountLine() + ": setup and mount (the script has no expect line)", null,
            List.of());
      }
      if (against != Against.BOTH || r.backend().equals(model.name())) {
        r.notes().forEach(n -> report.comment("note: " + n));
      }
    }

    /** Skips the script's points not reported yet. */
    void skipRest(Script s, String why) {
      int total = Math.max(1, s.expectations().size());
      while (done < total) {
        if (s.expectations().isEmpty()) {
          point(Status.SKIPPED, s.name(), s.mountLine().number(),
              s.mountLine() + ": setup and mount", why, List.of());
        } else {
          Expectation e = s.expectations().get(done);
          point(Status.SKIPPED, s.name(), e.line().number(), describe(e), why, List.of());
        }
      }
    }
  }
}
