package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.layer.Layer;
import ovlsim.lowerfs.LowerFsType;
import ovlsim.lowerfs.LowerImage;
import ovlsim.overlay.OverlayFsType;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The introduction and "Upper and Lower" of the v6 posting's overlayfs.txt: the upper object of
 * a name hides the lower one; the lower layer need not be writable, may share a filesystem with
 * the upper one, and may itself be an overlay; a read-only overlay of two read-only layers; and
 * st_dev/st_ino: directories report the overlay's, non-directories the providing layer's, which
 * change when the object is copied up.
 */
class UpperAndLowerTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anUpperNonDirectoryHidesTheLowerObjectOfTheSameName(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower f").dir("d/x", 0755)
        .file("d/x/inner", 0644, "inner");
    f.upper().dir("d", 0755).file("d/f", 0600, "upper f").file("d/x", 0644, "upper x");
    f.mount(v);

    assertEquals("upper f", f.read("/mnt/d/f"));
    assertEquals(Stat.S_IFREG | 0600, f.stat("/mnt/d/f").stMode);
    // The upper file x hides the whole lower directory x.
    assertEquals(Stat.S_IFREG | 0644, f.stat("/mnt/d/x").stMode);
    assertEquals("upper x", f.read("/mnt/d/x"));
    err(Errno.ENOTDIR, f.lstatResult("/mnt/d/x/inner"));
    assertEquals(List.of("f", "x"), f.lsSorted("/mnt/d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theLowerLayerNeedNotBeWritable(OvlVersion v) {
    f.lower().dir("etc", 0755).file("etc/conf", 0644, "a=1\n");
    f.mount(v);
    ModelSys s = f.sys();
    err(Errno.EROFS, s.open("/lower/etc/conf", Fcntl.O_WRONLY), "the image itself");

    f.append("/mnt/etc/conf", "b=2\n");
    ok(s.mkdir("/mnt/etc/new", 0700));
    ok(s.unlink("/mnt/etc/conf"));
    f.write("/mnt/etc/conf", "c=3\n");

    assertEquals("c=3\n", f.read("/mnt/etc/conf"));
    assertEquals("a=1\n", f.read("/lower/etc/conf"));
    assertEquals(List.of("conf"), f.lsSorted("/lower/etc"));
  }

  /**
   * "there is no requirement that the root of a filesystem be given for either upper or lower":
   * both layers are directories of one upper-fs here.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void bothLayersMayBeDirectoriesOfOneFilesystem(OvlVersion v) {
    f.upper().dir("lo", 0755).dir("lo/d", 0755).file("lo/d/a", 0644, "from lo")
        .dir("up", 0755).dir("up/d", 0755).file("up/d/b", 0644, "from up");
    f.boot();
    ModelSys s = f.sys();
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, 0,
        "lowerdir=/upper/lo,upperdir=/upper/up,version=" + v.optionName()));

    assertEquals(List.of("a", "b"), f.lsSorted("/mnt/d"));
    f.append("/mnt/d/a", "+");
    assertEquals("from lo+", f.read("/upper/up/d/a"));
    assertEquals("from lo", f.read("/upper/lo/d/a"));
    ok(s.unlink("/mnt/d/b"));
    assertEquals(List.of("a"), f.lsSorted("/mnt/d"));
    assertEquals(List.of("a"), f.lsSorted("/upper/up/d"));
  }

  /**
   * "The lower filesystem can even be another overlayfs." It works, but lockdep objects: every
   * overlay instance's i_mutex is of one class (the class is per filesystem type), and a lookup
   * in the top overlay holds its directory's i_mutex while {@code ovl_lookup_real()} takes the
   * lower overlay directory's, same class, same subclass: "possible recursive locking detected".
   * The 2011 patch has no per-depth lock classes (later kernels' {@code s_stack_depth}), so the
   * real kernel reports it the same way: a false positive, two different instances.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theLowerLayerMayItselfBeAnOverlay(OvlVersion v) {
    f.expectLockdep(LockdepReport.Kind.RECURSIVE);
    f.lower().dir("d", 0755).file("d/bottom", 0644, "bottom");
    f.upper().dir("d", 0755).file("d/middle", 0644, "middle");
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.mkdir("/top", 0755));
    ok(s.mkdir("/mnt2", 0755));
    ok(s.mount("overlay2", "/mnt2", OverlayFsType.NAME, 0,
        "lowerdir=/mnt,upperdir=/top,version=" + v.optionName()));

    assertEquals("bottom", f.read("/mnt2/d/bottom"));
    assertEquals("middle", f.read("/mnt2/d/middle"));
    f.write("/mnt2/d/top", "top");
    f.append("/mnt2/d/bottom", "+");

    assertEquals("bottom+", f.read("/top/d/bottom"));
    assertEquals("top", f.read("/top/d/top"));
    // The middle overlay and its layers saw nothing.
    assertEquals("bottom", f.read("/mnt/d/bottom"));
    assertEquals(List.of("middle"), f.lsUpper("d"));

    List<LockdepReport> reports = Lockdep.of(f.kernel()).reports();
    assertTrue(
        reports.stream().allMatch(r -> r.text().contains("i_mutex_key#overlayfs")),
        () -> reports.toString());
  }

  /**
   * Model only: overlays of different series stacked. A v6..v11 overlay over a v15 one opens
   * through 2.6.38's {@code vfs_open()}, which meets the v15 inode's {@code ->dentry_open} and
   * opens it as 3.6 does; a v15 overlay over a v6..v11 one would need both VFS patches in one
   * kernel, and the model refuses the open with EINVAL.
   */
  @org.junit.jupiter.api.Test
  void overlaysOfDifferentSeriesStackOneWayOnly() {
    f.expectLockdep(LockdepReport.Kind.RECURSIVE);
    f.lower().file("f", 0644, "bottom");
    f.mount(OvlVersion.V15);
    ModelSys s = f.sys();
    ok(s.mkdir("/upper/top", 0755));
    ok(s.mkdir("/mnt2", 0755));
    ok(s.mount("o2", "/mnt2", OverlayFsType.NAME, 0,
        "lowerdir=/mnt,upperdir=/upper/top,version=v6"));
    assertEquals("bottom", f.read("/mnt2/f"), "v6 over v15");
    ok(s.umount("/mnt2"));
    ok(s.umount("/mnt"));

    f.mount(OvlVersion.V6);
    ok(s.mount("o2", "/mnt2", OverlayFsType.NAME, 0,
        "lowerdir=/mnt,upperdir=/upper/top,version=v15"));
    err(Errno.EINVAL, s.open("/mnt2/f", Fcntl.O_RDONLY), "v15 over v6");
  }

  /** "A read-only overlay of two read-only filesystems may use any filesystem type." */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadOnlyOverlayOfTwoReadOnlyLayers(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/lo", 0644, "lo").file("d/both", 0644, "lower both");
    f.boot();
    ModelSys s = f.sys();
    Layer second = Layer.builder().dir("d", 0755).file("d/hi", 0644, "hi")
        .file("d/both", 0644, "upper both").build();
    f.kernel().attachDevice("/dev/loop1", LowerImage.of(second));
    ok(s.mkdir("/rom2", 0755));
    ok(s.mount("/dev/loop1", "/rom2", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    String opts = "lowerdir=/lower,upperdir=/rom2,version=" + v.optionName();

    if (v.has(OvlPatch.LOWER_MOUNT_READONLY)) {
      // v11: "If the upper fs is r/o, we mark overlayfs r/o too"
      ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, 0, opts));
    } else {
      err(Errno.EROFS, s.mount("overlay", "/mnt", OverlayFsType.NAME, 0, opts),
          "a read-write overlay needs write access to its upper layer");
      ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_RDONLY, opts));
    }

    assertEquals(List.of("both", "hi", "lo"), f.lsSorted("/mnt/d"));
    assertEquals("upper both", f.read("/mnt/d/both"));
    assertEquals("lo", f.read("/mnt/d/lo"));
    err(Errno.EROFS, s.open("/mnt/d/lo", Fcntl.O_WRONLY));
    err(Errno.EROFS, s.mkdir("/mnt/d/new", 0755));
    err(Errno.EROFS, s.unlink("/mnt/d/hi"));
  }

  /**
   * LOWER_MOUNT_READONLY (v11): a read-only overlay (over a read-only upper) as the lower layer
   * of another overlay. A write to a file of the read-only upper, through the top overlay, asks
   * the middle overlay's {@code ovl_permission()} for MAY_WRITE: until v10 that is EROFS (the
   * real inode is on a read-only filesystem); from v11 the middle overlay, being read-only
   * itself, goes on with the check, and the top overlay copies the file up. Lockdep objects to
   * the stacking as in {@link #theLowerLayerMayItselfBeAnOverlay}.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadOnlyOverlayAsTheLowerLayerOfAnotherIsWritableThroughItFromV11(OvlVersion v) {
    f.expectLockdep(LockdepReport.Kind.RECURSIVE);
    f.lower().dir("d", 0755).file("d/lo", 0644, "lo");
    f.boot();
    ModelSys s = f.sys();
    Layer second = Layer.builder().dir("d", 0755).file("d/hi", 0644, "hi").build();
    f.kernel().attachDevice("/dev/loop1", LowerImage.of(second));
    ok(s.mkdir("/rom2", 0755));
    ok(s.mount("/dev/loop1", "/rom2", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_RDONLY,
        "lowerdir=/lower,upperdir=/rom2,version=" + v.optionName()));
    ok(s.mkdir("/upper/top", 0755));
    ok(s.mkdir("/mnt2", 0755));
    ok(s.mount("overlay2", "/mnt2", OverlayFsType.NAME, 0,
        "lowerdir=/mnt,upperdir=/upper/top,version=" + v.optionName()));

    long r = s.open("/mnt2/d/hi", Fcntl.O_WRONLY | Fcntl.O_APPEND);
    if (v.has(OvlPatch.LOWER_MOUNT_READONLY)) {
      ok(s.close((int) ok(r)));
      assertEquals(List.of("hi"), f.lsSorted("/upper/top/d"), "copied up into the top overlay");
    } else {
      err(Errno.EROFS, r, "the middle overlay's ovl_permission()");
      assertEquals(List.of(), f.lsSorted("/upper/top"));
    }
    assertEquals("hi", f.read("/rom2/d/hi"));
  }

  /**
   * "While directories will report an st_dev for the overlay-filesystem, all non-directory
   * objects will report an st_dev [from] whichever of the 'lower' or 'upper' filesystem ...
   * both of these can change over the lifetime of a non-directory object."
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void nonDirectoriesReportTheProvidingLayersDevAndInoWhichChangeOnCopyUp(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "data").symlink("d/l", "f");
    f.mount(v);
    StatBuf lowerRoot = f.stat("/lower");
    StatBuf upperRoot = f.stat("/upper");
    StatBuf overlayRoot = f.stat("/mnt");
    assertNotEquals(lowerRoot.stDev, upperRoot.stDev);
    assertNotEquals(overlayRoot.stDev, lowerRoot.stDev);
    assertNotEquals(overlayRoot.stDev, upperRoot.stDev);

    StatBuf before = f.stat("/mnt/d/f");
    StatBuf lower = f.stat("/lower/d/f");
    assertEquals(lower.stDev, before.stDev);
    assertEquals(lower.stIno, before.stIno);
    StatBuf link = f.lstat("/mnt/d/l");
    assertEquals(lowerRoot.stDev, link.stDev);
    assertEquals(f.lstat("/lower/d/l").stIno, link.stIno);

    f.append("/mnt/d/f", "!");

    StatBuf after = f.stat("/mnt/d/f");
    StatBuf upper = f.stat("/upper/d/f");
    assertEquals(upperRoot.stDev, after.stDev);
    assertEquals(upper.stIno, after.stIno);
    assertNotEquals(before.stDev, after.stDev, "st_dev changed over the object's lifetime");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void directoriesReportTheOverlaysDevAndTheirOwnIno(OvlVersion v) {
    f.lower().dir("lo", 0755).dir("both", 0755);
    f.upper().dir("up", 0755).dir("both", 0755);
    f.mount(v);
    long dev = f.stat("/mnt").stDev;
    for (String d : List.of("lo", "up", "both")) {
      StatBuf st = f.stat("/mnt/" + d);
      assertEquals(dev, st.stDev, d);
      assertEquals(st.stIno, f.stat("/mnt/" + d).stIno, d + ": stable while cached");
    }
    assertNotEquals(f.stat("/lower/lo").stIno, f.stat("/mnt/lo").stIno);
    assertNotEquals(f.stat("/upper/up").stIno, f.stat("/mnt/up").stIno);
    // Copy-up of a directory keeps the overlay's st_dev and st_ino.
    StatBuf before = f.stat("/mnt/lo");
    ok(f.sys().chmod("/mnt/lo", 0700));
    StatBuf after = f.stat("/mnt/lo");
    assertEquals(before.stDev, after.stDev);
    assertEquals(before.stIno, after.stIno);
    assertEquals(Stat.S_IFDIR | 0700, after.stMode);
  }
}
