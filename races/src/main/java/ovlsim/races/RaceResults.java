package ovlsim.races;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import ovlsim.overlay.OvlVersion;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * What a race run observed, per harness and version: each outcome with its count and its
 * grading ({@link Expect}), summed over every JVM configuration and fork of the run. Read from
 * the result blob ({@code jcstress-results-*.bin.gz}) of jcstress's run on each version.
 */
public final class RaceResults {
  /** One outcome of one test: its count and how the test's {@code @Outcome}s grade it. */
  public record Outcome(String state, long count, Expect expect, String description) {
    /** An outcome that shows a bug: interesting or forbidden. */
    public boolean isBad() {
      return expect == Expect.ACCEPTABLE_INTERESTING || expect == Expect.FORBIDDEN;
    }
  }

  private final Map<String, Map<String, Outcome>> byTest = new TreeMap<>();
  private final Map<String, String> errors = new TreeMap<>();

  private RaceResults() {}

  /** Results as given: for tests of what reads them. */
  static RaceResults of(Map<String, Map<String, Outcome>> byTest) {
    RaceResults r = new RaceResults();
    byTest.forEach((k, v) -> r.byTest.put(k, new LinkedHashMap<>(v)));
    return r;
  }

  /**
   * Reads the result blob {@code file} a jcstress run on {@code version} wrote; each test's
   * results are named {@link Race#resultKey} (test {@code @} version).
   */
  public static RaceResults read(java.nio.file.Path file, OvlVersion version) throws IOException {
    InProcessCollector collector = new InProcessCollector();
    DiskReadCollector reader = new DiskReadCollector(file.toString(), collector);
    try {
      reader.dump();
    } catch (ClassNotFoundException e) {
      throw new IOException("unreadable jcstress result " + file + ": " + e.getMessage(), e);
    } finally {
      reader.close();
    }
    RaceResults results = new RaceResults();
    for (TestResult r : collector.getTestResults()) {
      results.add(r, version);
    }
    return results;
  }

  /** Adds {@code other}'s tests (of another version: the names differ). */
  void addAll(RaceResults other) {
    other.byTest.forEach((k, v) -> byTest.put(k, new LinkedHashMap<>(v)));
    errors.putAll(other.errors);
  }

  private void add(TestResult r, OvlVersion version) {
    TestInfo info = TestList.getInfo(r.getName());
    String name = Race.resultKey(r.getName(), version);
    Map<String, Outcome> outcomes = byTest.computeIfAbsent(name, n -> new LinkedHashMap<>());
    for (String state : r.getStateKeys()) {
      StateCase c = caseFor(info, state);
      long count = r.getCount(state);
      outcomes.merge(
          state,
          new Outcome(state, count, c.expect(), c.description()),
          (a, b) -> new Outcome(state, a.count() + b.count(), a.expect(), a.description()));
    }
    if (!r.getMessages().isEmpty() && r.getStateKeys().isEmpty()) {
      errors.merge(name, r.getMessages().get(0), (a, b) -> a);
    }
  }

  /** The {@code @Outcome} of {@code info} that grades {@code state}, as jcstress picks it. */
  static StateCase caseFor(TestInfo info, String state) {
    for (StateCase c : info.cases()) {
      if (c.matchesExactly(state)) {
        return c;
      }
    }
    for (StateCase c : info.cases()) {
      if (c.matches(state)) {
        return c;
      }
    }
    return info.unmatched();
  }

  /** The tests seen, by {@link Race#resultKey} ({@code ...CopyUpVsRenameUnlink@v6}). */
  public Map<String, Map<String, Outcome>> byTest() {
    return byTest;
  }

  /** Tests that failed to run at all, with jcstress's first message. */
  public Map<String, String> errors() {
    return errors;
  }
}
