package ovlsim.conformance.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The run as JUnit XML, the format CI servers read: one {@code <testsuite>} per script
 * (written when the script ends, since its counts come first), one {@code <testcase>} per
 * test point with a {@code <failure>} or {@code <skipped>}, the diagnostics and comments in
 * {@code <system-out>}, all in one {@code <testsuites>}.
 */
public final class JunitReport implements FstReport {
  private final PrintWriter out;
  private final List<TestPoint> points = new ArrayList<>();
  private final StringBuilder systemOut = new StringBuilder();
  private final StringBuilder runOut = new StringBuilder();
  private String file;
  private String where;

  public JunitReport(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void plan(int count) {
    out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    out.println("<testsuites name=\"ovlsim fstest\" tests=\"" + count + "\">");
    out.flush();
  }

  @Override
  public void scriptStart(String f, String w) {
    file = f;
    where = w;
    points.clear();
    systemOut.setLength(0);
  }

  @Override
  public void point(TestPoint p) {
    points.add(p);
    p.diagnostics().forEach(d -> systemOut.append(p.number()).append(": ").append(d)
        .append('\n'));
  }

  @Override
  public void comment(String text) {
    (file == null ? runOut : systemOut).append(text).append('\n');
  }

  @Override
  public void scriptEnd() {
    long failures = points.stream().filter(p -> p.status() == TestPoint.Status.FAILED).count();
    long skipped = points.stream().filter(p -> p.status() == TestPoint.Status.SKIPPED).count();
    out.println("  <testsuite name=\"" + attr(file) + "\" hostname=\"" + attr(where)
        + "\" tests=\"" + points.size() + "\" failures=\"" + failures + "\" errors=\"0\""
        + " skipped=\"" + skipped + "\">");
    for (TestPoint p : points) {
      String open = "    <testcase classname=\"" + attr(file + " on " + where) + "\" name=\""
          + attr(p.number() + " - " + p.description()) + "\"";
      switch (p.status()) {
        case PASSED -> out.println(open + "/>");
        case SKIPPED -> {
          out.println(open + ">");
          out.println("      <skipped message=\"" + attr(p.skipReason()) + "\"/>");
          out.println("    </testcase>");
        }
        case FAILED -> {
          out.println(open + ">");
          String msg = p.diagnostics().isEmpty() ? p.description() : p.diagnostics().get(0);
          out.println("      <failure message=\"" + attr(msg) + "\">"
              + text(String.join("\n", p.diagnostics())) + "</failure>");
          out.println("    </testcase>");
        }
        default -> throw new IllegalStateException();
      }
    }
    if (systemOut.length() > 0) {
      out.println("    <system-out>" + text(systemOut.toString()) + "</system-out>");
    }
    out.println("  </testsuite>");
    out.flush();
    file = null;
  }

  @Override
  public void end(String summary, long passed, long failed, long skipped) {
    runOut.append(summary).append('\n');
    out.println("  <!-- " + text(runOut.toString().trim()).replace("--", "- -") + " -->");
    out.println("</testsuites>");
    out.flush();
  }

  /** {@code s} as XML attribute text; characters XML 1.0 cannot hold become {@code \xHH}. */
  static String attr(String s) {
    return text(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\t", "&#9;");
  }

  /** {@code s} as XML character data. */
  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> {
          boolean legal = c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c <= 0xd7ff)
              || (c >= 0xe000 && c <= 0xfffd) || Character.isSurrogate(c);
          if (legal) {
            sb.append(c);
          } else {
            sb.append(String.format("\\x%02x", (int) c));
          }
        }
      }
    }
    return sb.toString();
  }
}
