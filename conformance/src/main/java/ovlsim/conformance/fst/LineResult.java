package ovlsim.conformance.fst;

/**
 * One expectation as it ran.
 *
 * @param expectation the line (with a deviation's changes, on the kernel)
 * @param actual what the line printed
 * @param passed did {@code actual} satisfy the expectation's RESULT
 */
public record LineResult(Expectation expectation, String actual, boolean passed) {}
