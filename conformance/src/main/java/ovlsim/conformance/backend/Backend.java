package ovlsim.conformance.backend;

import java.util.List;
import java.util.function.Function;
import ovlsim.syscall.Sys;

/**
 * Something fstest scripts run on: the model (one overlay version) or the running Linux
 * kernel. Each script gets a fresh {@link Instance}.
 */
public interface Backend {
  /** A short name for output: {@code model v7}, {@code kernel}. */
  String name();

  /**
   * A fresh instance for one script: empty lower and upper layers, nothing mounted.
   *
   * @throws BackendUnavailableException when this backend cannot run here (the reason is one
   *     line fit for the user)
   */
  Instance start(String scriptName);

  /** One script's world: two layers, then the overlay mounted over them. */
  interface Instance extends AutoCloseable {
    /**
     * Runs {@code body} with {@code creds} in the directory of {@code target}. Before
     * {@link #mount} only the layers exist; after it, the layers are still reachable (for
     * looking at them) and {@link Target#MOUNT} is the overlay. Every fd the body leaves open
     * is the body's to close.
     */
    <T> T run(Creds creds, Target target, Function<Sys, T> body);

    /**
     * Mounts the overlay over the layers as they are now.
     *
     * @throws SetupException when the layers cannot be made into a mount (a script problem)
     * @throws BackendUnavailableException when this host cannot mount an overlay
     */
    void mount(boolean readOnly);

    /**
     * What the backend noticed beyond the lines' results, one line each: for the model, every
     * {@code WARN_ON}, {@code BUG_ON} and lockdep report its kernels recorded. Empty when
     * nothing happened.
     */
    default List<String> notes() {
      return List.of();
    }

    /** Unmounts and frees everything; safe to call after any failure, and more than once. */
    @Override
    void close();
  }
}
