package ovlsim.conformance.backend;

/**
 * A backend cannot run on this host (not root, no overlay filesystem, the mount failed). The
 * message is one line for the user; the scripts it concerns are reported as skipped, never as
 * passed.
 */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
