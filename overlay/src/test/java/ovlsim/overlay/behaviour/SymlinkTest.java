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
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Symlinks: {@code ovl_readlink()} and {@code ovl_follow_link()} go to the real symlink, whose
 * target is resolved in the caller's namespace (so relative targets stay inside the overlay);
 * "creation of a symlink does not [require copy-up]" beyond the parents; writing through a
 * symlink copies up its target, not the link.
 */
class SymlinkTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private void layers(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/t", 0644, "target").symlink("d/rel", "t")
        .symlink("d/up", "../u/file").symlink("d/abs", "/mnt/d/t").symlink("d/dirlink", "../m")
        .symlink("d/dangling", "nothing").symlink("d/loop1", "loop2")
        .symlink("d/loop2", "loop1").dir("m", 0755).file("m/lo", 0644, "")
        .file("d/shadowed", 0644, "lower file");
    f.upper().dir("u", 0755).file("u/file", 0644, "upper file").dir("m", 0755)
        .file("m/up", 0644, "").dir("d", 0755).symlink("d/shadowed", "t");
    f.mount(v);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void readlinkAndFollowGoToTheRealSymlink(OvlVersion v) {
    layers(v);
    assertEquals("t", f.readlink("/mnt/d/rel"));
    assertEquals("target", f.read("/mnt/d/rel"));
    assertEquals("upper file", f.read("/mnt/d/up"), "a lower link to an upper file");
    assertEquals("target", f.read("/mnt/d/abs"));
    assertEquals(List.of("lo", "up"), f.lsSorted("/mnt/d/dirlink/"), "into a merged dir");
    assertEquals("t", f.readlink("/mnt/d/shadowed"), "an upper link over a lower file");
    assertEquals("target", f.read("/mnt/d/shadowed"));
    assertTrue(Stat.S_ISLNK(f.lstat("/mnt/d/rel").stMode));
    assertEquals(f.lstat("/lower/d/rel").stIno, f.lstat("/mnt/d/rel").stIno);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theErrnosOfFollowingAndReading(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    err(Errno.ENOENT, s.open("/mnt/d/dangling", Fcntl.O_RDONLY));
    ok(s.lstat("/mnt/d/dangling", new StatBuf()));
    err(Errno.ELOOP, s.open("/mnt/d/loop1", Fcntl.O_RDONLY));
    err(Errno.ELOOP, s.open("/mnt/d/rel", Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW));
    err(Errno.EINVAL, s.readlink("/mnt/d/t", new byte[10], 10));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void creatingASymlinkCopiesUpOnlyItsParents(OvlVersion v) {
    f.lower().dir("a", 0755).dir("a/b", 0755).file("a/b/f", 0644, "f").file("a/other", 0644, "");
    f.mount(v);
    ok(f.sys().symlink("f", "/mnt/a/b/l"));
    assertEquals("f", f.read("/mnt/a/b/l"));
    assertEquals("f", f.readlink("/upper/a/b/l"));
    assertEquals(List.of("b"), f.lsUpper("a"));
    assertEquals(List.of("l"), f.lsUpper("a/b"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void writingThroughASymlinkCopiesUpItsTargetNotTheLink(OvlVersion v) {
    layers(v);
    int fd = (int) ok(f.sys().open("/mnt/d/rel", Fcntl.O_WRONLY | Fcntl.O_APPEND));
    ok(f.sys().write(fd, OverlayFixture.bytes("!"), 1));
    ok(f.sys().close(fd));
    assertEquals("target!", f.read("/upper/d/t"));
    assertFalse(f.inUpper("d/rel"));
    assertEquals("target!", f.read("/mnt/d/rel"));
  }

  /** A symlink's own metadata change copies the link up and leaves the target alone. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void lchownCopiesUpTheLinkAndTheLinkStillResolves(OvlVersion v) {
    layers(v);
    ok(f.sys().lchown("/mnt/d/rel", 42, 42));
    assertEquals(42, f.lstat("/upper/d/rel").stUid);
    assertEquals("t", f.readlink("/mnt/d/rel"));
    assertEquals("target", f.read("/mnt/d/rel"));
    assertFalse(f.inUpper("d/t"));
  }
}
