package ovlsim.races;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import org.openjdk.jcstress.annotations.Expect;

/**
 * Prints what a race run observed: per harness and version, the outcome table (count, share,
 * grading, meaning) and one summary line, e.g. {@code copyup-vs-rename-unlink v6: bad
 * outcome seen 18 times in 47,343 samples (other interesting 325, forbidden 0)}.
 */
public final class RaceReport {
  private RaceReport() {}

  /**
   * What an outcome means, for its row: the scenario file's {@code means} line of a one-part
   * outcome; for one of several parts, where the summary page explains each; jcstress's
   * description of a state the file does not name.
   */
  static String meaning(Race race, RaceResults.Outcome o) {
    List<String> parts = race.explain(o.state());
    if (parts.size() > 1) {
      return parts.size() + " outcome classes at once (each explained on summary.html)";
    }
    String part = parts.get(0);
    int colon = part.indexOf(": ");
    return colon < 0 ? o.description() : part.substring(colon + 2);
  }

  /** The counts behind one summary line. */
  public record Summary(
      Race race, OvlVersion version, long samples, long bad, long otherInteresting, long forbidden) {
    /** The summary line. */
    public String line() {
      if (samples == 0) {
        return race.cliName() + " " + version.optionName() + ": no samples (see the jcstress log)";
      }
      return String.format(
          "%s %s: bad outcome seen %,d times in %,d samples (other interesting %,d, forbidden %,d)",
          race.cliName(), version.optionName(), bad, samples, otherInteresting, forbidden);
    }
  }

  /** The summary of {@code race} on {@code version} in {@code results}. */
  public static Summary summarize(RaceResults results, Race race, OvlVersion version) {
    Map<String, RaceResults.Outcome> outcomes =
        results.byTest().getOrDefault(race.resultKey(version), Map.of());
    long samples = 0;
    long bad = 0;
    long other = 0;
    long forbidden = 0;
    for (RaceResults.Outcome o : outcomes.values()) {
      samples += o.count();
      if (o.expect() == Expect.FORBIDDEN) {
        forbidden += o.count();
      }
      if (race.isBadOutcome(o.state())) {
        bad += o.count();
      } else if (o.expect() == Expect.ACCEPTABLE_INTERESTING) {
        other += o.count();
      }
    }
    return new Summary(race, version, samples, bad, other, forbidden);
  }

  /**
   * Prints the tables and summary lines of {@code races} x {@code versions}; returns true when
   * no forbidden outcome was seen and every harness ran.
   */
  public static boolean print(
      RaceResults results, List<Race> races, List<OvlVersion> versions, PrintWriter out) {
    boolean ok = true;
    for (Race race : races) {
      for (OvlVersion v : versions) {
        Map<String, RaceResults.Outcome> outcomes =
            results.byTest().getOrDefault(race.resultKey(v), Map.of());
        long total = outcomes.values().stream().mapToLong(RaceResults.Outcome::count).sum();
        out.printf("%s %s%n", race.cliName(), v.optionName());
        int width = Math.max(34, outcomes.keySet().stream().mapToInt(String::length).max()
            .orElse(0));
        outcomes.values().stream()
            .sorted((a, b) -> Long.compare(b.count(), a.count()))
            .forEach(
                o ->
                    out.printf(
                        "  %-" + width + "s %,12d %7.3f%%  %-11s %s%n",
                        o.state(),
                        o.count(),
                        100.0 * o.count() / Math.max(1, total),
                        grading(o.expect()),
                        meaning(race, o)));
        String error = results.errors().get(race.resultKey(v));
        if (error != null) {
          out.println("  error: " + error);
        }
      }
    }
    out.println();
    int runs = 0;
    int failed = 0;
    for (Race race : races) {
      for (OvlVersion v : versions) {
        Summary s = summarize(results, race, v);
        out.println(s.line());
        runs++;
        if (s.forbidden() != 0 || s.samples() == 0) {
          failed++;
        }
        ok &= s.forbidden() == 0 && s.samples() > 0;
      }
    }
    out.printf("%d harness runs, %d with a forbidden outcome or no samples%n", runs, failed);
    return ok;
  }

  /** How jcstress grades an outcome, in the report's words. */
  static String grading(Expect e) {
    return switch (e) {
      case ACCEPTABLE -> "acceptable";
      case ACCEPTABLE_INTERESTING -> "interesting";
      case FORBIDDEN -> "FORBIDDEN";
      default -> e.toString();
    };
  }
}
