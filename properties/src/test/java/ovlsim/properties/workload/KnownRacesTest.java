package ovlsim.properties.workload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.UnionReference.KnownRace;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.Sys;

/**
 * Reproducers of the declared 2011 races (properties/PROPERTIES.md): for each, a small
 * workload that the concurrent property shrank to, and the first schedule seed (searched from 0,
 * so deterministic) under which the newest version shows the race. If a future version fixes
 * one, its test fails and the declaration can go.
 */
class KnownRacesTest {
  private static final int SEEDS = 3000;

  private static void assertRace(KnownRace race, Trees trees, List<List<Op>> programs) {
    assertRace(race, OvlVersion.newest(), trees, programs);
  }

  /** {@code race} shows in a run of {@code programs} on {@code version}. */
  private static void assertRace(
      KnownRace race, OvlVersion version, Trees trees, List<List<Op>> programs) {
    for (long seed = 0; seed < SEEDS; seed++) {
      ConcurrentRun.Result r =
          ConcurrentRun.run(trees, version, OverlayInstaller.PORT, programs, seed);
      ConcurrentCheck.Verdict v = ConcurrentCheck.check(trees, r, ConcurrentCheck.Mode.ALLOWED);
      assertTrue(v.ok(), () -> "not a declared race: " + v.message());
      if (v.races().contains(race)) {
        System.out.println(race + ": schedule seed " + seed);
        return;
      }
    }
    throw new AssertionError(race + " not seen in " + SEEDS + " schedules");
  }

  private static Trees trees(List<NodeSpec> lower, List<NodeSpec> upper) {
    return new Trees(lower, upper);
  }

  @Test
  void noWhiteoutAfterCopyUpOfStaleDentry() {
    assertRace(KnownRace.NO_WHITEOUT,
        trees(List.of(NodeSpec.file("a", 0644, "")), List.of()),
        List.of(List.of(new Op.Write("a", 0, "p")), List.of(new Op.Unlink("a")),
            List.of(new Op.Create("a", 0644))));
  }

  /** A negative upper dentry (before v10's UPPER_DENTRY_DOUBLE_REF): on v7-fix. */
  @Test
  void createThenPermissionEnoent() {
    assertRace(KnownRace.CREATE_THEN_PERMISSION_ENOENT, OvlVersion.V7_FIX,
        trees(List.of(), List.of()),
        List.of(List.of(new Op.Unlink("a")), List.of(new Op.Create("a", 0644)),
            List.of(new Op.Create("a", 0644))));
  }

  /** Before v10's UPPER_DENTRY_DOUBLE_REF: on v7-fix. */
  @Test
  void negativeUpperDentryOops() {
    assertRace(KnownRace.NEGATIVE_UPPER_DENTRY_OOPS, OvlVersion.V7_FIX,
        trees(List.of(), List.of(NodeSpec.file("c", 0644, ""))),
        List.of(List.of(new Op.Unlink("c")), List.of(new Op.Setxattr("c", "user.k", "1", 0)),
            List.of(new Op.Chmod("c", 0600))));
  }

  /**
   * Not a race: {@link ovlsim.properties.reference.UnionReference#isHardLinkAliasingRename},
   * sequentially. After {@code rename b a} between two hard links the overlay name {@code a}
   * is bound to upper {@code b}: {@code rename a c} moves {@code b}; with a lower {@code b}
   * below, {@code unlink a} warns in {@code ovl_whiteout()} and fails with EEXIST.
   */
  @Test
  void hardLinkRenameAliasing() {
    var plain = new Trees(List.of(), List.of(NodeSpec.file("a", 0644, ""),
        NodeSpec.hardlink("b", "a"))).state();
    ModelOverlay m = ModelOverlay.boot(plain.lower(), plain.upper(), OvlVersion.newest(),
        OverlayInstaller.PORT);
    Sys fs = ModelSys.of(m.newTask("t"));
    assertTrue(OpRunner.run(fs, new Op.Rename("b", "a")).ok());
    assertTrue(OpRunner.run(fs, new Op.Rename("a", "c")).ok());
    assertTrue(ViewReader.read(fs).entries().keySet().equals(Set.of("a", "c")),
        "upper b moved, not a: " + ViewReader.read(fs));

    var below = new Trees(List.of(NodeSpec.dir("b", 0755)), List.of(
        NodeSpec.file("b", 0644, ""), NodeSpec.hardlink("a", "b"))).state();
    m = ModelOverlay.boot(below.lower(), below.upper(), OvlVersion.newest(),
        OverlayInstaller.PORT);
    fs = ModelSys.of(m.newTask("t"));
    assertTrue(OpRunner.run(fs, new Op.Rename("b", "a")).ok());
    assertTrue(OpRunner.run(fs, new Op.Unlink("a")).toString().equals("EEXIST"));
    assertTrue(m.kernel().bugLog().entries().get(0).message().startsWith("ovl_whiteout: "),
        m.kernel().bugLog().entries().toString());
  }

  /**
   * The end the failed rmdir's unhashing can come to since the upper {@code vfs_rmdir()} unhashes
   * the upper dentry too: the rename of the opaque {@code b} into {@code b/b} passes both traps
   * and locks {@code b}'s i_mutex a second time for its opaque xattr. On v7-fix: from v9
   * (REMOVE_AFTER_RENAME_FIX) the rename to the free name b/b sets no opaque xattr.
   */
  @Test
  void failedRmdirUnhashesCanDeadlockTheRename() {
    Trees trees = trees(List.of(), List.of(NodeSpec.opaqueDir("b", 0755)));
    List<List<Op>> programs = List.of(List.of(new Op.Mkdir("b/b", 0755)),
        List.of(new Op.Rmdir("b")), List.of(new Op.Rename("b", "b/b")));
    for (long seed = 0; seed < SEEDS; seed++) {
      ConcurrentRun.Result r =
          ConcurrentRun.run(trees, OvlVersion.V7_FIX, OverlayInstaller.PORT, programs, seed);
      ConcurrentCheck.Verdict v = ConcurrentCheck.check(trees, r, ConcurrentCheck.Mode.ALLOWED);
      assertTrue(v.ok(), () -> "not a declared race: " + v.message());
      if (r.crash() != null) {
        assertTrue(r.crash().contains(ConcurrentCheck.SELF_DEADLOCK), r.crash());
        assertTrue(v.races().contains(KnownRace.FAILED_RMDIR_UNHASHES), v.races()::toString);
        System.out.println("FAILED_RMDIR_UNHASHES deadlock: schedule seed " + seed);
        return;
      }
    }
    throw new AssertionError("the rename never deadlocked in " + SEEDS + " schedules");
  }

  @Test
  void failedRmdirUnhashes() {
    assertRace(KnownRace.FAILED_RMDIR_UNHASHES,
        trees(List.of(), List.of(NodeSpec.dir("b", 0755), NodeSpec.dir("b/a", 0755))),
        List.of(List.of(new Op.Rmdir("b")), List.of(new Op.Rename("b", "b/a"))));
  }
}
