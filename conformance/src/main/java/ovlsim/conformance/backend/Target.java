package ovlsim.conformance.backend;

import java.util.Locale;

/** Where a line's relative paths start: the overlay mount, or one of its layers. */
public enum Target {
  /** The overlay mount (the default of an {@code expect} line). */
  MOUNT,
  /** The upper layer's directory (the {@code upper} setup lines; {@code expect -l upper}). */
  UPPER,
  /** The lower layer's directory (the {@code lower} setup lines; {@code expect -l lower}). */
  LOWER;

  /** The name scripts use: {@code mount}, {@code upper}, {@code lower}. */
  public String scriptName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
