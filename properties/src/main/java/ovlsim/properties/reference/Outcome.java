package ovlsim.properties.reference;

import java.util.List;
import ovlsim.kernel.Errno;

/**
 * What an operation returned: an errno, or success with what a caller can see of it (the bytes
 * a write wrote, the names a readdir listed, sorted and without {@code .} and {@code ..}).
 *
 * @param errno the error, or {@code null} on success
 * @param value on success: {@code 0}, the byte count, or the names joined by {@code ,}
 */
public record Outcome(Errno errno, String value) {
  public static final Outcome OK = new Outcome(null, "0");

  public static Outcome error(Errno e) {
    return new Outcome(e, null);
  }

  public static Outcome count(long n) {
    return new Outcome(null, Long.toString(n));
  }

  public static Outcome names(List<String> sortedNames) {
    return new Outcome(null, String.join(",", sortedNames));
  }

  /**
   * The outcome of a raw result: {@code -errno}, or success with {@code value}. An errno the
   * model does not know is kept as the text {@code errno N}, which no reference outcome equals.
   */
  public static Outcome ofResult(long result, String value) {
    if (result >= 0) {
      return new Outcome(null, value);
    }
    Errno e = Errno.ofResult(result);
    if (e == null) {
      return new Outcome(null, "errno " + (-result));
    }
    return error(e);
  }

  public boolean ok() {
    return errno == null;
  }

  @Override
  public String toString() {
    return errno != null ? errno.name() : value.isEmpty() ? "\"\"" : value;
  }
}
