package ovlsim.conformance.fst;

import java.io.PrintWriter;

/**
 * One script's result as plain text, for test failure messages (what {@code ovlsim fstest}
 * prints is in {@link ovlsim.conformance.report}):
 *
 * <pre>
 * # tests/open.fst on model v7
 * ok 1
 * not ok 2 - tests/open.fst:12: expect EEXIST mkdir a 0755: expected EEXIST, got 0
 * ok 3 # deviation whiteout-format
 * </pre>
 *
 * A script error prints {@code error: FILE:LINE: ...}; a backend that cannot run prints
 * {@code # skipped: WHY}; what the backend noticed besides (the model's WARN_ONs, lockdep
 * reports) prints {@code # note: ...}. Also the shared pieces of every report: the summary
 * line and how a result is shown.
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
      out.println("error: " + r.error());
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
