package ovlsim.conformance.fst;

import java.util.List;

/**
 * A parsed {@code .fst} script: setup lines, the {@code mount} line, the expectations.
 *
 * @param name the script's name as given to the parser (a path, usually)
 * @param setup the {@code lower}/{@code upper} lines in order
 * @param mountLine the {@code mount} line
 * @param readOnly {@code mount ro}
 * @param expectations the {@code expect} lines in order
 */
public record Script(
    String name,
    List<SetupStep> setup,
    SourceLine mountLine,
    boolean readOnly,
    List<Expectation> expectations) {
  public Script {
    setup = List.copyOf(setup);
    expectations = List.copyOf(expectations);
  }
}
