package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.fstat;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.pread;
import static ovlsim.overlay.behaviour.OverlayFixture.whiteout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the overlay does not behave like a normal filesystem, as the v6 posting's overlayfs.txt
 * and the v7 thread (J. R. Okajima's list) say: directories that are lower or merged
 * cannot be renamed (EXDEV, "Don't copy up directory trees"); a file opened read-only before a
 * copy-up keeps reading the lower file (the ro/rw inconsistency); copy-up breaks hard links and
 * changes st_ino; an open for write copies up even when nothing is written; and "Changes to
 * underlying filesystems": offline changes to the upper tree are seen at the next mount.
 */
class NonStandardBehaviourTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renamingALowerOrMergedDirectoryIsExdev(OvlVersion v) {
    f.lower().dir("lo", 0755).file("lo/x", 0644, "").dir("both", 0755).dir("empty", 0755);
    f.upper().dir("both", 0755).dir("up", 0755).file("up/y", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();

    err(Errno.EXDEV, s.rename("/mnt/lo", "/mnt/lo2"), "lower directory");
    err(Errno.EXDEV, s.rename("/mnt/both", "/mnt/both2"), "merged directory");
    err(Errno.EXDEV, s.rename("/mnt/empty", "/mnt/up/empty"), "even an empty lower one");
    ok(s.rename("/mnt/up", "/mnt/up2"));

    assertEquals(List.of("both", "empty", "lo", "up2"), f.lsSorted("/mnt"));
    assertEquals(List.of("y"), f.ls("/mnt/up2"));
    assertEquals(List.of("both", "up2"), f.lsUpper(""), "nothing was copied up for the EXDEVs");
  }

  /** Userspace (mv) falls back to copy and delete on EXDEV; that works. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyAndDeleteIsTheWayToMoveALowerDirectory(OvlVersion v) {
    f.lower().dir("lo", 0755).file("lo/x", 0644, "x");
    f.mount(v);
    ModelSys s = f.sys();
    err(Errno.EXDEV, s.rename("/mnt/lo", "/mnt/moved"));
    ok(s.mkdir("/mnt/moved", 0755));
    f.write("/mnt/moved/x", f.read("/mnt/lo/x"));
    ok(s.unlink("/mnt/lo/x"));
    ok(s.rmdir("/mnt/lo"));
    assertEquals(List.of("moved"), f.ls("/mnt"));
    assertEquals("x", f.read("/mnt/moved/x"));
    assertTrue(f.isWhiteout("lo"));
  }

  /**
   * The ro/rw inconsistency: the file a read-only open gets is the lower file itself, so after
   * another open copies it up and writes, the first descriptor still reads the old lower data
   * (fixed only when overlayfs came to stack file operations, in 2018).
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadOnlyOpenBeforeACopyUpKeepsSeeingTheLowerData(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "old data");
    f.mount(v);
    ModelSys s = f.sys();
    int ro = (int) ok(s.open("/mnt/d/f", Fcntl.O_RDONLY));
    StatBuf before = fstat(s, ro);

    int rw = (int) ok(s.open("/mnt/d/f", Fcntl.O_RDWR));
    ok(s.pwrite(rw, bytes("NEW"), 3, 0));

    assertEquals("NEW data", pread(s, rw, 100, 0));
    assertEquals("old data", pread(s, ro, 100, 0), "the read-only fd is on the lower file");
    assertEquals(before.stIno, fstat(s, ro).stIno);
    assertNotEquals(fstat(s, ro).stDev, fstat(s, rw).stDev);
    assertEquals("NEW data", f.read("/mnt/d/f"), "a new open sees the copy");
    ok(s.close(ro));
    ok(s.close(rw));
  }

  /** Copy-up breaks a hard link: the other name keeps the lower inode and data. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyUpBreaksHardLinks(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "shared").hardlink("d/b", "d/a");
    f.mount(v);
    StatBuf a0 = f.stat("/mnt/d/a");
    StatBuf b0 = f.stat("/mnt/d/b");
    assertEquals(a0.stIno, b0.stIno);
    assertEquals(2L, a0.stNlink);

    f.append("/mnt/d/a", " changed");

    assertEquals("shared changed", f.read("/mnt/d/a"));
    assertEquals("shared", f.read("/mnt/d/b"));
    StatBuf a1 = f.stat("/mnt/d/a");
    assertNotEquals(a1.stIno, f.stat("/mnt/d/b").stIno);
    assertEquals(1L, a1.stNlink);
    assertEquals(2L, f.stat("/mnt/d/b").stNlink);
  }

  /** An open for writing copies up whether or not anything is then written. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anOpenForWriteCopiesUpEvenWithoutAWrite(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "x");
    f.mount(v);
    long ino = f.stat("/mnt/d/f").stIno;
    int fd = (int) ok(f.sys().open("/mnt/d/f", Fcntl.O_RDWR));
    ok(f.sys().close(fd));
    assertTrue(f.inUpper("d/f"));
    assertNotEquals(ino, f.stat("/mnt/d/f").stIno, "st_ino changed");
  }

  /** "Offline changes, when the overlay is not mounted, are allowed to either ... tree." */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void offlineChangesToTheUpperTreeShowAtTheNextMount(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower f").file("d/g", 0644, "lower g");
    f.upper().dir("d", 0755);
    whiteout(f.upper(), "d/f");
    f.mount(v);
    assertEquals(List.of("g"), f.ls("/mnt/d"));
    ModelSys s = f.sys();
    ok(s.umount("/mnt"));

    ok(s.unlink("/upper/d/f")); // drop the whiteout: the lower f comes back
    f.write("/upper/d/g", "upper g");
    f.write("/upper/d/h", "upper h");

    f.mount(v);
    assertEquals(List.of("f", "g", "h"), f.lsSorted("/mnt/d"));
    assertEquals("lower f", f.read("/mnt/d/f"));
    assertEquals("upper g", f.read("/mnt/d/g"));
  }
}
