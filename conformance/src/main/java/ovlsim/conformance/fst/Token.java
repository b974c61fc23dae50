package ovlsim.conformance.fst;

/**
 * One word of a script line: its text with quotes and escapes resolved, and whether it was
 * written in double quotes (a quoted RESULT is a literal, an unquoted one a regular
 * expression; a quoted {@code :} is an argument, not the chain separator).
 */
public record Token(String text, boolean quoted) {
  /** The token as it would be written in a script. */
  public String source() {
    return quoted ? Tokenizer.quote(text) : text;
  }

  /** The bare chain separator {@code :}. */
  boolean isSeparator() {
    return !quoted && text.equals(":");
  }
}
