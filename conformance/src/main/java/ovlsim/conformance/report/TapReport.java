package ovlsim.conformance.report;

import java.io.PrintWriter;

/**
 * The run as TAP version 13, the version {@code prove} (Perl's TAP::Harness) reads; TAP 14
 * readers read it too:
 *
 * <pre>
 * TAP version 13
 * 1..3
 * # dir/x.fst on model v7
 * ok 1 - dir/x.fst:4: expect 0 mkdir a/new 0755
 * not ok 2 - dir/x.fst:5: expect EEXIST mkdir a/new2 0755
 * # expected EEXIST, got 0
 * ok 3 - dir/x.fst:6: expect 0 rmdir a # SKIP kernel backend skipped: not root
 * # 1 passed, 1 failed, 1 skipped
 * </pre>
 *
 * The plan comes first, the numbering runs over the whole run, diagnostics are {@code #}
 * lines after their point, and a {@code #} or {@code \} in a description is escaped with a
 * backslash (as TAP 14 writes it down and TAP::Parser reads it), so that no script text reads
 * as a directive.
 */
public final class TapReport implements FstReport {
  private final PrintWriter out;

  public TapReport(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void plan(int points) {
    out.println("TAP version 13");
    out.println("1.." + points);
    out.flush();
  }

  @Override
  public void scriptStart(String file, String where) {
    comment(file + " on " + where);
  }

  @Override
  public void point(TestPoint p) {
    StringBuilder sb = new StringBuilder();
    sb.append(p.status() == TestPoint.Status.FAILED ? "not ok " : "ok ").append(p.number())
        .append(" - ").append(escape(p.description()));
    if (p.status() == TestPoint.Status.SKIPPED) {
      sb.append(" # SKIP ").append(escape(oneLine(p.skipReason())));
    }
    out.println(sb);
    p.diagnostics().forEach(this::commentLines);
    out.flush();
  }

  @Override
  public void comment(String text) {
    commentLines(text);
    out.flush();
  }

  private void commentLines(String text) {
    for (String l : text.split("\n", -1)) {
      out.println(l.isEmpty() ? "#" : "# " + l);
    }
  }

  @Override
  public void scriptEnd() {
    out.flush();
  }

  @Override
  public void end(String summary, long passed, long failed, long skipped) {
    comment(summary);
  }

  /** {@code s} fit for a TAP description: backslash and hash escaped, on one line. */
  static String escape(String s) {
    return oneLine(s).replace("\\", "\\\\").replace("#", "\\#");
  }

  private static String oneLine(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
