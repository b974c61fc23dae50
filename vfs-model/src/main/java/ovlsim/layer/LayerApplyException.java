package ovlsim.layer;

import ovlsim.kernel.Errno;

/** A syscall failed while {@link Layer#applyTo} wrote a layer: which call, on which path, why. */
public final class LayerApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final String path;
  private final transient Errno errno;
  private final long result;

  LayerApplyException(String call, String path, long result) {
    super(message(call, path, result));
    this.call = call;
    this.path = path;
    this.result = result;
    this.errno = Errno.ofResult(result);
  }

  private static String message(String call, String path, long result) {
    Errno e = Errno.ofResult(result);
    String why = e == null ? "error " + result : e.name() + " (" + e.message() + ")";
    return "cannot apply layer: " + call + " " + path + ": " + why;
  }

  /** The syscall that failed ({@code "mkdir"}, {@code "lsetxattr"}, ...). */
  public String call() {
    return call;
  }

  /** The full path it was called on. */
  public String path() {
    return path;
  }

  /** The errno it returned, or {@code null} when the model does not know the number. */
  public Errno errno() {
    return errno;
  }

  /** The raw result, {@code -errno}. */
  public long result() {
    return result;
  }
}
