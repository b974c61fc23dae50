package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.err;
import static ovlsim.overlay.OvlFixture.lsSorted;
import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.readFile;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.Test;

/**
 * What the two {@link OvlPatch}es change, each shown on the versions without and with it: Al Viro's copy-up vs rename
 * race of the v7 thread replayed step by step at
 * {@value OvlSchedPoint#COPY_UP_ONE_BEFORE_LOCK}, and the cleanup after a failed copy-up (ENOSPC
 * in the data copy, a fatal signal in the copy loop).
 */
class CopyUpVersionsTest {
  private static final String OLD = "old lower data";

  /**
   * Task A opens lower {@code d/f} for write and parks just before the upper parent's i_mutex;
   * task B renames {@code d/f} to {@code d/g} and unlinks {@code d/g}; A resumes. Returns A's
   * open() result.
   */
  private static long replayReviewRace(OvlFixture f, AtomicReference<Throwable> aOutcome)
      throws InterruptedException {
    ModelSys s = f.sys;
    ok(s.mkdir("/lower/d", 0755));
    writeFile(s, "/lower/d/f", OLD);
    ok(s.mkdir("/upper/d", 0755)); // d is merged already: A's only copy-up is the file's
    Breakpoints bp = new Breakpoints();
    f.k.setSchedHook(bp);

    Task a = f.k.spawn("A", Cred.root());
    Task b = f.k.spawn("B", Cred.root());
    bp.arm("A", OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK);
    AtomicLong aResult = new AtomicLong();
    AtomicReference<Throwable> aFailure = new AtomicReference<>();
    Thread threadA =
        new Thread(
            () -> {
              try {
                aResult.set(ModelSys.of(a).open("/mnt/d/f", Fcntl.O_WRONLY));
              } catch (Throwable t) {
                aFailure.set(t);
              }
            },
            "A");
    threadA.start();
    assertEquals(OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK, bp.awaitParked("A"));

    ok(ModelSys.of(b).rename("/mnt/d/f", "/mnt/d/g"));
    ok(ModelSys.of(b).unlink("/mnt/d/g"));
    // (Not looked up through the overlay: a negative overlay dentry would stay cached.)
    // v7..v7-fix leave a whiteout for the renamed file (until v9's REMOVE_AFTER_RENAME_FIX).
    StatBuf g = new StatBuf();
    OvlVersion v = OvlFs.of(f.overlaySb()).version;
    if (v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)
        && !v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX)) {
      ok(ModelSys.of(b).lstat("/upper/d/g", g));
      assertTrue(Stat.S_ISLNK(g.stMode), "the whiteout of g");
    } else {
      err(Errno.ENOENT, ModelSys.of(b).lstat("/upper/d/g", g));
    }

    bp.release("A");
    threadA.join();
    aOutcome.set(aFailure.get());
    return aResult.get();
  }


  @Test
  void v6ResurrectsTheRenamedAndUnlinkedFileWithStaleData() throws InterruptedException {
    OvlFixture f = new OvlFixture();
    f.mountOverlay("version=v6");
    AtomicReference<Throwable> aDied = new AtomicReference<>();
    ok(replayReviewRace(f, aDied));
    assertEquals(null, aDied.get());

    ModelSys s = f.sys;
    assertEquals(OLD, readFile(s, "/mnt/d/g"), "d/g reappears with the old lower data");
    assertEquals(OLD, readFile(s, "/upper/d/g"));
    List<BugLog.Entry> warnings = f.k.bugLog().entries();
    assertTrue(
        warnings.stream()
            .anyMatch(
                e -> e.kind() == BugLog.Kind.WARNING
                    && e.message().contains("already has an upper dentry")),
        () -> "expected ovl_dentry_update()'s WARN_ON, got " + warnings);
    assertEquals(List.of(), Lockdep.of(f.k).reports());
  }

  /**
   * V7_FIX copies nothing: d/g stays gone. B's unlink of the renamed (and, in v7, so opaque) g
   * left a whiteout, made through the upper dentry A's overlay entry holds: A's
   * {@code ovl_open()} opens that whiteout symlink. ReviewRaceTest shows the later versions.
   */
  @Test
  void v7FixRechecksUnderTheLockCopiesNothingAndOpensTheWhiteout() throws InterruptedException {
    OvlFixture f = new OvlFixture();
    f.mountOverlay("version=v7-fix");
    AtomicReference<Throwable> aDied = new AtomicReference<>();
    replayReviewRace(f, aDied);

    // B's unlink of the renamed, so opaque, g wrote a whiteout through the upper dentry A's
    // entry holds (v7-fix; see ReviewRaceTest): A's open gets the whiteout symlink, no BUG.
    assertEquals(null, aDied.get(), () -> "A's open should succeed, got " + aDied);
    assertEquals(List.of(), f.k.bugLog().entries());
    assertEquals(0, f.k.bugLog().warnings());

    ModelSys s = f.sys;
    err(Errno.ENOENT, s.open("/mnt/d/g", Fcntl.O_RDONLY));
    StatBuf g = new StatBuf();
    ok(s.lstat("/upper/d/g", g));
    assertTrue(Stat.S_ISLNK(g.stMode), "the whiteout of g");
    assertEquals(List.of("f", "g"), lsSorted(s, "/upper/d"), "only the whiteouts of f and g");
    assertEquals(List.of(), Lockdep.of(f.k).reports());
  }

  /** A 64 KiB lower file that a 16 KiB upper cannot hold. */
  private static OvlFixture tinyUpper(OvlVersion v) {
    OvlFixture f = new OvlFixture("size=16k");
    ModelSys s = f.sys;
    ok(s.mkdir("/lower/d", 0755));
    writeFile(s, "/lower/d/big", "x".repeat(64 * 1024));
    f.mountOverlay("version=" + v.optionName());
    return f;
  }

  @Test
  void v6LeavesAHalfMadeUpperFileAfterEnospcAndThenSaysEexist() {
    OvlFixture f = tinyUpper(OvlVersion.V6);
    ModelSys s = f.sys;
    err(Errno.ENOSPC, s.open("/mnt/d/big", Fcntl.O_WRONLY));
    StatBuf half = new StatBuf();
    ok(s.stat("/upper/d/big", half));
    assertTrue(half.stSize < 64 * 1024, "a partial copy stays in the upper layer");
    // The overlay dentry is still lower, and the copy-up now trips over the leftover.
    err(Errno.EEXIST, s.open("/mnt/d/big", Fcntl.O_WRONLY));
  }

  @Test
  void v7RemovesTheHalfMadeUpperFileAfterEnospc() {
    OvlFixture f = tinyUpper(OvlVersion.V7);
    ModelSys s = f.sys;
    err(Errno.ENOSPC, s.open("/mnt/d/big", Fcntl.O_WRONLY));
    err(Errno.ENOENT, s.stat("/upper/d/big", new StatBuf()));
    assertEquals("x".repeat(64 * 1024), readFile(s, "/mnt/d/big"));
    err(Errno.ENOSPC, s.open("/mnt/d/big", Fcntl.O_WRONLY));
    f.assertQuiet();
  }

  private static OvlFixture killedCopyUp(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    ok(s.mkdir("/lower/d", 0755));
    writeFile(s, "/lower/d/file", "data");
    ok(s.mkdir("/upper/d", 0755));
    f.mountOverlay("version=" + v.optionName());
    Task killed = f.k.spawn("killed", Cred.root());
    killed.sendSigkill();
    err(Errno.EINTR, ModelSys.of(killed).open("/mnt/d/file", Fcntl.O_WRONLY));
    return f;
  }

  @Test
  void v6LeaksTheCopyUpFilesOnAFatalSignal() {
    OvlFixture f = killedCopyUp(OvlVersion.V6);
    OvlFs ofs = OvlFs.of(f.overlaySb());
    // The overlay's own write reference, plus the one of the never closed upper file.
    assertEquals(2, ofs.upperMnt.mntWriters.get());
    StatBuf st = new StatBuf();
    ok(f.sys.stat("/upper/d/file", st));
    assertEquals(0, st.stSize);
  }

  @Test
  void v7ClosesTheCopyUpFilesAndRemovesTheUpperFileOnAFatalSignal() {
    OvlFixture f = killedCopyUp(OvlVersion.V7);
    OvlFs ofs = OvlFs.of(f.overlaySb());
    assertEquals(1, ofs.upperMnt.mntWriters.get());
    err(Errno.ENOENT, f.sys.stat("/upper/d/file", new StatBuf()));
    assertEquals("data", readFile(f.sys, "/mnt/d/file"));
    f.assertQuiet();
  }
}
