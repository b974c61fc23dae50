package ovlsim.races;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovlsim.kernel.BugLog;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.explore.Explorer;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * The deterministic replay of {@link CopyUpVsRenameUnlink}: the {@code replay} line of
 * {@code races/scenarios/copyup-vs-rename-unlink.scn} ({@code A@}{@value #POINT}{@code >B}):
 * task A opens {@code d/f} for writing and stops at {@value #POINT}; task B renames
 * {@code d/f} to {@code d/g} and unlinks {@code d/g}; then A goes on. No timing is involved:
 * the explorer's scheduler runs one task at a time and records every lock taken and released,
 * for a two-column timeline.
 */
public final class AlViroReplay {
  /** Where A stops: the window of the review. */
  public static final String POINT = OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK;

  private AlViroReplay() {}

  /**
   * What one replay showed.
   *
   * @param observations the scenario's observations: {@code A.1} (A's open), {@code B.1} (B's
   *     rename and unlink), {@code d} (the merged directory), {@code upper-d}, {@code g}
   *     (d/g's content), {@code warn}, ...
   */
  public record Result(
      OvlVersion version,
      String schedule,
      String timeline,
      Map<String, String> observations,
      List<BugLog.Entry> bugs,
      String outcome) {}

  /** One sentence per part of {@code outcome}, for people. */
  public static List<String> explain(String outcome) {
    List<String> lines = new ArrayList<>();
    for (String part : outcome.split("\\+")) {
      lines.add(
          switch (part) {
            case "clean" -> "clean: d/g stays unlinked, no WARN";
            case "resurrected" -> "resurrected: A copied the lower f into B's new name g after B"
                + " unlinked it: d/g is back with the old data";
            case "warn" -> "warn: ovl_dentry_update() found the dentry already copied up: the"
                + " \"very odd (upper, lower) pair\"";
            case "oops" -> "oops: B's unlink left the upper g negative and A's ovl_open() passed"
                + " it to vfs_open() - a NULL dereference the recheck does not prevent";
            case "whiteout-lost" -> "whiteout-lost: B renamed a dentry copied up under it"
                + " (OVL_PATH_UPPER, not opaque), so no whiteout hides the lower f";
            case "warn-permission" -> "warn-permission: ovl_permission() met the negative"
                + " upper dentry during A's walk";
            case "rename-estale" -> "rename-estale: ovl_rename() lost to the copy-up: ESTALE";
            default -> part;
          });
    }
    return lines;
  }

  /** Replays the scenario file's schedule on {@code version}. */
  public static Result replay(OvlVersion version) {
    ScenarioRunner runner = Catalogue.prepared(CopyUpVsRenameUnlink.SCENARIO);
    String schedule = runner.scenario().replay();
    Explorer.Replay r = Explorer.replay(runner, version, schedule);
    return new Result(version, schedule, r.timeline(), r.observations().values(),
        r.observations().bugs(), r.outcome().name());
  }
}
