package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ovlsim.kernel.Errno;
import ovlsim.overlay.OverlayFsType;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The superblock side: {@code ovl_remount_fs()} (read-only and read-write follow the write
 * access to the upper layer), {@code ovl_statfs()} (patch 5/6: "assume that the space in that
 * filesystem is the space in the overlayfs"), the default version, and unmounting.
 */
class MountTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private void layers() {
    f.lower().dir("d", 0755).file("d/lo", 0644, "lo");
    f.upper().dir("d", 0755).file("d/up", 0644, "up");
    f.upperOptions("size=1m");
  }

  private static void assertWritesRefused(ModelSys s, Errno e) {
    err(e, s.open("/mnt/d/lo", Fcntl.O_WRONLY), "open lower for write");
    err(e, s.open("/mnt/d/up", Fcntl.O_WRONLY), "open upper for write");
    err(e, s.mkdir("/mnt/d/new", 0755), "mkdir");
    err(e, s.unlink("/mnt/d/up"), "unlink");
    err(e, s.chmod("/mnt/d/lo", 0600), "chmod");
    err(e, s.rename("/mnt/d/up", "/mnt/d/up2"), "rename");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void remountReadOnlyRefusesWritesAndReadWriteAllowsThemAgain(OvlVersion v) {
    layers();
    f.mount(v);
    ModelSys s = f.sys();
    f.append("/mnt/d/up", "1");

    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));
    assertWritesRefused(s, Errno.EROFS);
    assertEquals("up1", f.read("/mnt/d/up"));
    assertEquals("lo", f.read("/mnt/d/lo"));

    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT, ""));
    f.append("/mnt/d/up", "2");
    f.append("/mnt/d/lo", "+");
    assertEquals("up12", f.read("/upper/d/up"));
    assertEquals("lo+", f.read("/upper/d/lo"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadOnlyMountCanBeRemountedReadWrite(OvlVersion v) {
    layers();
    f.readOnly().mount(v);
    ModelSys s = f.sys();
    assertWritesRefused(s, Errno.EROFS);
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT, ""));
    ok(s.mkdir("/mnt/d/new", 0755));
    assertTrue(f.inUpper("d/new"));
  }

  /**
   * Going read-write needs write access to the upper mount ({@code mnt_want_write()}): on a
   * read-only upper the remount fails with EROFS and the overlay stays read-only.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void remountReadWriteOverAReadOnlyUpperFails(OvlVersion v) {
    layers();
    f.readOnly().mount(v);
    ModelSys s = f.sys();
    ok(s.mount("upper", "/upper", UpperFsType.NAME, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));
    err(Errno.EROFS, s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT, ""));
    err(Errno.EROFS, s.mkdir("/mnt/d/new", 0755), "still read-only");

    ok(s.mount("upper", "/upper", UpperFsType.NAME, Fs.MS_REMOUNT, ""));
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, Fs.MS_REMOUNT, ""));
    ok(s.mkdir("/mnt/d/new", 0755));
  }

  /** The version of the statfs test. */
  private OvlVersion version;

  private void assertSameFs(StatfsBuf expected, StatfsBuf actual, String what) {
    // v15's STATFS_OWN_TYPE_AND_NAMELEN reports the overlay's own magic (VersionHistoryTest).
    if (!version.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN)) {
      assertEquals(expected.fType, actual.fType, what + ": f_type");
    }
    assertEquals(expected.fBsize, actual.fBsize, what + ": f_bsize");
    assertEquals(expected.fBlocks, actual.fBlocks, what + ": f_blocks");
    assertEquals(expected.fBfree, actual.fBfree, what + ": f_bfree");
    assertEquals(expected.fBavail, actual.fBavail, what + ": f_bavail");
    assertEquals(expected.fFiles, actual.fFiles, what + ": f_files");
    assertEquals(expected.fFfree, actual.fFfree, what + ": f_ffree");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void statfsReportsTheUpperFilesystemFromAnywhereInTheOverlay(OvlVersion v) {
    version = v;
    layers();
    f.mount(v);
    StatfsBuf upper = f.statfs("/upper");
    assertEquals(256, upper.fBlocks, "size=1m in pages");
    for (String p : new String[] {"/mnt", "/mnt/d", "/mnt/d/lo", "/mnt/d/up"}) {
      assertSameFs(upper, f.statfs(p), p);
    }

    f.write("/mnt/d/big", "x".repeat(100 * Fs.PAGE_SIZE));

    StatfsBuf after = f.statfs("/mnt/d/lo");
    assertEquals(upper.fBfree - 100, after.fBfree, "the write used upper space");
    assertSameFs(f.statfs("/upper"), after, "after the write");
  }

  /** Without {@code version=} the mount runs the newest version. */
  @Test
  void theDefaultVersionIsTheNewest() {
    f.lower().dir("d", 0755).file("d/big", 0644, "x".repeat(64 * 1024));
    f.upperOptions("size=16k").boot();
    ModelSys s = f.sys();
    ok(s.mount("overlay", "/mnt", OverlayFsType.NAME, 0, "lowerdir=/lower,upperdir=/upper"));
    VfsMount mnt = null;
    for (VfsMount m : Vfs.of(f.kernel()).mounts()) {
      if (m.mntSb.sType().name().equals(OverlayFsType.NAME)) {
        mnt = m;
      }
    }
    assertEquals(OvlVersion.newest(), OverlayFsType.versionOf(mnt.mntSb));
    assertEquals(OvlVersion.V15, OvlVersion.newest());
    // And it behaves as V15: a failed copy-up leaves nothing in the upper layer.
    err(Errno.ENOSPC, s.open("/mnt/d/big", Fcntl.O_WRONLY));
    err(Errno.ENOENT, s.lstat("/upper/d/big", new StatBuf()));
  }

  /**
   * An open directory pins the overlay mount (its file is an overlay file); an open regular file
   * does not: {@code ->open} (patch 1/6) hands back the real file, whose {@code f_path} is the
   * upper or lower layer's, and the overlay path is put after the open. So the overlay unmounts
   * under an open regular file, which goes on working on its layer.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void onlyAnOpenDirectoryKeepsTheOverlayBusy(OvlVersion v) {
    layers();
    f.mount(v);
    ModelSys s = f.sys();
    f.append("/mnt/d/lo", "+");
    int dir = OverlayFixture.opendir(s, "/mnt/d");
    err(Errno.EBUSY, s.umount("/mnt"));
    ok(s.close(dir));

    int file = (int) ok(s.open("/mnt/d/up", Fcntl.O_RDWR | Fcntl.O_APPEND));
    ok(s.umount("/mnt"));
    ok(s.write(file, OverlayFixture.bytes("!"), 1));
    ok(s.close(file));
    assertEquals("up!", f.read("/upper/d/up"));
    assertEquals("lo+", f.read("/upper/d/lo"));
    assertEquals("lo", f.read("/lower/d/lo"));
    ok(s.umount("/upper"));
    ok(s.umount("/lower"));
  }

  /**
   * {@code kill_anon_super()} → {@code generic_shutdown_super()} →
   * {@code shrink_dcache_for_umount()} frees every overlay dentry, whose
   * {@code ovl_dentry_release()} puts its upper and lower dentries. Afterwards a file created
   * through the overlay and unlinked in the upper layer itself gives its space back.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void unmountingTheOverlayLetsGoOfTheLayersDentries(OvlVersion v) {
    layers();
    f.mount(v);
    ModelSys s = f.sys();
    long free = f.statfs("/upper").fBfree;
    f.write("/mnt/d/big", "x".repeat(50 * Fs.PAGE_SIZE));
    assertEquals(free - 50, f.statfs("/upper").fBfree);
    ok(s.umount("/mnt"));

    ok(s.unlink("/upper/d/big"));

    assertEquals(free, f.statfs("/upper").fBfree, "the unlinked file's pages are free");
  }
}
