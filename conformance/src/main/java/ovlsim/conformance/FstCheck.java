package ovlsim.conformance;

import java.io.PrintWriter;
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

/**
 * Runs scripts on the model, the kernel, or both, and prints the report {@code ovlsim fstest}
 * shows: per script a header and a line per expectation, then one summary line
 * {@code N passed, M failed} (with {@code , K skipped} when a backend could not run).
 *
 * <p>On {@link Against#BOTH} a line passes only when it held on both; every line where the two
 * printed different results gets a {@code # differ} line, marked {@code declared} when a
 * declared deviation explains it.
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
   * The counts of a run.
   *
   * @param passed expectations that held (on both, for BOTH)
   * @param failed expectations that did not, plus one per script error
   * @param skipped expectations a backend could not run
   * @param disagreements lines where model and kernel printed different results (BOTH only)
   */
  public record Summary(long passed, long failed, long skipped, long disagreements) {
    /** Every expectation ran and held. */
    public boolean ok() {
      return failed == 0 && skipped == 0;
    }

    Summary plus(Summary o) {
      return new Summary(passed + o.passed, failed + o.failed, skipped + o.skipped,
          disagreements + o.disagreements);
    }
  }

  /**
   * Runs {@code scripts} and prints the report to {@code out}.
   *
   * @param model the model backend (unused for KERNEL)
   * @param kernel the kernel backend (unused for MODEL)
   * @param deviations what kernel runs apply
   * @param kernelAvailability {@code null} when the kernel backend can run, else why not
   */
  public static Summary run(
      List<Script> scripts,
      Against against,
      Backend model,
      Backend kernel,
      Deviations deviations,
      String kernelAvailability,
      PrintWriter out) {
    Summary total = new Summary(0, 0, 0, 0);
    boolean kernelUp = kernelAvailability == null;
    if (against != Against.MODEL && !kernelUp) {
      out.println("# " + kernelAvailability);
    }
    for (Script s : scripts) {
      Summary one = switch (against) {
        case MODEL -> single(FstRunner.run(s, model), out);
        case KERNEL -> kernelUp ? single(runKernel(s, kernel, deviations), out)
            : skipped(s, kernel.name(), out);
        case BOTH -> {
          ScriptResult m = FstRunner.run(s, model);
          if (!kernelUp) {
            Summary sm = single(m, out);
            yield sm.plus(new Summary(0, 0, s.expectations().size(), 0));
          }
          yield both(m, runKernel(s, kernel, deviations), out);
        }
      };
      total = total.plus(one);
    }
    if (against == Against.BOTH && kernelUp) {
      out.println("# disagreements between model and kernel: " + total.disagreements());
    }
    out.println(FstOutput.summary(total.passed(), total.failed(), total.skipped()));
    out.flush();
    return total;
  }

  /** A kernel run: the script with the declared deviations applied. */
  public static ScriptResult runKernel(Script s, Backend kernel, Deviations deviations) {
    Script applied;
    try {
      applied = deviations.apply(s).script();
    } catch (FstSyntaxException e) {
      return new ScriptResult(s, kernel.name(), List.of(), null, e.getMessage());
    }
    return FstRunner.run(applied, kernel);
  }

  private static Summary skipped(Script s, String backend, PrintWriter out) {
    out.println("# " + s.name() + " on " + backend);
    out.println("# skipped");
    return new Summary(0, 0, s.expectations().size(), 0);
  }

  private static Summary single(ScriptResult r, PrintWriter out) {
    FstOutput.print(r, out);
    if (r.isSkipped()) {
      return new Summary(0, 0, r.script().expectations().size(), 0);
    }
    return new Summary(r.passed(), r.failed(), 0, 0);
  }

  private static Summary both(ScriptResult m, ScriptResult k, PrintWriter out) {
    if (m.isSkipped() || k.isSkipped() || m.error() != null || k.error() != null) {
      // Nothing to compare line by line: report each run on its own.
      Summary sm = single(m, out);
      Summary sk = single(k, out);
      long skipped = sm.skipped() + sk.skipped();
      long failed = sm.failed() + sk.failed();
      return new Summary(0, failed, skipped, 0);
    }
    out.println("# " + m.script().name() + " on " + m.backend() + " and " + k.backend());
    m.notes().forEach(n -> out.println("# note: " + n));
    long passed = 0;
    long failed = 0;
    long differ = 0;
    for (int i = 0; i < m.lines().size(); i++) {
      LineResult lm = m.lines().get(i);
      LineResult lk = k.lines().get(i);
      Expectation e = lm.expectation();
      Expectation ek = lk.expectation();
      if (lm.passed() && lk.passed()) {
        passed++;
        out.println("ok " + e.number());
      } else {
        failed++;
        StringBuilder sb = new StringBuilder("not ok " + e.number() + " - " + e.line() + ":");
        if (!lm.passed()) {
          sb.append(" ").append(m.backend()).append(": expected ").append(e.result())
              .append(", got ").append(FstOutput.display(lm.actual())).append(";");
        }
        if (!lk.passed()) {
          sb.append(" ").append(k.backend()).append(": expected ").append(ek.result())
              .append(", got ").append(FstOutput.display(lk.actual())).append(";");
        }
        sb.setLength(sb.length() - 1);
        out.println(sb);
      }
      if (!Objects.equals(lm.actual(), lk.actual())) {
        differ++;
        out.println("# differ " + e.number() + " - " + e.line() + ": " + m.backend() + " "
            + FstOutput.display(lm.actual()) + ", " + k.backend() + " "
            + FstOutput.display(lk.actual())
            + (ek.deviation() != null ? " (declared deviation " + ek.deviation() + ")" : ""));
      }
    }
    return new Summary(passed, failed, 0, differ);
  }
}
