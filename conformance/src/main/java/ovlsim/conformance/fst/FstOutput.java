package ovlsim.conformance.fst;

import java.io.PrintWriter;

/**
 * The runner's report, TAP-like:
 *
 * <pre>
 * # tests/open.fst on model v7
 * ok 1
 * not ok 2 - tests/open.fst:12: expect EEXIST mkdir a 0755: expected EEXIST, got 0
 * ok 3 # deviation whiteout-format
 * </pre>
 *
 * then, once for the whole run, {@code N passed, M failed}. A script error prints
 * {@code Bail out! FILE:LINE: ...}; a backend that cannot run prints {@code # skipped: WHY};
 * what the backend noticed besides (the model's WARN_ONs, lockdep reports) prints
 * {@code # note: ...}.
 */
public final class FstOutput {
  private FstOutput() {}

  /** The header and one line per expectation of {@code r}. */
  public static void print(ScriptResult r, PrintWriter out) {
    out.println("# " + r.script().name() + " on " + r.backend());
    if (r.isSkipped()) {
      out.println("# skipped: " + r.skipped());
      return;
    }
    for (LineResult l : r.lines()) {
      out.println(line(l));
    }
    r.notes().forEach(n -> out.println("# note: " + n));
    if (r.error() != null) {
      out.println("Bail out! " + r.error());
    }
  }

  /** {@code ok N}, or {@code not ok N - FILE:LINE: CODE: expected X, got Y}. */
  public static String line(LineResult l) {
    Expectation e = l.expectation();
    String dev = e.deviation() == null ? "" : " # deviation " + e.deviation();
    if (l.passed()) {
      return "ok " + e.number() + dev;
    }
    return "not ok " + e.number() + " - " + e.line() + ": expected " + e.result()
        + ", got " + display(l.actual()) + dev;
  }

  /** The last line: {@code N passed, M failed}, and how many were skipped if any. */
  public static String summary(long passed, long failed, long skipped) {
    return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
  }

  /** A result as a reader can tell it apart: quoted when empty or when it holds blanks. */
  public static String display(String s) {
    if (s.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '"' || c == 0x7f) {
        return Tokenizer.quote(s);
      }
    }
    return s;
  }
}
