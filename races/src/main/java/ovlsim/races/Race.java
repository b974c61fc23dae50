package ovlsim.races;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Grade;
import ovlsim.races.scenario.Scenario;

/**
 * The catalogue of race harnesses: each with its name on the command line (also the name of
 * its scenario file, {@code races/scenarios/NAME.scn}, which defines it: what it shows, its
 * timeline, its outcome classes and what they mean, and their grades per version), the jcstress
 * test class (one for every {@link OvlVersion}; none for a sequential entry), and the outcomes
 * that make its headline bug and what that bug is. The versions where the bug can occur are
 * read from the file's grades.
 */
public enum Race {
  COPYUP_VS_RENAME_UNLINK(
      "copyup-vs-rename-unlink",
      CopyUpVsRenameUnlink.class,
      Race.AL_VIRO,
      "Al Viro's race: the unlinked file back with the lower data and/or the WARN_ON"),
  COPYUP_VS_RENAME_CROSSDIR(
      "copyup-vs-rename-crossdir",
      CopyUpVsRenameCrossdir.class,
      Race.AL_VIRO,
      "Al Viro's race: f copied up into its old directory again and/or the WARN_ON"),
  CONCURRENT_COPYUP(
      "concurrent-copyup",
      ConcurrentCopyUp.class,
      "(?!clean$).*",
      "two upper inodes, a lost write or an error"),
  RO_RW_INCONSISTENCY(
      "ro-rw-inconsistency",
      RoRwInconsistency.class,
      "old-after-write",
      "the read-only fd reads the old data after the write (documented)"),
  CREDS_OVERRIDE_ISOLATION(
      "creds-override-isolation",
      CredsOverrideIsolation.class,
      "(?!isolated$).*",
      "the other task read root's file with the copy-up's capabilities"),
  READDIR_VS_CREATE(
      "readdir-vs-create",
      ReaddirVsCreate.class,
      "(?!consistent$).*",
      "a name listed twice, or a whiteout listed"),
  NEGATIVE_UPPER_AFTER_UNLINK(
      "negative-upper-after-unlink",
      NegativeUpperAfterUnlink.class,
      Race.part("oops"),
      "the upper dentry went negative under the open: vfs_open() dereferences NULL (oops)"),
  JFFS2_READDIR_DEADLOCK(
      "jffs2-readdir-deadlock",
      null,
      Race.part("jffs2-deadlock"),
      "readdir of a merged directory with a whiteout waits for the jffs2 lock it holds"),
  HALF_MADE_COPYUP(
      "half-made-copyup",
      null,
      Race.part("half-made", "eexist"),
      "the failed copy-up's half-made upper file stays, and the next copy-up says EEXIST"),
  REMOVE_AFTER_RENAME(
      "remove-after-rename",
      null,
      Race.part("whiteout-visible"),
      "the removed directory's whiteout is listed in its pure-upper parent"),
  READDIR_OFF_BY_ONE(
      "readdir-off-by-one",
      null,
      Race.part("entry-dropped"),
      "the entry a full getdents buffer refused is never returned"),
  OVERLAY_ON_OVERLAY(
      "overlay-on-overlay",
      null,
      Race.part("lockdep-recursive", "third-level"),
      "lockdep's recursive-locking report, and a third stacked overlay mounted");

  /** Al Viro's race in an outcome's name: a {@code resurrected} or {@code warn} part. */
  private static final String AL_VIRO = "(.*\\+)?(resurrected|warn)(\\+.*)?";

  /** An outcome with one of {@code classes} among its {@code +}-joined parts. */
  private static String part(String... classes) {
    return "(.*\\+)?(" + String.join("|", classes) + ")(\\+.*)?";
  }

  private final String cliName;
  private final Class<?> harness;
  private final Pattern badOutcome;
  private final String badMeaning;

  /**
   * A catalogue entry.
   *
   * @param harness its jcstress test class, or null for a sequential entry (one task: there is
   *     no window for real threads to hit, the explorer replays it)
   * @param badOutcome the outcome classes of its headline bug, a regex on a class's name
   */
  Race(String cliName, Class<?> harness, String badOutcome, String badMeaning) {
    this.cliName = cliName;
    this.harness = harness;
    this.badOutcome = Pattern.compile(badOutcome);
    this.badMeaning = badMeaning;
  }

  /** The name users type: {@code copyup-vs-rename-unlink}. */
  public String cliName() {
    return cliName;
  }

  /** One line on what it shows: the scenario file's {@code about} line. */
  public String summary() {
    return definition().about();
  }

  /**
   * What the scenario is and the two tasks' timeline in kernel terms: the comment block at
   * the top of the scenario file ({@link Scenario#header}).
   */
  public String timeline() {
    return definition().header();
  }

  /** What the headline bad outcome means, in one line. */
  public String badMeaning() {
    return badMeaning;
  }

  /**
   * The versions where the headline bug can occur, as text ({@code v6, v7}, {@code none}):
   * {@link #badVersions}.
   */
  public String badOn() {
    List<OvlVersion> on = badVersions();
    return on.isEmpty() ? "none"
        : String.join(", ", on.stream().map(OvlVersion::optionName).toList());
  }

  /**
   * The versions where the headline bug can occur, read from the scenario file's grades: those
   * on which one of its outcome classes (a class whose name {@link #isBadOutcome} accepts) is
   * not graded forbidden.
   */
  public List<OvlVersion> badVersions() {
    return Arrays.stream(OvlVersion.values()).filter(this::badExpectedOn).toList();
  }

  /** Can the headline bad outcome occur on {@code version}: {@link #badVersions}. */
  public boolean badExpectedOn(OvlVersion version) {
    for (Scenario.OutcomeClass c : definition().outcomes()) {
      if (badOutcome.matcher(c.name()).matches() && c.gradeOn(version) != Grade.FORBIDDEN) {
        return true;
      }
    }
    return false;
  }

  /** Has it a jcstress harness? A sequential entry (one task) has none: explore it. */
  public boolean hasHarness() {
    return harness != null;
  }

  /**
   * Is {@code state} an outcome of this harness's headline bug? A state is the scenario's
   * {@code GRADE NAME} ({@link ScenarioSample}); the name decides.
   */
  public boolean isBadOutcome(String state) {
    return badOutcome.matcher(outcomeName(state)).matches();
  }

  /**
   * One line per part of the outcome in {@code state} ({@code interesting resurrected+warn}),
   * each with what the scenario file says it means ({@link Scenario#explain}).
   */
  public List<String> explain(String state) {
    return definition().explain(outcomeName(state));
  }

  /** The outcome's name in a state {@code GRADE NAME}. */
  private static String outcomeName(String state) {
    int blank = state.indexOf(' ');
    return blank < 0 ? state : state.substring(blank + 1);
  }

  /** The scenario file's name: {@code copyup-vs-rename-unlink}. */
  public String scenario() {
    return cliName;
  }

  /** The scenario file, parsed (once per JVM). */
  public Scenario definition() {
    return Catalogue.scenario(cliName);
  }

  /**
   * The jcstress test name of this harness, the same on every version:
   * {@code ovlsim.races.CopyUpVsRenameUnlink}.
   *
   * @throws IllegalStateException for a sequential entry ({@link #hasHarness})
   */
  public String testName() {
    if (harness == null) {
      throw new IllegalStateException(cliName + " is sequential: it has no jcstress harness");
    }
    return harness.getName();
  }

  /**
   * The name of this harness's results on {@code version} in a run's {@link RaceResults}:
   * {@code ovlsim.races.CopyUpVsRenameUnlink@v6} (jcstress runs once per version).
   */
  public String resultKey(OvlVersion version) {
    return resultKey(testName(), version);
  }

  /** The results name of jcstress test {@code test} run on {@code version}. */
  static String resultKey(String test, OvlVersion version) {
    return test + "@" + version.optionName();
  }

  /** The races with a jcstress harness. */
  public static List<Race> withHarness() {
    return Arrays.stream(values()).filter(Race::hasHarness).toList();
  }

  /** The race named {@code name}, if any. */
  public static Optional<Race> byName(String name) {
    return Arrays.stream(values()).filter(r -> r.cliName.equals(name)).findFirst();
  }

  /** Every race's name, for messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Race::cliName).toList();
  }

  @Override
  public String toString() {
    return cliName.toLowerCase(Locale.ROOT);
  }
}
