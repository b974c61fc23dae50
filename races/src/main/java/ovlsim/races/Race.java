package ovlsim.races;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import ovlsim.overlay.OvlVersion;

/**
 * The catalogue of race harnesses: each with its name on the command line, one line on what
 * it shows, the jcstress test class (one nested class per {@link OvlVersion}), its scenario
 * (the timeline of its header), the outcomes that make its headline bug and what they mean,
 * and the versions where that bug can occur.
 */
public enum Race {
  COPYUP_VS_RENAME_UNLINK(
      "copyup-vs-rename-unlink",
      "Al Viro's review: copy-up blocked on i_mutex while another task renames and unlinks",
      CopyUpVsRenameUnlink.class,
      CopyUpVsRenameUnlink.SCENARIO,
      CopyUpVsRenameUnlink.AL_VIRO,
      "Al Viro's race: the unlinked file back with the lower data and/or the WARN_ON",
      "v6"),
  COPYUP_VS_RENAME_CROSSDIR(
      "copyup-vs-rename-crossdir",
      "copy-up takes the old upper parent between the upper and the overlay d_move()",
      CopyUpVsRenameCrossdir.class,
      CopyUpVsRenameCrossdir.SCENARIO,
      CopyUpVsRenameUnlink.AL_VIRO,
      "Al Viro's race: f copied up into its old directory again and/or the WARN_ON",
      "v6"),
  CONCURRENT_COPYUP(
      "concurrent-copyup",
      "two tasks open one lower file for writing: one upper inode, no lost write",
      ConcurrentCopyUp.class,
      ConcurrentCopyUp.SCENARIO,
      "(?!clean$).*",
      "two upper inodes, a lost write or an error",
      "none"),
  RO_RW_INCONSISTENCY(
      "ro-rw-inconsistency",
      "an fd opened read-only before a copy-up keeps reading the lower file (documented)",
      RoRwInconsistency.class,
      RoRwInconsistency.SCENARIO,
      RoRwInconsistency.OLD_AFTER_WRITE,
      "the read-only fd reads the old data after the write (documented)",
      "v6, v7"),
  CREDS_OVERRIDE_ISOLATION(
      "creds-override-isolation",
      "override_creds() during copy-up lends no capability to another task",
      CredsOverrideIsolation.class,
      CredsOverrideIsolation.SCENARIO,
      "(?!isolated$).*",
      "the other task read root's file with the copy-up's capabilities",
      "none"),
  READDIR_VS_CREATE(
      "readdir-vs-create",
      "a merged directory read while entries come and go: no duplicates, no whiteouts",
      ReaddirVsCreate.class,
      ReaddirVsCreate.SCENARIO,
      "(?!consistent$).*",
      "a name listed twice, or a whiteout listed",
      "none");

  private final String cliName;
  private final String summary;
  private final Class<?> harness;
  private final String scenario;
  private final Pattern badOutcome;
  private final String badMeaning;
  private final String badOn;

  Race(String cliName, String summary, Class<?> harness, String scenario, String badOutcome,
      String badMeaning, String badOn) {
    this.cliName = cliName;
    this.summary = summary;
    this.harness = harness;
    this.scenario = scenario;
    this.badOutcome = Pattern.compile(badOutcome);
    this.badMeaning = badMeaning;
    this.badOn = badOn;
  }

  /** The harness's scenario: the two tasks' timeline from its header ({@code SCENARIO}). */
  public String scenario() {
    return scenario;
  }

  /** What the headline bad outcome means, in one line. */
  public String badMeaning() {
    return badMeaning;
  }

  /** Can the headline bad outcome occur on {@code version} (the catalogue's word for it)? */
  public boolean badExpectedOn(OvlVersion version) {
    return Arrays.asList(badOn.split(",\\s*")).contains(version.optionName());
  }

  /**
   * One sentence per part of an outcome of this harness ({@code resurrected+warn}), where the
   * harness names its outcomes in parts; empty otherwise.
   */
  public List<String> explain(String outcome) {
    return switch (this) {
      case COPYUP_VS_RENAME_UNLINK -> CopyUpVsRenameUnlink.explain(outcome);
      default -> List.of();
    };
  }

  /** The name users type: {@code copyup-vs-rename-unlink}. */
  public String cliName() {
    return cliName;
  }

  public String summary() {
    return summary;
  }

  /** The versions where the headline bug can occur, as text ({@code v6}, {@code none}). */
  public String badOn() {
    return badOn;
  }

  /** Is {@code state} an outcome of this harness's headline bug? */
  public boolean isBadOutcome(String state) {
    return badOutcome.matcher(state).matches();
  }

  /** The jcstress test name of this harness on {@code version}: {@code ...Harness.V6}. */
  public String testName(OvlVersion version) {
    return harness.getName() + "." + version.name();
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
