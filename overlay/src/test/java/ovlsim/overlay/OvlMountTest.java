package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.err;
import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.readFile;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.SuperBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import ovlsim.vfs.Vfs;

/**
 * {@code ovl_parse_opt()} and {@code ovl_fill_super()} through mount(2): the errnos of the C
 * for missing, unknown and malformed options and non-directories, the model's
 * {@code version=} option, read-only mounts and remount, and that a failed or finished mount
 * leaves no reference on the layers behind.
 */
class OvlMountTest {
  private static long mount(OvlFixture f, String options) {
    return f.sys.mount("overlay", "/mnt", OverlayFsType.NAME, 0, options);
  }

  /** After a failed mount, both layers can be unmounted: nothing holds them. */
  private static void assertLayersFree(OvlFixture f) {
    ok(f.sys.umount("/lower"));
    ok(f.sys.umount("/upper"));
  }

  @Test
  void defaultVersionIsTheNewest() {
    OvlFixture f = new OvlFixture();
    f.mountOverlay("");
    assertEquals(OvlVersion.V15, OverlayFsType.versionOf(f.overlaySb()));
    assertEquals(OvlVersion.newest(), OverlayFsType.versionOf(f.overlaySb()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v6", "V6"})
  void versionV6IsSelectable(String spelling) {
    OvlFixture f = new OvlFixture();
    f.mountOverlay("version=" + spelling);
    assertEquals(OvlVersion.V6, OverlayFsType.versionOf(f.overlaySb()));
  }

  @Test
  void versionV7IsSelectable() {
    OvlFixture f = new OvlFixture();
    ok(mount(f, "version=v6,lowerdir=/lower,upperdir=/upper,version=v7"));
    assertEquals(OvlVersion.V7, OverlayFsType.versionOf(f.overlaySb()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v7-fix", "V7-FIX", "v10", "v11", "V15"})
  void laterVersionsAreSelectableByTheirOptionNames(String spelling) {
    OvlFixture f = new OvlFixture();
    ok(mount(f, "lowerdir=/lower,upperdir=/upper,version=" + spelling));
    assertEquals(OvlVersion.fromName(spelling), OverlayFsType.versionOf(f.overlaySb()));
    assertEquals(spelling.toLowerCase(java.util.Locale.ROOT),
        OverlayFsType.versionOf(f.overlaySb()).optionName());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",",
        "lowerdir=/lower",
        "upperdir=/upper",
        "upperdir=/upper,,",
      })
  void aMissingLayerIsEinval(String options) {
    OvlFixture f = new OvlFixture();
    err(Errno.EINVAL, mount(f, options));
    assertLayersFree(f);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lowerdir=/lower,upperdir=/upper,ro",
        "lowerdir=/lower,upperdir=/upper,foo=bar",
        "lowerdir=,upperdir=/upper",
        "lowerdir=/lower,upperdir=",
        "lowerdir=/lower,upperdir=/upper,version=v8",
        "lowerdir=/lower,upperdir=/upper,version=",
        "Lowerdir=/lower,upperdir=/upper",
        "lowerdir /lower,upperdir=/upper",
      })
  void anUnknownOrMalformedOptionIsEinval(String options) {
    OvlFixture f = new OvlFixture();
    err(Errno.EINVAL, mount(f, options));
    assertLayersFree(f);
  }

  @Test
  void emptyOptionsAreSkippedAndTheLastOfANameWins() {
    OvlFixture f = new OvlFixture();
    writeFile(f.sys, "/lower/f", "x");
    ok(mount(f, ",lowerdir=/nowhere,,lowerdir=/lower,upperdir=/upper,"));
    assertEquals("x", readFile(f.sys, "/mnt/f"));
  }

  @Test
  void aLowerLayerThatIsNotADirectoryIsEnotdir() {
    OvlFixture f = new OvlFixture();
    writeFile(f.sys, "/lower/file", "x");
    err(Errno.ENOTDIR, mount(f, "lowerdir=/lower/file,upperdir=/upper"));
    assertLayersFree(f);
  }

  @Test
  void anUpperLayerThatIsNotADirectoryIsEnotdir() {
    OvlFixture f = new OvlFixture();
    writeFile(f.sys, "/upper/file", "x");
    err(Errno.ENOTDIR, mount(f, "lowerdir=/lower,upperdir=/upper/file"));
    assertLayersFree(f);
  }

  @Test
  void aLayerThatDoesNotExistIsEnoent() {
    OvlFixture f = new OvlFixture();
    err(Errno.ENOENT, mount(f, "lowerdir=/lower/none,upperdir=/upper"));
    err(Errno.ENOENT, mount(f, "lowerdir=/lower,upperdir=/upper/none"));
    assertLayersFree(f);
  }

  @Test
  void layerPathsFollowSymlinks() {
    OvlFixture f = new OvlFixture();
    ok(f.sys.symlink("/lower", "/lowerlink"));
    writeFile(f.sys, "/lower/f", "through the link");
    ok(mount(f, "lowerdir=/lowerlink,upperdir=/upper"));
    assertEquals("through the link", readFile(f.sys, "/mnt/f"));
  }

  @Test
  void aReadOnlyOverlayTakesNoWriteAccessUntilRemountedRw() {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    writeFile(s, "/lower/f", "lower");
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_RDONLY,
        "lowerdir=/lower,upperdir=/upper"));
    SuperBlock sb = f.overlaySb();
    OvlFs ofs = OvlFs.of(sb);
    assertEquals(0, ofs.upperMnt.mntWriters.get());
    err(Errno.EROFS, s.open("/mnt/f", Fcntl.O_WRONLY));
    err(Errno.EROFS, s.mkdir("/mnt/d", 0755));

    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT, ""));
    assertEquals(1, ofs.upperMnt.mntWriters.get());
    writeFile(s, "/mnt/f", "written");
    assertEquals("written", readFile(s, "/upper/f"));

    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));
    assertEquals(0, ofs.upperMnt.mntWriters.get());
    err(Errno.EROFS, s.open("/mnt/f", Fcntl.O_WRONLY));
    assertEquals("written", readFile(s, "/mnt/f"));
  }

  /**
   * Until v11 a read-write overlay on a read-only upper is EROFS ({@code mnt_want_write()});
   * v11's LOWER_MOUNT_READONLY makes such an overlay read-only instead.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadWriteOverlayOnAReadOnlyUpperIsErofsUntilV11(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    ok(s.mount("upper", "/upper", null, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));
    if (v.has(OvlPatch.LOWER_MOUNT_READONLY)) {
      ok(mount(f, "lowerdir=/lower,upperdir=/upper," + v.mountOption()));
      assertTrue((f.overlaySb().sFlags & Fs.MS_RDONLY) != 0, "the overlay is read-only");
      err(Errno.EROFS, s.mkdir("/mnt/x", 0755));
      ok(s.umount("/mnt"));
    } else {
      err(Errno.EROFS, mount(f, "lowerdir=/lower,upperdir=/upper," + v.mountOption()));
    }
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_RDONLY,
        "lowerdir=/lower,upperdir=/upper"));
  }

  @Test
  void unmountingTheOverlayReleasesTheLayers() {
    OvlFixture f = new OvlFixture();
    writeFile(f.sys, "/lower/f", "x");
    f.mountOverlay("");
    writeFile(f.sys, "/mnt/g", "y");
    OvlFs ofs = OvlFs.of(f.overlaySb());
    assertEquals(1, ofs.upperMnt.mntWriters.get());
    ok(f.sys.umount("/mnt"));
    assertEquals(0, ofs.upperMnt.mntWriters.get());
    assertLayersFree(f);
  }

  @Test
  void registeringTwiceIsEbusy() {
    OvlFixture f = new OvlFixture();
    KernelError e = assertThrows(KernelError.class, () -> OverlayFsType.register(f.k));
    assertEquals(Errno.EBUSY, e.errno());
  }

  @Test
  void versionOfRefusesOtherFilesystems() {
    OvlFixture f = new OvlFixture();
    SuperBlock root = Vfs.of(f.k).rootMnt().mntSb;
    assertThrows(IllegalArgumentException.class, () -> OverlayFsType.versionOf(root));
  }

  @Test
  void theOverlayCanBeMountedTwiceOnTheSameLayers() {
    OvlFixture f = new OvlFixture();
    writeFile(f.sys, "/lower/f", "x");
    ok(f.sys.mkdir("/mnt2", 0755));
    f.mountOverlay("version=v6");
    ok(f.sys.mount("overlay", "/mnt2", OverlayFsType.NAME, 0,
        "lowerdir=/lower,upperdir=/upper,version=v7"));
    assertEquals("x", readFile(f.sys, "/mnt2/f"));
    assertEquals("x", readFile(f.sys, "/mnt/f"));
  }
}
