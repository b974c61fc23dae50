package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.opaqueDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ovl_rename()}: a non-directory is copied up, renamed in the upper layer, and a whiteout
 * is left at the old name when a lower object must stay hidden; a target whiteout is replaced; a
 * renamed directory (pure upper only) gets the opaque mark when its new name is not a pure upper
 * one, and loses it when it moves over a pure upper directory; a directory target with a lower
 * part must look empty and has its whiteouts removed first.
 */
class RenameTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingALowerFileCopiesItUpAndWhitesOutTheOldName(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "f data");
    f.mount(v);
    ok(f.sys().rename("/mnt/d/f", "/mnt/d/g"));
    assertEquals(List.of("g"), f.ls("/mnt/d"));
    assertEquals("f data", f.read("/mnt/d/g"));
    assertTrue(f.isWhiteout("d/f"));
    assertEquals("f data", f.read("/upper/d/g"));
    f.remountFresh();
    assertEquals(List.of("g"), f.ls("/mnt/d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingAcrossDirectoriesCopiesUpTheNewParent(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "f").dir("e", 0750).dir("e/deep", 0700);
    f.mount(v);
    ok(f.sys().rename("/mnt/d/f", "/mnt/e/deep/f2"));
    assertEquals(Stat.S_IFDIR | 0700, f.stat("/upper/e/deep").stMode);
    assertEquals("f", f.read("/upper/e/deep/f2"));
    assertTrue(f.isWhiteout("d/f"));
    assertEquals(List.of(), f.ls("/mnt/d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingOverALowerFileHidesIt(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "a").file("d/b", 0644, "b");
    f.mount(v);
    ok(f.sys().rename("/mnt/d/a", "/mnt/d/b"));
    assertEquals(List.of("b"), f.ls("/mnt/d"));
    assertEquals("a", f.read("/mnt/d/b"));
    assertTrue(f.isWhiteout("d/a"));
    f.remountFresh();
    assertEquals("a", f.read("/mnt/d/b"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingOverAWhiteoutReplacesIt(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/x", 0644, "lower x");
    f.upper().dir("d", 0755).file("d/u", 0644, "upper u");
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/x"));
    ok(f.sys().rename("/mnt/d/u", "/mnt/d/x"));
    assertEquals(List.of("x"), f.ls("/mnt/d"));
    assertEquals("upper u", f.read("/mnt/d/x"));
    assertEquals(List.of("x"), f.lsUpper("d"), "no whiteout for the pure upper old name");
  }

  /** Two names of one lower inode: the rename does nothing, as POSIX says. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingOntoAHardLinkOfTheSameLowerInodeDoesNothing(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "same").hardlink("d/b", "d/a");
    f.mount(v);
    ok(f.sys().rename("/mnt/d/a", "/mnt/d/b"));
    assertEquals(List.of("a", "b"), f.lsSorted("/mnt/d"));
    assertFalse(f.inUpper("d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryRenamedOverAWhiteoutBecomesOpaque(OvlVersion v) {
    f.lower().dir("d", 0755).dir("d/x", 0755).file("d/x/old", 0644, "");
    f.upper().dir("u", 0755).file("u/new", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/d/x/old"));
    ok(s.rmdir("/mnt/d/x"));

    ok(s.rename("/mnt/u", "/mnt/d/x"));

    assertTrue(f.isOpaque("d/x"));
    assertEquals(List.of("new"), f.ls("/mnt/d/x"));
    f.remountFresh();
    assertEquals(List.of("new"), f.ls("/mnt/d/x"), "the lower x stays hidden");
  }

  /**
   * Until v9: the new name's {@code ovl_path_type()} is not OVL_PATH_UPPER when the name is
   * free (the negative dentry has no upper), so any directory renamed to a fresh name is marked
   * opaque, needed or not. v9's REMOVE_AFTER_RENAME_FIX takes a free name as upper: no mark.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryRenamedToAFreeNameIsMarkedOpaqueUntilV9(OvlVersion v) {
    f.upper().dir("u", 0755).dir("p", 0755);
    f.mount(v);
    ok(f.sys().rename("/mnt/u", "/mnt/p/u2"));
    assertEquals(!v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX), f.isOpaque("p/u2"));
  }

  /**
   * An opaque directory moved over an empty pure upper directory loses the mark (and leaves a
   * whiteout behind, since it was opaque).
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anOpaqueDirectoryRenamedOverAPureUpperDirectoryLosesTheMark(OvlVersion v) {
    f.lower().dir("o", 0755).file("o/lowerfile", 0644, "");
    opaqueDir(f.upper(), "o", 0755).file("o/mine", 0644, "");
    f.upper().dir("u", 0755).dir("u/empty", 0755);
    f.mount(v);
    ok(f.sys().rename("/mnt/o", "/mnt/u/empty"));
    assertFalse(f.isOpaque("u/empty"));
    assertEquals(List.of("mine"), f.ls("/mnt/u/empty"));
    assertTrue(f.isWhiteout("o"));
    err(Errno.ENOENT, f.lstatResult("/mnt/o"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryRenamedOverAMergedDirectoryNeedsItEmpty(OvlVersion v) {
    f.lower().dir("m", 0755).file("m/a", 0644, "").dir("n", 0755).file("n/b", 0644, "");
    f.upper().dir("m", 0755).dir("n", 0755).dir("u", 0755).file("u/mine", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/m/a"));

    err(Errno.ENOTEMPTY, s.rename("/mnt/u", "/mnt/n"));
    ok(s.rename("/mnt/u", "/mnt/m"));

    assertTrue(f.isOpaque("m"), "merged target: the moved directory hides the lower m");
    assertEquals(List.of("mine"), f.ls("/mnt/m"));
    assertEquals(List.of("m", "n"), f.lsSorted("/mnt"));
    assertEquals(List.of("mine"), f.lsUpper("m"), "m's whiteouts were removed first");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theVfsErrnosOfRename(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "").dir("d/sub", 0755);
    f.upper().dir("u", 0755);
    f.mount(v);
    ModelSys s = f.sys();
    err(Errno.EISDIR, s.rename("/mnt/d/f", "/mnt/d/sub"));
    err(Errno.ENOTDIR, s.rename("/mnt/u", "/mnt/d/f"));
    err(Errno.EINVAL, s.rename("/mnt/u", "/mnt/u/inside"));
    err(Errno.ENOENT, s.rename("/mnt/d/none", "/mnt/d/x"));
    err(Errno.EXDEV, s.rename("/mnt/d/f", "/upper/f"));
    ok(s.rename("/mnt/d/f", "/mnt/d/f"));
    assertFalse(f.inUpper("d"));
  }
}
