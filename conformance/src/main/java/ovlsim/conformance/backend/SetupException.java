package ovlsim.conformance.backend;

/**
 * The layers a script's setup lines built cannot be made into an overlay on this backend (for
 * the model: they hold something the lower image cannot). A script error, reported with the
 * {@code mount} line's location.
 */
public final class SetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SetupException(String message, Throwable cause) {
    super(message, cause);
  }

  public SetupException(String message) {
    super(message);
  }
}
