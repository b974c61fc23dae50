package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ovl_link()}: "creating a hard-link also requires copy-up": the source and the new
 * parent are copied up, then the upper source is linked under the upper parent (replacing a
 * whiteout of the new name if there is one).
 */
class LinkTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private void layers(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0640, "lower f").owner("d/f", 3, 4)
        .symlink("d/sym", "f").file("d/gone", 0644, "gone").dir("e", 0755).dir("d/sub", 0755);
    f.upper().dir("u", 0755).file("u/up", 0644, "up");
    f.mount(v);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void linkingALowerFileCopiesItUpAndLinksTheCopy(OvlVersion v) {
    layers(v);
    ok(f.sys().link("/mnt/d/f", "/mnt/d/g"));

    StatBuf f1 = f.stat("/mnt/d/f");
    StatBuf g1 = f.stat("/mnt/d/g");
    assertEquals(f1.stIno, g1.stIno);
    assertEquals(2L, g1.stNlink);
    assertEquals(f.stat("/upper/d/f").stIno, g1.stIno, "the upper inode");
    assertEquals(3, f.stat("/upper/d/f").stUid, "copied up with its owner");
    assertEquals(2L, f.stat("/upper/d/g").stNlink);

    f.append("/mnt/d/g", " via g");
    assertEquals("lower f via g", f.read("/mnt/d/f"));
    assertEquals("lower f", f.read("/lower/d/f"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void linkingIntoALowerDirectoryCopiesItUp(OvlVersion v) {
    layers(v);
    ok(f.sys().link("/mnt/u/up", "/mnt/d/sub/h"));
    assertEquals(List.of("h"), f.lsUpper("d/sub"));
    assertEquals("up", f.read("/mnt/d/sub/h"));
    assertEquals(2L, f.stat("/upper/u/up").stNlink);
    assertFalse(f.inUpper("e"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void linkingOverAWhiteoutReplacesIt(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/d/gone"));
    assertTrue(f.isWhiteout("d/gone"));

    ok(s.link("/mnt/u/up", "/mnt/d/gone"));

    assertEquals("up", f.read("/mnt/d/gone"));
    assertTrue(Stat.S_ISREG(f.lstat("/upper/d/gone").stMode));
    assertEquals(f.stat("/upper/u/up").stIno, f.stat("/upper/d/gone").stIno);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void linkingASymlinkCopiesUpTheSymlink(OvlVersion v) {
    layers(v);
    ok(f.sys().link("/mnt/d/sym", "/mnt/e/sym2"));
    assertEquals("f", f.readlink("/mnt/e/sym2"));
    assertTrue(Stat.S_ISLNK(f.lstat("/upper/d/sym").stMode));
    assertEquals(f.lstat("/upper/d/sym").stIno, f.lstat("/upper/e/sym2").stIno);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theErrnosOfLink(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    err(Errno.EEXIST, s.link("/mnt/d/f", "/mnt/d/sym"), "over a lower name");
    err(Errno.EEXIST, s.link("/mnt/d/f", "/mnt/u/up"), "over an upper name");
    err(Errno.EPERM, s.link("/mnt/d/sub", "/mnt/d/sub2"), "a directory");
    err(Errno.ENOENT, s.link("/mnt/d/none", "/mnt/d/x"));
    err(Errno.EXDEV, s.link("/mnt/d/f", "/upper/x"), "out of the overlay");
    assertFalse(f.inUpper("d"), "nothing copied up by the failures");
  }
}
