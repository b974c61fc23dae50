package ovlsim.conformance.fst;

import java.util.List;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.Target;

/**
 * An {@code expect} line.
 *
 * @param line where it was written
 * @param number its 1-based index among the script's expectations (the N of {@code ok N})
 * @param result what the line's result must satisfy
 * @param creds {@code -u}, {@code -g}, {@code -U}
 * @param target where relative paths start ({@code -l upper|lower}; the mount by default)
 * @param ops the {@code :}-chained ops, run in one task sharing one fd table
 * @param deviation the id of the declared deviation that changed this line for the kernel, or
 *     {@code null}
 */
public record Expectation(
    SourceLine line,
    int number,
    ResultPattern result,
    Creds creds,
    Target target,
    List<OpCall> ops,
    String deviation) {
  public Expectation {
    ops = List.copyOf(ops);
  }

  /** This expectation with another result, marked as changed by {@code deviationId}. */
  public Expectation withResult(ResultPattern newResult, String deviationId) {
    return new Expectation(line, number, newResult, creds, target, ops, deviationId);
  }
}
