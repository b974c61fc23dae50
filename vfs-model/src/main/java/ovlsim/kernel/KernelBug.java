package ovlsim.kernel;

import java.util.Objects;

/** Thrown by {@link Bugs#bug}: the model hit a {@code BUG()} and the task cannot go on. */
public final class KernelBug extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KernelBug(String message) {
    super("kernel BUG: " + Objects.requireNonNull(message, "message"));
  }
}
