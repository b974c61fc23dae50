package ovlsim.conformance.report;

import java.io.PrintWriter;

/**
 * The run as JSON lines: one object per line, written as it happens (so {@code jq} reads the
 * stream as it comes):
 *
 * <pre>
 * {"event":"plan","tests":3}
 * {"event":"script","file":"x.fst","on":"model v7"}
 * {"event":"test","n":1,"status":"passed","file":"x.fst","line":4,"description":"...","diagnostics":[]}
 * {"event":"comment","text":"..."}
 * {"event":"summary","passed":1,"failed":1,"skipped":1,"text":"1 passed, 1 failed, 1 skipped"}
 * </pre>
 *
 * A skipped test has a {@code "reason"}.
 */
public final class JsonReport implements FstReport {
  private final PrintWriter out;

  public JsonReport(PrintWriter out) {
    this.out = out;
  }

  private void emit(String object) {
    out.println(object);
    out.flush();
  }

  @Override
  public void plan(int points) {
    emit("{\"event\":\"plan\",\"tests\":" + points + "}");
  }

  @Override
  public void scriptStart(String file, String where) {
    emit("{\"event\":\"script\",\"file\":" + str(file) + ",\"on\":" + str(where) + "}");
  }

  @Override
  public void point(TestPoint p) {
    StringBuilder sb = new StringBuilder("{\"event\":\"test\",\"n\":").append(p.number())
        .append(",\"status\":").append(str(p.status().name().toLowerCase(java.util.Locale.ROOT)))
        .append(",\"file\":").append(str(p.file()))
        .append(",\"line\":").append(p.line())
        .append(",\"description\":").append(str(p.description()));
    if (p.skipReason() != null) {
      sb.append(",\"reason\":").append(str(p.skipReason()));
    }
    sb.append(",\"diagnostics\":[");
    for (int i = 0; i < p.diagnostics().size(); i++) {
      sb.append(i == 0 ? "" : ",").append(str(p.diagnostics().get(i)));
    }
    emit(sb.append("]}").toString());
  }

  @Override
  public void comment(String text) {
    emit("{\"event\":\"comment\",\"text\":" + str(text) + "}");
  }

  @Override
  public void scriptEnd() {
    out.flush();
  }

  @Override
  public void end(String summary, long passed, long failed, long skipped) {
    emit("{\"event\":\"summary\",\"passed\":" + passed + ",\"failed\":" + failed
        + ",\"skipped\":" + skipped + ",\"text\":" + str(summary) + "}");
  }

  /** {@code s} as a JSON string. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
