package ovlsim.conformance.report;

import java.util.List;

/**
 * One test point of a run: an expectation that ran (on one backend, or on both), one that
 * could not, or a script that does not parse or whose setup failed.
 *
 * @param number the point's number, counted over the whole run from 1
 * @param status passed, failed or skipped
 * @param file the script's name
 * @param line the script line the point is about (an expect line, or the line that failed)
 * @param description {@code FILE:LINE: CODE}, or {@code FILE:LINE: what failed}
 * @param skipReason why it was skipped, or {@code null}
 * @param diagnostics what a reader wants to know besides, one line each: expected and actual
 *     results, where model and kernel differ, the deviation applied
 */
public record TestPoint(
    int number,
    Status status,
    String file,
    int line,
    String description,
    String skipReason,
    List<String> diagnostics) {
  /** A point's outcome. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  public TestPoint {
    diagnostics = List.copyOf(diagnostics);
  }
}
