package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.whiteout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ovl_rmdir()}: a directory with a lower part must look empty in the merged view
 * ({@code ovl_check_empty_dir()}: whiteouts do not count); a merged one has its whiteouts
 * unlinked from the upper directory ({@code ovl_remove_whiteouts()}) so the upper rmdir can
 * succeed; then {@code ovl_do_remove()} leaves a whiteout where a lower directory must stay
 * hidden. A pure upper directory is the upper filesystem's business.
 */
class RmdirTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aMergedDirectoryWithOnlyWhiteoutsLeftCanBeRemoved(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "").file("d/b", 0644, "").dir("d/c", 0755);
    f.upper().dir("d", 0755);
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.unlink("/mnt/d/a"));
    ok(s.unlink("/mnt/d/b"));
    ok(s.rmdir("/mnt/d/c"));
    assertEquals(List.of("a", "b", "c"), f.lsUpper("d"), "three whiteouts");

    ok(s.rmdir("/mnt/d"));

    assertTrue(f.isWhiteout("d"), "the upper directory went, a whiteout took its name");
    err(Errno.ENOENT, f.lstatResult("/mnt/d"));
    assertEquals(List.of(), f.ls("/mnt"));
    assertEquals(List.of("a", "b", "c"), f.lsSorted("/lower/d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aMergedDirectoryWithAVisibleEntryIsNotEmpty(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/lo", 0644, "").dir("e", 0755).file("e/gone", 0644, "");
    f.upper().dir("d", 0755).dir("e", 0755).file("e/up", 0644, "");
    whiteout(f.upper(), "e/gone");
    f.mount(v);
    ModelSys s = f.sys();

    err(Errno.ENOTEMPTY, s.rmdir("/mnt/d"), "a lower entry");
    err(Errno.ENOTEMPTY, s.rmdir("/mnt/e"), "an upper entry");
    assertTrue(f.isWhiteout("e/gone"), "nothing was removed");
    assertEquals(List.of("lo"), f.ls("/mnt/d"));

    ok(s.unlink("/mnt/e/up"));
    ok(s.rmdir("/mnt/e"));
    assertTrue(f.isWhiteout("e"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anEmptyLowerDirectoryIsReplacedByAWhiteout(OvlVersion v) {
    f.lower().dir("p", 0755).dir("p/d", 0755);
    f.mount(v);
    ok(f.sys().rmdir("/mnt/p/d"));
    assertTrue(f.isWhiteout("p/d"));
    assertEquals(List.of(), f.ls("/mnt/p"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aPureUpperDirectoryIsRemovedWithoutATrace(OvlVersion v) {
    f.lower().dir("p", 0755);
    f.upper().dir("p", 0755).dir("p/d", 0755);
    f.mount(v);
    ok(f.sys().rmdir("/mnt/p/d"));
    assertEquals(List.of(), f.lsUpper("p"));
  }

  /**
   * A pure upper directory is not checked by the overlay: a whiteout in it (meaningless there,
   * and visible as a symlink) keeps the upper filesystem's rmdir from succeeding.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aPureUpperDirectoryHoldingAWhiteoutIsNotEmpty(OvlVersion v) {
    f.upper().dir("u", 0755);
    whiteout(f.upper(), "u/w");
    f.mount(v);
    err(Errno.ENOTEMPTY, f.sys().rmdir("/mnt/u"));
    ok(f.sys().unlink("/mnt/u/w"));
    ok(f.sys().rmdir("/mnt/u"));
    assertFalse(f.inUpper("u"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theVfsErrnosOfRmdir(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    err(Errno.ENOTDIR, s.rmdir("/mnt/d/f"));
    err(Errno.ENOENT, s.rmdir("/mnt/d/none"));
    err(Errno.EBUSY, s.rmdir("/mnt"));
    err(Errno.EISDIR, s.unlink("/mnt/d"));
    assertFalse(f.inUpper("d"));
  }
}
