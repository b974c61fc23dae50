package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.OPAQUE_XATTR;
import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.opaqueDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The overlay's private xattrs ({@code trusted.overlay.*}, "The overlay filesystem uses extended
 * attributes with a 'trusted.overlay.' prefix to record these details"): {@code ovl_setxattr()}
 * refuses them (EPERM) everywhere; {@code ovl_getxattr()}, {@code ovl_listxattr()} and
 * {@code ovl_removexattr()} hide them (ENODATA, filtered out) only for an object whose parent is
 * a merged directory, as the C tests it; {@code ovl_is_private_xattr()} compares 14 characters,
 * so "trusted.overla..." names count too. Other xattrs pass through to the real object.
 */
class PrivateXattrTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  /** d merged; d/op an opaque directory with user and trusted xattrs; u upper-only. */
  private void layers(OvlVersion v) {
    f.lower().dir("d", 0755).dir("d/op", 0755).file("d/op/hidden", 0644, "")
        .file("d/lowerfile", 0644, "").xattr("d/lowerfile", "user.l", "L");
    f.upper().dir("d", 0755);
    opaqueDir(f.upper(), "d/op", 0755).xattr("d/op", "user.note", "n")
        .xattr("d/op", "trusted.other", "o");
    f.upper().dir("u", 0755);
    opaqueDir(f.upper(), "u/op", 0755);
    f.mount(v);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void underAMergedParentPrivateXattrsAreHiddenFromGetAndList(OvlVersion v) {
    layers(v);
    assertEquals("y", f.lgetxattr("/upper/d/op", OPAQUE_XATTR), "it is there on disk");
    err(Errno.ENODATA, f.lgetxattrResult("/mnt/d/op", OPAQUE_XATTR));
    assertEquals(List.of("trusted.other", "user.note"),
        f.llistxattr("/mnt/d/op").stream().sorted().toList());
    assertEquals("o", f.lgetxattr("/mnt/d/op", "trusted.other"));
    assertEquals("n", f.lgetxattr("/mnt/d/op", "user.note"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void settingAPrivateXattrIsEpermEverywhere(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    for (String path : List.of("/mnt/d/op", "/mnt/u/op", "/mnt/d/lowerfile", "/mnt/u", "/mnt")) {
      err(Errno.EPERM, s.lsetxattr(path, OPAQUE_XATTR, bytes("y"), 1, 0), path);
      err(Errno.EPERM, s.lsetxattr(path, "trusted.overlay.whiteout", bytes("y"), 1, 0), path);
    }
    assertTrue(!f.inUpper("d/lowerfile"), "refused before any copy-up");
    ok(s.lsetxattr("/mnt/d/op", "trusted.mine", bytes("m"), 1, 0));
    assertEquals("m", f.lgetxattr("/upper/d/op", "trusted.mine"));
  }

  /** {@code strncmp(name, "trusted.overlay.", 14)}: only "trusted.overla" is compared. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theTestComparesFourteenCharacters(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    err(Errno.EPERM, s.lsetxattr("/mnt/u", "trusted.overlap", bytes("x"), 1, 0));
    err(Errno.EPERM, s.lsetxattr("/mnt/u", "trusted.overlay", bytes("x"), 1, 0));
    ok(s.lsetxattr("/mnt/u", "trusted.overl", bytes("x"), 1, 0));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void underAMergedParentRemovingAPrivateXattrIsEnodata(OvlVersion v) {
    layers(v);
    err(Errno.ENODATA, f.sys().lremovexattr("/mnt/d/op", OPAQUE_XATTR));
    assertTrue(f.isOpaque("d/op"));
    ok(f.sys().lremovexattr("/mnt/d/op", "user.note"));
    assertEquals(List.of("trusted.other", OPAQUE_XATTR), f.llistxattr("/upper/d/op").stream()
        .sorted().toList());
  }

  /**
   * Under a parent that is not merged the C does not filter: the opaque mark of u/op shows, and
   * can even be removed through the overlay.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void underAParentThatIsNotMergedPrivateXattrsShow(OvlVersion v) {
    layers(v);
    assertEquals("y", f.lgetxattr("/mnt/u/op", OPAQUE_XATTR));
    assertEquals(List.of(OPAQUE_XATTR), f.llistxattr("/mnt/u/op"));
    ok(f.sys().lremovexattr("/mnt/u/op", OPAQUE_XATTR));
    assertTrue(!f.isOpaque("u/op"));
  }

  /**
   * {@code ovl_listxattr()} filters only when it fills a buffer: the size query
   * ({@code size == 0}) returns the real object's unfiltered length, longer than the list.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theSizeQueryOfListxattrCountsTheHiddenNames(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    long query = ok(s.llistxattr("/mnt/d/op", new byte[0], 0));
    byte[] buf = new byte[(int) query];
    long filled = ok(s.llistxattr("/mnt/d/op", buf, buf.length));
    assertEquals(("trusted.other\0user.note\0" + OPAQUE_XATTR + "\0").length(), query);
    assertEquals(("trusted.other\0user.note\0").length(), filled);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void otherXattrsOfALowerObjectAreReadInPlace(OvlVersion v) {
    layers(v);
    assertEquals("L", f.lgetxattr("/mnt/d/lowerfile", "user.l"));
    assertEquals(List.of("user.l"), f.llistxattr("/mnt/d/lowerfile"));
    err(Errno.ENODATA, f.lgetxattrResult("/mnt/d/lowerfile", "user.none"));
    assertTrue(!f.inUpper("d/lowerfile"));
  }
}
