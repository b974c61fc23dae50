package ovlsim.races;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import org.openjdk.jcstress.annotations.Expect;

/**
 * The page a race run writes beside jcstress's report ({@code summary.html}, one file, no
 * script, nothing fetched): per harness its scenario (the header of its scenario file: what it
 * is and the tasks' timeline), and per version a banner saying whether the harness's bad
 * outcome was seen, then every outcome with its count, share, grading and meaning (the
 * {@code means} lines of the scenario file's outcome classes). jcstress's own index shows a
 * green PASSED wherever no outcome was forbidden, also for the v6 run that hit Al Viro's race:
 * this page marks that run red.
 */
public final class RaceSummaryPage {
  private RaceSummaryPage() {}

  /** How a harness fared on a version, the banner's words. */
  public enum Verdict {
    /** A forbidden outcome was seen: the run fails. */
    FORBIDDEN_SEEN,
    /** The harness's bad outcome was seen (allowed on this version, but a bug). */
    BAD_SEEN,
    /** The harness did not run or produced no samples. */
    NO_SAMPLES,
    /** Neither the bad outcome nor a forbidden one was seen. */
    CLEAN
  }

  /** The verdict of {@code race} on {@code version} in {@code results}. */
  public static Verdict verdict(RaceResults results, Race race, OvlVersion version) {
    RaceReport.Summary s = RaceReport.summarize(results, race, version);
    if (s.samples() == 0) {
      return Verdict.NO_SAMPLES;
    }
    if (s.forbidden() > 0) {
      return Verdict.FORBIDDEN_SEEN;
    }
    return s.bad() > 0 ? Verdict.BAD_SEEN : Verdict.CLEAN;
  }

  /** Writes the page for {@code races} x {@code versions} to {@code file}. */
  public static void write(Path file, RaceResults results, List<Race> races,
      List<OvlVersion> versions, String mode) throws IOException {
    Files.writeString(file, html(results, races, versions, mode), StandardCharsets.UTF_8);
  }

  /** The page. */
  public static String html(RaceResults results, List<Race> races, List<OvlVersion> versions,
      String mode) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>ovlsim race run: summary</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:75em}\n")
        .append("pre{background:#f4f4f4;padding:.8em;overflow-x:auto;font-size:90%}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}\n")
        .append("td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left;"
            + "vertical-align:top}\n")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".banner{padding:.5em .8em;font-weight:bold;margin:.5em 0}\n")
        .append(".BAD_SEEN,.FORBIDDEN_SEEN{background:#c62828;color:#fff}\n")
        .append(".CLEAN{background:#2e7d32;color:#fff}\n")
        .append(".NO_SAMPLES{background:#757575;color:#fff}\n")
        .append("tr.bad td{background:#ffebee}\ntr.forbidden td{background:#ffcdd2;"
            + "font-weight:bold}\n")
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>ovlsim race run</h1>\n<p>jcstress mode <code>").append(esc(mode))
        .append("</code>, ").append(races.size()).append(" harness")
        .append(races.size() == 1 ? "" : "es").append(" on ")
        .append(esc(String.join(", ", versions.stream().map(OvlVersion::optionName).toList())))
        .append(". jcstress runs once per version; its own reports are ")
        .append(String.join(", ", versions.stream().map(v -> "<a href=\"" + esc(v.optionName())
            + "/html/index.html\">" + esc(v.optionName()) + "/html/index.html</a>").toList()))
        .append("; each marks a run PASSED when no outcome was forbidden, even where the harness's"
            + " bad outcome (graded <em>interesting</em>) was seen. This page marks each such"
            + " run in red.</p>\n");
    sb.append("<table>\n<tr><th>harness</th>");
    versions.forEach(v -> sb.append("<th>").append(esc(v.optionName())).append("</th>"));
    sb.append("</tr>\n");
    for (Race race : races) {
      sb.append("<tr><td><a href=\"#").append(esc(race.cliName())).append("\">")
          .append(esc(race.cliName())).append("</a></td>");
      for (OvlVersion v : versions) {
        Verdict verdict = verdict(results, race, v);
        sb.append("<td class=\"").append(verdict).append("\">").append(esc(word(verdict)))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
    for (Race race : races) {
      section(sb, results, race, versions);
    }
    return sb.append("</body>\n</html>\n").toString();
  }

  private static void section(StringBuilder sb, RaceResults results, Race race,
      List<OvlVersion> versions) {
    sb.append("<h2 id=\"").append(esc(race.cliName())).append("\">").append(esc(race.cliName()))
        .append("</h2>\n<p>").append(esc(race.summary())).append(". Its bad outcome: ")
        .append(esc(race.badMeaning())).append(" (possible on: ").append(esc(race.badOn()))
        .append("). Its scenario file is <code>races/scenarios/").append(esc(race.scenario()))
        .append(".scn</code>; its header:</p>\n<pre>").append(esc(race.timeline()))
        .append("</pre>\n");
    for (OvlVersion v : versions) {
      RaceReport.Summary s = RaceReport.summarize(results, race, v);
      Verdict verdict = verdict(results, race, v);
      sb.append("<h3>").append(esc(race.cliName())).append(" on ").append(esc(v.optionName()))
          .append("</h3>\n<div class=\"banner ").append(verdict).append("\">")
          .append(esc(banner(race, v, s, verdict))).append("</div>\n");
      Map<String, RaceResults.Outcome> outcomes =
          results.byTest().getOrDefault(race.resultKey(v), Map.of());
      String error = results.errors().get(race.resultKey(v));
      if (error != null) {
        sb.append("<p>jcstress: ").append(esc(error)).append("</p>\n");
      }
      if (outcomes.isEmpty()) {
        continue;
      }
      sb.append("<table>\n<tr><th>outcome</th><th>count</th><th>share</th><th>grading</th>"
          + "<th>meaning</th></tr>\n");
      List<RaceResults.Outcome> sorted = new ArrayList<>(outcomes.values());
      sorted.sort((a, b) -> Long.compare(b.count(), a.count()));
      for (RaceResults.Outcome o : sorted) {
        boolean bad = race.isBadOutcome(o.state());
        String cls = o.expect() == Expect.FORBIDDEN ? " class=\"forbidden\""
            : bad ? " class=\"bad\"" : "";
        sb.append("<tr").append(cls).append("><td><code>").append(esc(o.state()))
            .append("</code>").append(bad ? " &#9888; the bad outcome" : "")
            .append("</td><td class=\"n\">").append(String.format("%,d", o.count()))
            .append("</td><td class=\"n\">")
            .append(String.format("%.3f%%", 100.0 * o.count() / Math.max(1, s.samples())))
            .append("</td><td>").append(esc(RaceReport.grading(o.expect()))).append("</td><td>")
            .append(String.join("<br>", race.explain(o.state()).stream()
                .map(RaceSummaryPage::esc).toList()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
  }

  private static String word(Verdict v) {
    return switch (v) {
      case FORBIDDEN_SEEN -> "FORBIDDEN outcome seen";
      case BAD_SEEN -> "BAD outcome seen";
      case NO_SAMPLES -> "no samples";
      case CLEAN -> "bad outcome not seen";
    };
  }

  private static String banner(Race race, OvlVersion v, RaceReport.Summary s, Verdict verdict) {
    return switch (verdict) {
      case FORBIDDEN_SEEN -> String.format("FORBIDDEN outcome seen %,d times in %,d samples:"
          + " the run fails", s.forbidden(), s.samples());
      case BAD_SEEN -> String.format("BAD OUTCOME SEEN %,d times in %,d samples: %s%s",
          s.bad(), s.samples(), race.badMeaning(), race.badExpectedOn(v)
              ? " (a bug of " + v.optionName() + ", graded interesting: jcstress says PASSED)"
              : "");
      case NO_SAMPLES -> "no samples: the harness did not run (see " + v.optionName() + "/jcstress.log)";
      case CLEAN -> String.format("the bad outcome was not seen in %,d samples (other"
          + " interesting %,d)", s.samples(), s.otherInteresting());
    };
  }

  /** {@code s} as HTML text. */
  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
