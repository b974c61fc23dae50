package ovlsim.races;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.kernel.sched.SchedHooks;
import ovlsim.kernel.sched.SchedTrace;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;

/**
 * The deterministic replay of {@link CopyUpVsRenameUnlink}: task A opens {@code d/f} for
 * writing and is parked at {@code ovl_copy_up_one:before_lock}; task B renames {@code d/f} to
 * {@code d/g} and unlinks {@code d/g}; then A goes on. No timing is involved: the schedule
 * point hook ({@link Breakpoints}) decides the interleaving, and {@link SchedTrace} records
 * every lock taken and released, for a two-column timeline.
 */
public final class AlViroReplay {
  /** Where A is parked: the window of the review. */
  public static final String POINT = OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK;

  private AlViroReplay() {}

  /** What one replay showed. */
  public record Result(
      OvlVersion version,
      String timeline,
      String openA,
      String renameB,
      String unlinkB,
      List<String> merged,
      List<String> upper,
      String gContent,
      List<BugLog.Entry> bugs,
      String outcome) {}

  /** One sentence per part of {@code outcome}. */
  public static List<String> explain(String outcome) {
    return CopyUpVsRenameUnlink.explain(outcome);
  }

  /** Replays the scenario on {@code version}. */
  public static Result replay(OvlVersion version) throws InterruptedException {
    RaceWorld w =
        RaceWorld.boot(CopyUpVsRenameUnlink.LOWER, CopyUpVsRenameUnlink.UPPER, version);
    Breakpoints bp = new Breakpoints();
    SchedTrace trace = new SchedTrace();
    w.kernel().setSchedHook(SchedHooks.chain(trace, bp));
    Task a = w.spawn("A", Cred.root());
    Task b = w.spawn("B", Cred.root());

    bp.arm("A", POINT);
    AtomicReference<String> openA = new AtomicReference<>("not-run");
    Thread ta =
        new Thread(
            () ->
                openA.set(
                    RaceWorld.oopsOr(
                        () -> {
                          a.run(() -> Sched.point("syscall: open(\"d/f\", O_RDWR)"));
                          int fd = ModelSys.of(a).open("/mnt/d/f", Fcntl.O_RDWR);
                          if (fd >= 0) {
                            ModelSys.of(a).close(fd);
                          }
                          return RaceWorld.result(fd);
                        })),
            "task-A");
    ta.start();
    bp.awaitParked("A");

    b.run(() -> Sched.point("syscall: rename(\"d/f\", \"d/g\")"));
    String renameB = RaceWorld.result(ModelSys.of(b).rename("/mnt/d/f", "/mnt/d/g"));
    b.run(() -> Sched.point("syscall: unlink(\"d/g\")"));
    String unlinkB = RaceWorld.result(ModelSys.of(b).unlink("/mnt/d/g"));

    bp.release("A");
    ta.join();

    List<String> merged = w.ls("/mnt/d");
    String outcome =
        CopyUpVsRenameUnlink.classify(openA.get(), renameB, unlinkB, merged, w.warnSources());
    return new Result(
        version,
        trace.timeline(AlViroReplay::shown, "A", "B"),
        openA.get(),
        renameB,
        unlinkB,
        merged,
        describeUpper(w),
        w.read("/mnt/d/g"),
        w.kernel().bugLog().entries(),
        outcome);
  }

  /** The points the timeline shows: syscalls, named overlay points, and i_mutex traffic. */
  private static boolean shown(String point) {
    return point.startsWith("syscall:")
        || point.startsWith("ovl_")
        || point.contains("i_mutex")
        || point.contains("s_vfs_rename");
  }

  /** The upper {@code d}'s entries, each marked when it is a whiteout. */
  private static List<String> describeUpper(RaceWorld w) {
    List<String> names = w.ls("/upper/d");
    if (names == null) {
      return null;
    }
    return names.stream()
        .map(n -> w.isWhiteout("/upper/d/" + n) ? n + " (whiteout)" : n)
        .toList();
  }
}
