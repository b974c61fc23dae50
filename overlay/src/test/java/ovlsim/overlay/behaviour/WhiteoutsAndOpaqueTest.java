package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.whiteout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "whiteouts and opaque directories" of the v6 posting's overlayfs.txt: removing a lower object
 * records a whiteout (a symlink to "(overlay-whiteout)" with trusted.overlay.whiteout=y) in the
 * upper layer; a whiteout in the upper level of a merged directory hides the lower name and
 * itself; a directory made where a whiteout was is opaque (trusted.overlay.opaque=y) and hides
 * the lower directory of its name; non-directories are always opaque. Both the overlay's own
 * records and ones put in the upper layer before the mount are honoured.
 */
class WhiteoutsAndOpaqueTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void unlinkingALowerFileLeavesARootOwnedWhiteout(OvlVersion v) {
    f.lower().dir("d", 0755).owner("d", 1000, 1000).file("d/f", 0644, "f").owner("d/f", 1000, 1000)
        .file("d/g", 0644, "g");
    f.mount(v);
    ModelSys user = f.user(1000, 1000);

    ok(user.unlink("/mnt/d/f"));

    err(Errno.ENOENT, f.lstatResult("/mnt/d/f"));
    assertEquals(List.of("g"), f.ls("/mnt/d"));
    assertTrue(f.isWhiteout("d/f"));
    StatBuf wh = f.lstat("/upper/d/f");
    assertEquals(0, wh.stUid, "ovl_whiteout() creates as fsuid 0");
    assertEquals(0, wh.stGid);
    assertEquals(1000, f.stat("/upper/d").stUid, "the copied-up parent keeps its owner");
    assertEquals("f", f.read("/lower/d/f"), "the lower layer is untouched");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingALowerDirectoryLeavesAWhiteout(OvlVersion v) {
    f.lower().dir("d", 0755).dir("d/e", 0755).dir("d/full", 0755).file("d/full/x", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();

    ok(s.rmdir("/mnt/d/e"));
    err(Errno.ENOTEMPTY, s.rmdir("/mnt/d/full"));
    ok(s.unlink("/mnt/d/full/x"));
    ok(s.rmdir("/mnt/d/full"));

    assertTrue(f.isWhiteout("d/e"));
    assertTrue(f.isWhiteout("d/full"));
    assertEquals(List.of(), f.ls("/mnt/d"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d/full/x"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingAnUpperOnlyObjectLeavesNothing(OvlVersion v) {
    f.lower().dir("d", 0755);
    f.upper().dir("d", 0755).file("d/f", 0644, "").dir("d/e", 0755);
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/f"));
    ok(f.sys().rmdir("/mnt/d/e"));
    assertEquals(List.of(), f.lsUpper("d"));
    assertEquals(List.of(), f.ls("/mnt/d"));
  }

  /** An upper non-directory over a lower one is opaque: removing it must leave a whiteout. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingAnUpperFileThatHidesALowerOneLeavesAWhiteout(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower");
    f.upper().dir("d", 0755).file("d/f", 0644, "upper");
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/f"));
    assertTrue(f.isWhiteout("d/f"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d/f"));
    f.remountFresh();
    err(Errno.ENOENT, f.lstatResult("/mnt/d/f"), "after a remount too");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void creatingOverAWhiteoutReplacesIt(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower content").dir("d/x", 0755)
        .file("d/x/inner", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/d/f"));
    ok(s.unlink("/mnt/d/x/inner"));
    ok(s.rmdir("/mnt/d/x"));

    f.write("/mnt/d/f", "new");
    int fd = (int) ok(s.open("/mnt/d/x", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0600));
    ok(s.close(fd));

    assertEquals("new", f.read("/mnt/d/f"));
    assertEquals(Stat.S_IFREG | 0644, f.lstat("/upper/d/f").stMode);
    assertNull(f.lgetxattr("/upper/d/f", OverlayFixture.WHITEOUT_XATTR));
    assertEquals(Stat.S_IFREG | 0600, f.stat("/mnt/d/x").stMode, "a file where a dir was");
    assertEquals(List.of("f", "x"), f.lsSorted("/mnt/d"));
    f.remountFresh();
    assertEquals("new", f.read("/mnt/d/f"));
    assertTrue(Stat.S_ISREG(f.stat("/mnt/d/x").stMode));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryMadeWhereAWhiteoutWasIsOpaque(OvlVersion v) {
    f.lower().dir("d", 0755).dir("d/x", 0755).file("d/x/old1", 0644, "").file("d/x/old2", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/d/x/old1"));
    ok(s.unlink("/mnt/d/x/old2"));
    ok(s.rmdir("/mnt/d/x"));
    ok(s.mkdir("/mnt/d/x", 0700));

    assertTrue(f.isOpaque("d/x"));
    assertEquals(List.of(), f.ls("/mnt/d/x"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d/x/old1"));
    assertEquals(Stat.S_IFDIR | 0700, f.stat("/mnt/d/x").stMode);
    assertEquals(2L, f.stat("/mnt/d/x").stNlink, "opaque: not merged");

    f.remountFresh();
    assertEquals(List.of(), f.ls("/mnt/d/x"), "the opaque mark is on disk");
    f.write("/mnt/d/x/new", "");
    assertEquals(List.of("new"), f.ls("/mnt/d/x"));
  }

  /** A directory created where no whiteout was (no lower name) is not marked opaque. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryMadeOnAFreeNameIsNotOpaque(OvlVersion v) {
    f.lower().dir("d", 0755);
    f.mount(v);
    ok(f.sys().mkdir("/mnt/d/x", 0755));
    assertTrue(Stat.S_ISDIR(f.lstat("/upper/d/x").stMode));
    assertFalse(f.isOpaque("d/x"));
  }

  /**
   * Removing an opaque directory must leave a whiteout (its dentry is opaque) although it is
   * pure upper, or the lower directory would come back.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingAnOpaqueDirectoryLeavesAWhiteout(OvlVersion v) {
    f.lower().dir("x", 0755).file("x/old", 0644, "old");
    OverlayFixture.opaqueDir(f.upper(), "x", 0755);
    f.mount(v);
    assertEquals(List.of(), f.ls("/mnt/x"));
    ok(f.sys().rmdir("/mnt/x"));
    assertTrue(f.isWhiteout("x"));
    err(Errno.ENOENT, f.lstatResult("/mnt/x"));
    f.remountFresh();
    err(Errno.ENOENT, f.lstatResult("/mnt/x/old"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void whiteoutsAndOpaqueDirectoriesPutInTheUpperLayerBeforeTheMountAreHonoured(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/gone", 0644, "").file("d/kept", 0644, "")
        .dir("d/gonedir", 0755).file("d/gonedir/x", 0644, "")
        .dir("d/op", 0755).file("d/op/lowerfile", 0644, "");
    f.upper().dir("d", 0755);
    whiteout(f.upper(), "d/gone");
    whiteout(f.upper(), "d/gonedir");
    OverlayFixture.opaqueDir(f.upper(), "d/op", 0755).file("d/op/upperfile", 0644, "");
    f.mount(v);

    assertEquals(List.of("kept", "op"), f.lsSorted("/mnt/d"), "whiteouts hide themselves");
    err(Errno.ENOENT, f.lstatResult("/mnt/d/gone"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d/gonedir/x"));
    assertEquals(List.of("upperfile"), f.ls("/mnt/d/op"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d/op/lowerfile"));
  }

  /**
   * A whiteout only means something in the upper level of a merged directory
   * ({@code ovl_lookup()} checks for one only when the parent has a lower directory): in an
   * upper-only directory it is the plain symlink it is on disk.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aWhiteoutOutsideAMergedDirectoryIsJustASymlink(OvlVersion v) {
    f.upper().dir("u", 0755);
    whiteout(f.upper(), "u/w");
    f.mount(v);
    assertEquals(List.of("w"), f.ls("/mnt/u"));
    assertTrue(Stat.S_ISLNK(f.lstat("/mnt/u/w").stMode));
    assertEquals(OverlayFixture.WHITEOUT_TARGET, f.readlink("/mnt/u/w"));
  }

  /**
   * A symlink in the upper layer without the whiteout xattr is an ordinary symlink, even with
   * the whiteout's target: the xattr decides.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aSymlinkWithoutTheXattrIsNoWhiteout(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower");
    f.upper().dir("d", 0755).symlink("d/f", OverlayFixture.WHITEOUT_TARGET);
    f.mount(v);
    assertEquals(List.of("f"), f.ls("/mnt/d"));
    assertEquals(OverlayFixture.WHITEOUT_TARGET, f.readlink("/mnt/d/f"));
  }
}
