package ovlsim.conformance.fst;

import java.util.Objects;

/**
 * A script line the parser cannot read. The message always begins {@code FILE:LINE: }, so a
 * user can jump to the line; it is meant to be printed as it is, on one line, without a stack
 * trace.
 */
public final class FstSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String reason;

  public FstSyntaxException(String file, int line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.file = Objects.requireNonNull(file);
    this.line = line;
    this.reason = Objects.requireNonNull(reason);
  }

  /** The script's name as given to the parser. */
  public String file() {
    return file;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
