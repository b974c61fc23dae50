package ovlsim.races;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import ovlsim.overlay.OvlVersion;

/**
 * The catalogue of race harnesses: each with its name on the command line (also the name of
 * its scenario file, {@code races/scenarios/NAME.scn}), one line on what it shows, the jcstress
 * test class (one nested class per {@link OvlVersion}), the outcomes that make its headline bug,
 * and the versions where that bug can occur.
 */
public enum Race {
  COPYUP_VS_RENAME_UNLINK(
      "copyup-vs-rename-unlink",
      "Al Viro's review: copy-up blocked on i_mutex while another task renames and unlinks",
      CopyUpVsRenameUnlink.class,
      Race.AL_VIRO,
      "v6"),
  COPYUP_VS_RENAME_CROSSDIR(
      "copyup-vs-rename-crossdir",
      "copy-up takes the old upper parent between the upper and the overlay d_move()",
      CopyUpVsRenameCrossdir.class,
      Race.AL_VIRO,
      "v6"),
  CONCURRENT_COPYUP(
      "concurrent-copyup",
      "two tasks open one lower file for writing: one upper inode, no lost write",
      ConcurrentCopyUp.class,
      "(?!clean$).*",
      "none"),
  RO_RW_INCONSISTENCY(
      "ro-rw-inconsistency",
      "an fd opened read-only before a copy-up keeps reading the lower file (documented)",
      RoRwInconsistency.class,
      "old-after-write",
      "v6, v7"),
  CREDS_OVERRIDE_ISOLATION(
      "creds-override-isolation",
      "override_creds() during copy-up lends no capability to another task",
      CredsOverrideIsolation.class,
      "(?!isolated$).*",
      "none"),
  READDIR_VS_CREATE(
      "readdir-vs-create",
      "a merged directory read while entries come and go: no duplicates, no whiteouts",
      ReaddirVsCreate.class,
      "(?!consistent$).*",
      "none");

  /** Al Viro's race in an outcome's name: a {@code resurrected} or {@code warn} part. */
  private static final String AL_VIRO = "(.*\\+)?(resurrected|warn)(\\+.*)?";

  private final String cliName;
  private final String summary;
  private final Class<?> harness;
  private final Pattern badOutcome;
  private final String badOn;

  Race(String cliName, String summary, Class<?> harness, String badOutcome, String badOn) {
    this.cliName = cliName;
    this.summary = summary;
    this.harness = harness;
    this.badOutcome = Pattern.compile(badOutcome);
    this.badOn = badOn;
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

  /**
   * Is {@code state} an outcome of this harness's headline bug? A state is the scenario's
   * {@code GRADE NAME} ({@link ScenarioSample}); the name decides.
   */
  public boolean isBadOutcome(String state) {
    int blank = state.indexOf(' ');
    return badOutcome.matcher(blank < 0 ? state : state.substring(blank + 1)).matches();
  }

  /** The scenario file's name: {@code copyup-vs-rename-unlink}. */
  public String scenario() {
    return cliName;
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
