package ovlsim.races.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import ovlsim.races.scenario.Grade;

/**
 * What a search of one scenario on one version found.
 *
 * @param scenario the scenario's name
 * @param version the overlay version ({@code v6})
 * @param bound the preemption bound
 * @param reduction was the partial-order reduction on
 * @param shards the shards it covers, as {@code I/N} texts ({@code 1/1} unsharded)
 * @param complete did it explore every schedule of the bound (no {@code --max-schedules} cap)
 * @param schedules how many distinct schedules it explored
 * @param runs how many runs that took (iterative bounding runs the schedules of a lower bound
 *     again to reach the higher ones)
 * @param millis the time it took
 * @param outcomes the distinct outcomes by name
 */
public record ExploreResult(
    String scenario,
    String version,
    int bound,
    boolean reduction,
    List<String> shards,
    boolean complete,
    long schedules,
    long runs,
    long millis,
    Map<String, OutcomeStats> outcomes) {
  public ExploreResult {
    Objects.requireNonNull(scenario);
    Objects.requireNonNull(version);
    shards = List.copyOf(shards);
    outcomes = new TreeMap<>(outcomes);
  }

  /** The outcomes, worst grade first, then most schedules, then by name. */
  public List<OutcomeStats> sorted() {
    List<OutcomeStats> l = new ArrayList<>(outcomes.values());
    l.sort(Comparator.comparing(OutcomeStats::grade).reversed()
        .thenComparing(Comparator.comparingLong(OutcomeStats::count).reversed())
        .thenComparing(OutcomeStats::name));
    return l;
  }

  /** How many distinct outcomes are forbidden. */
  public long forbidden() {
    return outcomes.values().stream().filter(o -> o.grade() == Grade.FORBIDDEN).count();
  }

  /**
   * {@code explored N schedules (bound K, complete): M outcomes, F forbidden}; "incomplete"
   * when capped or when shards are missing.
   */
  public String summary() {
    return String.format("explored %,d schedules (bound %d, %s): %d outcome%s, %d forbidden",
        schedules, bound, complete ? "complete" : "incomplete", outcomes.size(),
        outcomes.size() == 1 ? "" : "s", forbidden());
  }

  /**
   * The merge of shard results of one search: counts added, the shortest schedule of each
   * outcome kept; complete when every shard of the split is there, once, and complete.
   *
   * @throws IllegalArgumentException when the results are not shards of one search
   */
  public static ExploreResult merge(List<ExploreResult> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    ExploreResult first = parts.get(0);
    Map<String, OutcomeStats> out = new TreeMap<>();
    List<String> shards = new ArrayList<>();
    boolean complete = true;
    long schedules = 0;
    long runs = 0;
    long millis = 0;
    int n = -1;
    for (ExploreResult r : parts) {
      if (!r.scenario.equals(first.scenario) || !r.version.equals(first.version)
          || r.bound != first.bound || r.reduction != first.reduction) {
        throw new IllegalArgumentException("results of different searches: " + first.scenario
            + " " + first.version + " bound " + first.bound + " and " + r.scenario + " "
            + r.version + " bound " + r.bound);
      }
      for (String s : r.shards) {
        int total = Integer.parseInt(s.substring(s.indexOf('/') + 1));
        if (n >= 0 && total != n) {
          throw new IllegalArgumentException("shards of different splits: " + s + " and ?/" + n);
        }
        n = total;
        if (shards.contains(s)) {
          throw new IllegalArgumentException("shard " + s + " given twice");
        }
        shards.add(s);
      }
      complete &= r.complete;
      schedules += r.schedules;
      runs += r.runs;
      millis += r.millis;
      r.outcomes.forEach((k, v) -> out.merge(k, v, OutcomeStats::merge));
    }
    complete &= shards.size() == n;
    shards.sort(Comparator.comparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf('/')))));
    return new ExploreResult(first.scenario, first.version, first.bound, first.reduction, shards,
        complete, schedules, runs, millis, out);
  }
}
