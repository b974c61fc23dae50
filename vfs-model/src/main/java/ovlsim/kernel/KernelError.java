package ovlsim.kernel;

import java.util.Objects;

/**
 * An error return inside the kernel: the Java form of {@code return -ENOENT} and of
 * {@code ERR_PTR(-ENOENT)}.
 *
 * <p>It carries no stack trace: like a negative return in C it is a value, thrown and caught
 * on every error path, so it must be cheap. The syscall layer turns it into {@code -errno}.
 */
public final class KernelError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Errno errno;

  public KernelError(Errno errno) {
    super(Objects.requireNonNull(errno).name(), null, false, false);
    this.errno = errno;
  }

  public KernelError(Errno errno, String detail) {
    super(Objects.requireNonNull(errno).name() + ": " + detail, null, false, false);
    this.errno = errno;
  }

  /** The errno this error stands for. */
  public Errno errno() {
    return errno;
  }

  /** {@code true} when this is the given errno: the Java form of {@code PTR_ERR(x) == -E}. */
  public boolean is(Errno e) {
    return errno == e;
  }
}
