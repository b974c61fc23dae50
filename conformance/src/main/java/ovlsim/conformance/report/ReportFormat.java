package ovlsim.conformance.report;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats {@code ovlsim fstest --format} writes. */
public enum ReportFormat {
  TAP,
  JUNIT,
  JSON;

  /** The name users type: {@code tap}, {@code junit}, {@code json}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code name}, if any. */
  public static Optional<ReportFormat> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.optionName().equals(name)).findFirst();
  }

  /** A report in this format on {@code out}. */
  public FstReport on(PrintWriter out) {
    return switch (this) {
      case TAP -> new TapReport(out);
      case JUNIT -> new JunitReport(out);
      case JSON -> new JsonReport(out);
    };
  }
}
