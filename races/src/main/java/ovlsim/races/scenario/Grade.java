package ovlsim.races.scenario;

import java.util.Locale;

/** How an outcome class of a scenario is judged; a schedule's outcome takes its worst part's. */
public enum Grade {
  /** Expected: nothing to see. */
  ACCEPTABLE,
  /** A known bug or a documented behaviour: reported, not a failure. */
  INTERESTING,
  /** Must never happen: a failure of the search (and of the jcstress run). */
  FORBIDDEN;

  /** The word a scenario file uses: {@code acceptable}, {@code interesting}, {@code forbidden}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grade {@code word} names; {@link IllegalArgumentException} for anything else. */
  public static Grade of(String word) {
    for (Grade g : values()) {
      if (g.word().equals(word)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "a grade is acceptable, interesting or forbidden, not '" + word + "'");
  }

  /** The worse of this and {@code other}. */
  public Grade worst(Grade other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
