package ovlsim.conformance.fst;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An expectation's RESULT: a quoted literal the result must equal, or an unquoted regular
 * expression the whole result must match ({@code EEXIST|ENOTEMPTY}, {@code regular,0644,1}).
 */
public final class ResultPattern {
  private final Token token;
  private final Pattern regex;

  private ResultPattern(Token token, Pattern regex) {
    this.token = token;
    this.regex = regex;
  }

  /**
   * The pattern {@code token} writes.
   *
   * @throws IllegalArgumentException when an unquoted token is not a valid regex
   */
  public static ResultPattern of(Token token) {
    if (token.quoted()) {
      return new ResultPattern(token, null);
    }
    try {
      return new ResultPattern(token, Pattern.compile(token.text()));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "RESULT '" + token.text() + "' is not a valid regular expression: "
              + e.getDescription() + " (quote it to compare literally)");
    }
  }

  /** Does {@code result} satisfy this pattern. */
  public boolean matches(String result) {
    return regex == null ? token.text().equals(result) : regex.matcher(result).matches();
  }

  /** The pattern as written in the script. */
  @Override
  public String toString() {
    return token.source();
  }
}
