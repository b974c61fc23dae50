package ovlsim.properties.reference;

/**
 * A whiteout on the upper layer. The v6 documentation: "A whiteout is created as a symbolic
 * link with target "(overlay-whiteout)" and with xattr "trusted.overlay.whiteout" set to "y".
 * When a whiteout is found in the upper level of a merged directory, any matching name in the
 * lower level is ignored, and the whiteout itself is also hidden."
 */
public record RefWhiteout() implements RefEntry {
  /** The one whiteout. */
  public static final RefWhiteout INSTANCE = new RefWhiteout();

  /** The target of the symlink a 2011 whiteout is. */
  public static final String TARGET = "(overlay-whiteout)";

  @Override
  public String toString() {
    return "whiteout";
  }
}
