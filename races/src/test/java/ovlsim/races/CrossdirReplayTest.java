package ovlsim.races;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Task;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.api.Test;

/**
 * {@code copyup-vs-rename-crossdir}, replayed step by step: its window (between the upper and
 * the overlay {@code d_move()}) is too narrow for jcstress to hit often, so this test opens it
 * with two breakpoints. A decides to copy up {@code d1/f} and parks before the upper parent's
 * i_mutex; B renames {@code d1/f} to {@code d2/f} and parks after {@code unlock_rename()}, the
 * upper layer moved and the overlay not yet; A runs to the end; then B finishes.
 */
class CrossdirReplayTest {
  private static String replay(OvlVersion version) throws InterruptedException {
    RaceWorld w =
        RaceWorld.boot(CopyUpVsRenameCrossdir.LOWER, CopyUpVsRenameCrossdir.UPPER, version);
    Breakpoints bp = new Breakpoints();
    w.kernel().setSchedHook(bp);
    Task a = w.spawn("A", Cred.root());
    Task b = w.spawn("B", Cred.root());
    AtomicReference<String> openA = new AtomicReference<>();
    AtomicReference<String> renameB = new AtomicReference<>();

    bp.arm("A", OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK);
    Thread ta = new Thread(() -> openA.set(RaceWorld.oopsOr(() -> {
      int fd = ModelSys.of(a).open("/mnt/d1/f", Fcntl.O_RDWR);
      if (fd >= 0) {
        ModelSys.of(a).close(fd);
      }
      return RaceWorld.result(fd);
    })));
    ta.start();
    bp.awaitParked("A");

    bp.arm("B", OvlSchedPoint.RENAME_AFTER_UNLOCK);
    Thread tb = new Thread(() -> renameB.set(RaceWorld.result(ModelSys.of(b).rename("/mnt/d1/f", "/mnt/d2/f"))));
    tb.start();
    bp.awaitParked("B");

    bp.release("A");
    ta.join();
    bp.release("B");
    tb.join();

    boolean copy = w.exists("/upper/d1/f") && !w.isWhiteout("/upper/d1/f");
    return CopyUpVsRenameCrossdir.classify(openA.get(), renameB.get(), w.ls("/mnt/d1"),
        w.ls("/mnt/d2"), copy, w.warnSources());
  }

  @Test
  void onV6TheCopyUpTakesTheOldParentAndTheLowerFileIsBackInD1() throws InterruptedException {
    assertEquals("resurrected+warn", replay(OvlVersion.V6));
  }

  @Test
  void onV7TheRecheckSeesTheFileCopiedUp() throws InterruptedException {
    assertEquals("clean", replay(OvlVersion.V7));
  }
}
