package ovlsim.races;

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

  /** One sentence per part of {@code outcome}, for people: the scenario file's meanings. */
  public static List<String> explain(String outcome) {
    return Catalogue.scenario(CopyUpVsRenameUnlink.SCENARIO).explain(outcome);
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
