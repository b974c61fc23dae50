package ovlsim.races.explore;

import java.util.Comparator;
import java.util.Objects;
import ovlsim.races.scenario.Grade;

/**
 * One distinct outcome of a search: its grade, how many schedules reached it, and the
 * shortest of them (fewest preemptions, then fewest steps, then the schedule's text, so that
 * every search and every merge of shards picks the same one).
 */
public record OutcomeStats(
    String name, Grade grade, long count, String shortest, int preemptions, int steps) {
  /** The order of "shorter". */
  static final Comparator<OutcomeStats> SHORTER = Comparator
      .comparingInt(OutcomeStats::preemptions)
      .thenComparingInt(OutcomeStats::steps)
      .thenComparing(OutcomeStats::shortest);

  public OutcomeStats {
    Objects.requireNonNull(name);
    Objects.requireNonNull(grade);
    Objects.requireNonNull(shortest);
  }

  /** Both counts, and the shorter schedule of the two. */
  OutcomeStats merge(OutcomeStats o) {
    OutcomeStats s = SHORTER.compare(this, o) <= 0 ? this : o;
    return new OutcomeStats(name, grade.worst(o.grade), count + o.count, s.shortest,
        s.preemptions, s.steps);
  }
}
