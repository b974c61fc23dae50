package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.fstat;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.pread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.overlay.OvlSchedPoint;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Al Viro's copy-up vs rename race from the v7 thread (March 2011), replayed step by step with
 * the schedule point {@value OvlSchedPoint#COPY_UP_ONE_BEFORE_LOCK} ({@code ovl_copy_up_one()},
 * after the dentry's state was read and before the upper parent's i_mutex is taken), no
 * sleeps:
 *
 * <pre>
 * A: decided to do copy_up_locked         open("d/f", O_RDWR), parked at the point
 *    blocked on i_mutex
 * B: did copy_up                          rename("d/f", "d/g"): copy-up, upper rename,
 *    did rename(), complete with d_move()     whiteout at d/f, d_move() of A's dentry to g
 *    did unlink() in new place            unlink("d/g")
 * A: got CPU back, got i_mutex            released
 *    proceeded to copy lower into new location
 *    set dentry to very odd (upper,lower) pair
 * </pre>
 *
 * <p>V6 checks only {@code dentry->d_parent != parent} under the lock; a rename within d keeps
 * the parent, so A copies the stale lower d/f to the dentry's new name g, and
 * {@code ovl_dentry_update()} warns that the dentry already has an upper dentry (B's): d/g is
 * back, with the old data, on disk (v7 as posted, V7, still does). V7_FIX (Miklos's fix) rechecks
 * {@code ovl_path_type(dentry) != OVL_PATH_LOWER}, copies nothing, and opens the dentry's upper,
 * which is B's copy, renamed and unlinked.
 *
 * <p>What V7_FIX then opens depends on who else holds that upper dentry: if nobody does,
 * {@code vfs_unlink()}'s {@code d_delete()} made it negative (the overlay entry held the only
 * reference), and {@code ovl_open()}'s {@code vfs_open()} dereferences its NULL inode: an oops
 * in the C, a recorded BUG here. The fix closes the resurrection, not that hole. When B keeps
 * d/g open across the unlink, the dentry stays positive and A's open succeeds on exactly the
 * file B renamed and unlinked.
 */
class ReviewRaceTest {
  private static final String OLD = "old lower data";

  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private Task a;
  private Breakpoints bp;
  private OvlVersion version;
  private final AtomicLong aFd = new AtomicLong(Long.MIN_VALUE);
  private final AtomicReference<Throwable> aDied = new AtomicReference<>();
  private Thread threadA;

  /** A's open: its result, or what killed A's thread. */
  private record AOutcome(long fd, Throwable died) {}

  /** d is merged already, so the only copy-up of A's open is d/f's. */
  private ModelSys boot(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, OLD);
    f.upper().dir("d", 0755);
    f.mount(v);
    version = v;
    bp = f.breakpoints();
    a = f.task("A", Cred.root());
    return ModelSys.of(f.task("B", Cred.root()));
  }

  /** A opens d/f for read-write and parks before the upper parent's i_mutex. */
  private void startAAndPark() {
    bp.arm("A", OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK);
    threadA =
        f.start(
            "A",
            () -> {
              try {
                aFd.set(ModelSys.of(a).open("/mnt/d/f", Fcntl.O_RDWR));
              } catch (Throwable t) {
                aDied.set(t);
              }
            });
    assertEquals(OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK, bp.awaitParked("A"));
    assertEquals(List.of(), HeldLocks.of(a).snapshot(), "A parks holding no lock");
  }

  private AOutcome releaseA() throws InterruptedException {
    bp.release("A");
    threadA.join();
    return new AOutcome(aFd.get(), aDied.get());
  }

  /** B's part: rename within d (copying f up), then unlink the new name. */
  private void bRenamesAndUnlinks(ModelSys b) {
    ok(b.rename("/mnt/d/f", "/mnt/d/g"));
    assertTrue(f.isWhiteout("d/f"));
    assertEquals(OLD, f.read("/upper/d/g"), "B copied f up and renamed it");
    ok(b.unlink("/mnt/d/g"));
    // Checked in the upper layer: an overlay lookup would cache a negative dentry for g.
    if (renamedFileIsOpaque(version)) {
      assertTrue(f.isWhiteout("d/g"), "v7, v7-fix: unlinking a renamed file leaves a whiteout");
    } else {
      err(Errno.ENOENT, f.lstatResult("/upper/d/g"));
    }
  }

  /**
   * v7 and v7-fix mark a file renamed to a fresh name opaque (RENAME_OPAQUE_BEFORE_VFS_RENAME,
   * until v9's REMOVE_AFTER_RENAME_FIX), so its unlink writes a whiteout.
   */
  static boolean renamedFileIsOpaque(OvlVersion v) {
    return v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)
        && !v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX);
  }

  @ParameterizedTest
  @EnumSource(value = OvlVersion.class, names = {"V6", "V7"})
  void withoutTheRecheckTheUnlinkedFileIsResurrectedWithTheOldLowerDataAndWarns(OvlVersion v)
      throws InterruptedException {
    ModelSys b = boot(v);
    f.expectKernelComplaints();
    startAAndPark();
    bRenamesAndUnlinks(b);
    assertEquals(0, f.kernel().bugLog().warnings(), "nothing yet");

    AOutcome out = releaseA();

    assertNull(out.died());
    int fd = (int) ok(out.fd(), "A's open");
    assertEquals(List.of("g"), f.ls("/mnt/d"), "d/g reappears in the merged view");
    assertEquals(OLD, f.read("/mnt/d/g"), "with the old lower data");
    assertEquals(OLD, f.read("/upper/d/g"));
    assertTrue(f.isWhiteout("d/f"));
    // A's descriptor is on the resurrected file.
    assertEquals(f.stat("/upper/d/g").stIno, fstat(ModelSys.of(a), fd).stIno);
    ok(ModelSys.of(a).pwrite(fd, bytes("NEW"), 3, 0));
    assertEquals("NEW lower data", f.read("/mnt/d/g"));
    ok(ModelSys.of(a).close(fd));

    List<BugLog.Entry> log = f.kernel().bugLog().entries();
    assertEquals(1, log.size(), () -> log.toString());
    BugLog.Entry warn = log.get(0);
    assertEquals(BugLog.Kind.WARNING, warn.kind());
    assertEquals("A", warn.task());
    assertTrue(warn.message().contains("already has an upper dentry"), warn.message());
    assertTrue(
        warn.stack().stream().anyMatch(e -> e.getMethodName().equals("ovlDentryUpdate")),
        "ovl_dentry_update()'s WARN_ON(oe->__upperdentry)");

    f.remountFresh();
    assertEquals(OLD.replace("old", "NEW"), f.read("/mnt/d/g"), "on disk: it survives a reboot");
  }

  /**
   * With the recheck A copies nothing; what its open then meets at the upper g depends on the
   * version. v7-fix: B's unlink of the renamed (so opaque) g wrote a whiteout, through the very
   * upper dentry A's overlay entry holds (the negative dentry {@code d_delete()} left hashed is
   * the one {@code ovl_whiteout()}'s lookup finds): A opens the whiteout symlink. From v10 no
   * whiteout is written (v9's REMOVE_AFTER_RENAME_FIX) and the double reference
   * (UPPER_DENTRY_DOUBLE_REF) keeps the upper g positive: A opens B's unlinked copy. (The oops
   * of a negative upper dentry: VersionHistoryTest#anOpenRacingAnUnlinkMeetsANegativeUpperDentryUntilV10.)
   */
  @ParameterizedTest
  @EnumSource(value = OvlVersion.class, names = {"V7_FIX", "V10", "V11", "V15"})
  void withTheRecheckACopiesNothingAndOpensWhatTheUpperGIsNow(OvlVersion v)
      throws InterruptedException {
    ModelSys b = boot(v);
    startAAndPark();
    bRenamesAndUnlinks(b);

    AOutcome out = releaseA();

    List<BugLog.Entry> log = f.kernel().bugLog().entries();
    assertEquals(0, f.kernel().bugLog().warnings(), "no WARN: the recheck saw the copy-up");
    if (renamedFileIsOpaque(v)) {
      assertNull(out.died(), () -> "A's open should succeed, got " + out);
      int fd = (int) ok(out.fd(), "A's open");
      assertTrue(Stat.S_ISLNK(fstat(ModelSys.of(a), fd).stMode), "A opened the whiteout of g");
      assertEquals(List.of(), log);
      ok(ModelSys.of(a).close(fd));
    } else {
      // v10: the second reference kept the upper g positive (unhashed) under B's unlink.
      assertTrue(v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF), "v9's fix came with v10's double ref");
      assertNull(out.died(), () -> "A's open should succeed, got " + out);
      int fd = (int) ok(out.fd(), "A's open");
      StatBuf st = fstat(ModelSys.of(a), fd);
      assertTrue(Stat.S_ISREG(st.stMode));
      assertEquals(0L, st.stNlink, "B's copy, renamed and unlinked");
      assertEquals(List.of(), log);
      ok(ModelSys.of(a).close(fd));
    }

    err(Errno.ENOENT, f.lstatResult("/mnt/d/g"), "d/g stays gone");
    assertEquals(List.of(), f.ls("/mnt/d"));
    assertEquals(renamedFileIsOpaque(v) ? List.of("f", "g") : List.of("f"), f.lsUpper("d"),
        "only whiteouts");
    f.remountFresh();
    assertEquals(List.of(), f.ls("/mnt/d"));
  }

  /**
   * The same race with B holding d/g open across its unlink, so the upper dentry stays
   * positive: V7_FIX opens exactly B's file (renamed and unlinked), no WARN, d/g absent.
   */
  @Test
  void v7FixOpensTheFileBRenamedAndUnlinkedWhenItIsStillOpen() throws InterruptedException {
    ModelSys b = boot(OvlVersion.V7_FIX);
    startAAndPark();
    ok(b.rename("/mnt/d/f", "/mnt/d/g"));
    int bFd = (int) ok(b.open("/mnt/d/g", Fcntl.O_RDWR));
    ok(b.unlink("/mnt/d/g"));

    AOutcome out = releaseA();

    assertNull(out.died());
    int aFdNum = (int) ok(out.fd(), "A's open");
    StatBuf aSt = fstat(ModelSys.of(a), aFdNum);
    StatBuf bSt = fstat(b, bFd);
    assertEquals(bSt.stDev, aSt.stDev);
    assertEquals(bSt.stIno, aSt.stIno, "the same inode: the one B renamed and unlinked");
    assertEquals(0L, aSt.stNlink);
    ok(ModelSys.of(a).pwrite(aFdNum, bytes("A"), 1, 0));
    assertEquals("Ald lower data", pread(b, bFd, 100, 0));
    ok(ModelSys.of(a).close(aFdNum));
    ok(b.close(bFd));

    err(Errno.ENOENT, f.lstatResult("/mnt/d/g"));
    assertEquals(List.of(), f.ls("/mnt/d"));
    assertEquals(renamedFileIsOpaque(version) ? List.of("f", "g") : List.of("f"),
        f.lsUpper("d"), "whiteouts only");
    assertEquals(OLD, f.read("/lower/d/f"));
  }

  /** The same as V6, for contrast: A's open gets a new file, not B's. */
  @Test
  void v6GivesANewFileWhenTheUnlinkedOneIsStillOpen() throws InterruptedException {
    ModelSys b = boot(OvlVersion.V6);
    f.expectKernelComplaints();
    startAAndPark();
    ok(b.rename("/mnt/d/f", "/mnt/d/g"));
    int bFd = (int) ok(b.open("/mnt/d/g", Fcntl.O_RDWR));
    ok(b.unlink("/mnt/d/g"));

    AOutcome out = releaseA();

    int aFdNum = (int) ok(out.fd(), "A's open");
    assertNotEquals(fstat(b, bFd).stIno, fstat(ModelSys.of(a), aFdNum).stIno);
    assertEquals(1L, fstat(ModelSys.of(a), aFdNum).stNlink);
    assertEquals(List.of("g"), f.ls("/mnt/d"));
    assertEquals(1, f.kernel().bugLog().warnings());
    assertEquals(0, f.kernel().bugLog().bugs());
    ok(ModelSys.of(a).close(aFdNum));
    ok(b.close(bFd));
  }

  /**
   * Without the unlink the race is harmless on both versions: V6's {@code d_parent} check
   * passes, but the create finds B's d/g and takes the "Already copied up?" EEXIST exit; V7_FIX's
   * recheck skips the copy. A opens B's copy.
   */
  @Test
  void renameAloneIsHarmlessOnV6() throws InterruptedException {
    renameAlone(OvlVersion.V6);
  }

  @Test
  void renameAloneIsHarmlessOnV7Fix() throws InterruptedException {
    renameAlone(OvlVersion.V7_FIX);
  }

  private void renameAlone(OvlVersion v) throws InterruptedException {
    ModelSys b = boot(v);
    startAAndPark();
    ok(b.rename("/mnt/d/f", "/mnt/d/g"));

    AOutcome out = releaseA();

    assertNull(out.died());
    int fd = (int) ok(out.fd());
    assertEquals(f.stat("/upper/d/g").stIno, fstat(ModelSys.of(a), fd).stIno);
    ok(ModelSys.of(a).close(fd));
    assertEquals(List.of("g"), f.ls("/mnt/d"));
    assertEquals(OLD, f.read("/mnt/d/g"));
  }
}
