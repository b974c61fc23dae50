package ovlsim.races;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import org.openjdk.jcstress.annotations.Expect;

/**
 * Prints what a race run observed: per harness and version, the outcome table (count, share,
 * grading, description) and one summary line, e.g. {@code copyup-vs-rename-unlink v6: bad
 * outcome seen 18 times in 47,343 samples (other interesting 325, forbidden 0)}.
 */
public final class RaceReport {
  private RaceReport() {}

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
        results.byTest().getOrDefault(race.testName(version), Map.of());
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
            results.byTest().getOrDefault(race.testName(v), Map.of());
        long total = outcomes.values().stream().mapToLong(RaceResults.Outcome::count).sum();
        out.printf("%s %s%n", race.cliName(), v.optionName());
        outcomes.values().stream()
            .sorted((a, b) -> Long.compare(b.count(), a.count()))
            .forEach(
                o ->
                    out.printf(
                        "  %-34s %,12d %7.3f%%  %-11s %s%n",
                        o.state(),
                        o.count(),
                        100.0 * o.count() / Math.max(1, total),
                        grading(o.expect()),
                        o.description()));
        String error = results.errors().get(race.testName(v));
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
