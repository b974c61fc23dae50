package ovlsim.conformance.fst;

/**
 * Where a step comes from.
 *
 * @param file the script's name as given to the parser
 * @param number the 1-based line number
 * @param code the line as the runner prints it and deviations match it: its words joined by
 *     single blanks (quoted words in double quotes), the comment dropped
 */
public record SourceLine(String file, int number, String code) {
  /** {@code FILE:LINE}. */
  public String location() {
    return file + ":" + number;
  }

  @Override
  public String toString() {
    return location() + ": " + code;
  }
}
