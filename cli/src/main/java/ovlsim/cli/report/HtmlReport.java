package ovlsim.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ovlsim.cli.inspect.Recording;

/**
 * The step-by-step report: one self-contained HTML file (its script, styles and data inline;
 * it loads nothing) that shows one or more recorded runs. For each run: the tasks as lanes on a
 * timeline, each lock a task held as a bar over the steps it held it (hatched while it waited
 * for it), the named points and the lines' starts and results marked; a slider and the arrow
 * keys choose a step, and the page draws the machine at that step: the overlay's dentries with
 * their upper and lower dentries as a graph (hashed, negative and unhashed drawn apart), the
 * merged view and both layers as trees, each task's locks, the WARN/BUG log, and what changed
 * since the step before; and the lock-class graph, as an SVG the caller made.
 */
public final class HtmlReport {
  private static final String RESOURCES = "/ovlsim/cli/report/";

  /**
   * One run of the report.
   *
   * @param label its tab's label ({@code v6})
   * @param title what ran: scenario, version, schedule
   * @param outcome the outcome, in words, or null
   * @param notes lines that explain the outcome
   * @param observations the run's observations by name
   * @param lockSvg the lock-class graph (an {@code <svg>} element), or null
   * @param dependencies the lock-class dependencies in the order lockdep found them, each
   *     {@code from}, {@code to} and {@code op} (the operation that first made it)
   * @param recording the run's steps
   */
  public record Run(String label, String title, String outcome, List<String> notes,
      Map<String, String> observations, String lockSvg, List<Map<String, String>> dependencies,
      Recording recording) {
    public Run {
      Objects.requireNonNull(label);
      Objects.requireNonNull(title);
      notes = List.copyOf(notes);
      observations = new LinkedHashMap<>(observations);
      dependencies = List.copyOf(dependencies);
      Objects.requireNonNull(recording);
    }
  }

  private HtmlReport() {}

  /** The page of {@code runs}, titled {@code title}. */
  public static String html(String title, List<Run> runs) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", title);
    data.put("runs", runs.stream().map(HtmlReport::runData).toList());
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report's data do not serialize", e);
    }
    // nothing in the data may end the script element or open a comment in it
    json = json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    return resource("report.html")
        .replace("{{TITLE}}", escape(title))
        .replace("/*{{CSS}}*/", resource("report.css"))
        .replace("/*{{JS}}*/", resource("report.js"))
        .replace("{{DATA}}", json);
  }

  /** Writes the page of {@code runs} to {@code file}. */
  public static void write(Path file, String title, List<Run> runs) throws IOException {
    Files.writeString(file, html(title, runs), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> runData(Run r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", r.label());
    m.put("title", r.title());
    m.put("outcome", r.outcome());
    m.put("notes", r.notes());
    m.put("observations", r.observations());
    m.put("lockSvg", r.lockSvg());
    m.put("dependencies", r.dependencies());
    m.put("tasks", r.recording().taskNames());
    m.put("truncated", r.recording().truncated());
    m.put("steps", r.recording().steps());
    return m;
  }

  /** {@code s} as HTML text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
