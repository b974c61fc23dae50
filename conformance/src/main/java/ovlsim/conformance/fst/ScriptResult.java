package ovlsim.conformance.fst;

import java.util.List;

/**
 * A script's run on one backend: the lines that ran, or why none did.
 *
 * @param script the script as run (on the kernel: with declared deviations applied)
 * @param backend the backend's name
 * @param lines one result per expectation that ran, in order
 * @param skipped why the backend could not run here, or {@code null}
 * @param error a script error that stopped the run ({@code FILE:LINE: ...}: a setup line
 *     failed, the layers could not be mounted), or {@code null}
 * @param notes what the backend noticed besides ({@link
 *     ovlsim.conformance.backend.Backend.Instance#notes}): the model's WARN_ONs, BUG_ONs and
 *     lockdep reports
 */
public record ScriptResult(
    Script script,
    String backend,
    List<LineResult> lines,
    String skipped,
    String error,
    List<String> notes) {
  public ScriptResult {
    lines = List.copyOf(lines);
    notes = List.copyOf(notes);
  }

  /** A result without notes. */
  public ScriptResult(
      Script script, String backend, List<LineResult> lines, String skipped, String error) {
    this(script, backend, lines, skipped, error, List.of());
  }

  public long passed() {
    return lines.stream().filter(LineResult::passed).count();
  }

  /** Failed expectations, plus one for a script error. */
  public long failed() {
    return lines.stream().filter(l -> !l.passed()).count() + (error != null ? 1 : 0);
  }

  public boolean isSkipped() {
    return skipped != null;
  }

  /** Did every expectation run and hold. */
  public boolean ok() {
    return skipped == null && error == null && failed() == 0;
  }
}
