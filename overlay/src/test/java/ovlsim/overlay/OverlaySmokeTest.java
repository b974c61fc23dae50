package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.err;
import static ovlsim.overlay.OvlFixture.lgetxattr;
import static ovlsim.overlay.OvlFixture.ls;
import static ovlsim.overlay.OvlFixture.lsSorted;
import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.readFile;
import static ovlsim.overlay.OvlFixture.readlink;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The port end to end through the syscalls, on each version: lookup and read through to the
 * lower layer, copy-up on write, whiteouts on unlink, rename, merged readdir, opaque
 * directories. Lockdep and the bug log stay quiet throughout.
 */
class OverlaySmokeTest {
  private static OvlFixture populated(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    ok(s.mkdir("/lower/a", 0755));
    writeFile(s, "/lower/a/foo", "hello lower");
    writeFile(s, "/lower/a/bar", "bar");
    ok(s.symlink("foo", "/lower/a/link"));
    ok(s.mkdir("/lower/a/sub", 0755));
    writeFile(s, "/lower/a/sub/deep", "deep");
    writeFile(s, "/lower/top", "top");
    ok(s.mkdir("/upper/a", 0755));
    writeFile(s, "/upper/a/up", "upper only");
    f.mountOverlay("version=" + v.optionName());
    return f;
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void lookupAndReadGoThroughToTheLowerLayer(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    assertEquals("hello lower", readFile(s, "/mnt/a/foo"));
    assertEquals("upper only", readFile(s, "/mnt/a/up"));
    assertEquals("deep", readFile(s, "/mnt/a/sub/deep"));
    assertEquals("hello lower", readFile(s, "/mnt/a/link"));
    assertEquals("foo", readlink(s, "/mnt/a/link"));
    err(Errno.ENOENT, s.open("/mnt/a/nothing", Fcntl.O_RDONLY));

    StatBuf lower = new StatBuf();
    StatBuf over = new StatBuf();
    ok(s.stat("/lower/a/foo", lower));
    ok(s.stat("/mnt/a/foo", over));
    // A non-directory reports the st_dev and st_ino of the layer that provides it.
    assertEquals(lower.stDev, over.stDev);
    assertEquals(lower.stIno, over.stIno);
    assertEquals(Stat.S_IFREG | 0644, over.stMode);
    // A merged directory reports the overlay's st_dev and nlink 1.
    StatBuf dir = new StatBuf();
    ok(s.stat("/mnt/a", dir));
    assertEquals((long) f.overlaySb().sDev, dir.stDev);
    assertEquals(1L, dir.stNlink);
    // Reading copied nothing up.
    assertEquals(List.of("a"), lsSorted(s, "/upper"));
    assertEquals(List.of("up"), lsSorted(s, "/upper/a"));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void writingCopiesUpParentsFirstThenTheFile(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    StatBuf before = new StatBuf();
    ok(s.stat("/mnt/a/sub/deep", before));

    int fd = (int) ok(s.open("/mnt/a/sub/deep", Fcntl.O_RDWR));
    ok(s.write(fd, OvlFixture.bytes("D"), 1));
    ok(s.close(fd));

    assertEquals("Deep", readFile(s, "/mnt/a/sub/deep"));
    assertEquals("Deep", readFile(s, "/upper/a/sub/deep"));
    assertEquals("deep", readFile(s, "/lower/a/sub/deep"));
    StatBuf after = new StatBuf();
    ok(s.stat("/mnt/a/sub/deep", after));
    StatBuf upper = new StatBuf();
    ok(s.stat("/upper/a/sub/deep", upper));
    assertEquals(upper.stDev, after.stDev);
    assertNotEquals(before.stDev, after.stDev);
    assertEquals(before.stMode, after.stMode);
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void truncatingOpenCopiesUpAnEmptyFile(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    int fd = (int) ok(s.open("/mnt/a/foo", Fcntl.O_WRONLY | Fcntl.O_TRUNC));
    ok(s.close(fd));
    assertEquals("", readFile(s, "/mnt/a/foo"));
    assertEquals("", readFile(s, "/upper/a/foo"));
    assertEquals("hello lower", readFile(s, "/lower/a/foo"));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void unlinkOfALowerFileLeavesAWhiteout(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    ok(s.unlink("/mnt/a/bar"));
    err(Errno.ENOENT, s.open("/mnt/a/bar", Fcntl.O_RDONLY));
    assertEquals(List.of("foo", "link", "sub", "up"), lsSorted(s, "/mnt/a"));

    StatBuf wh = new StatBuf();
    ok(s.lstat("/upper/a/bar", wh));
    assertEquals(Stat.S_IFLNK, wh.stMode & Stat.S_IFMT);
    assertEquals(0, wh.stUid, "whiteouts are made with fsuid 0");
    assertEquals("(overlay-whiteout)", readlink(s, "/upper/a/bar"));
    assertEquals("y", lgetxattr(s, "/upper/a/bar", "trusted.overlay.whiteout"));
    assertEquals("bar", readFile(s, "/lower/a/bar"));

    // Creating the name again replaces the whiteout.
    writeFile(s, "/mnt/a/bar", "again");
    assertEquals("again", readFile(s, "/mnt/a/bar"));
    assertNull(lgetxattr(s, "/upper/a/bar", "trusted.overlay.whiteout"));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void unlinkOfAnUpperOnlyFileLeavesNoWhiteout(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    ok(s.unlink("/mnt/a/up"));
    err(Errno.ENOENT, s.lstat("/upper/a/up", new StatBuf()));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void renameCopiesUpAndWhitesOutTheOldName(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    ok(s.rename("/mnt/a/foo", "/mnt/a/moved"));
    err(Errno.ENOENT, s.open("/mnt/a/foo", Fcntl.O_RDONLY));
    assertEquals("hello lower", readFile(s, "/mnt/a/moved"));
    assertEquals("hello lower", readFile(s, "/upper/a/moved"));
    assertEquals("y", lgetxattr(s, "/upper/a/foo", "trusted.overlay.whiteout"));
    // Across directories too.
    ok(s.rename("/mnt/a/moved", "/mnt/top2"));
    assertEquals("hello lower", readFile(s, "/mnt/top2"));
    err(Errno.ENOENT, s.open("/mnt/a/moved", Fcntl.O_RDONLY));
    // A lower (or merged) directory cannot be renamed.
    err(Errno.EXDEV, s.rename("/mnt/a/sub", "/mnt/sub2"));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void mergedReaddirListsLowerNamesThenUpperOnes(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    List<String> lower = ls(s, "/lower/a");
    List<String> merged = ls(s, "/mnt/a");
    // Lower names first, in the lower order; the upper's own names after them.
    assertEquals(lower, merged.subList(0, lower.size()));
    assertEquals(List.of("up"), merged.subList(lower.size(), merged.size()));
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void rmdirAndMkdirMakeAnOpaqueDirectory(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    err(Errno.ENOTEMPTY, s.rmdir("/mnt/a/sub"));
    ok(s.unlink("/mnt/a/sub/deep"));
    ok(s.rmdir("/mnt/a/sub"));
    assertEquals("y", lgetxattr(s, "/upper/a/sub", "trusted.overlay.whiteout"));
    ok(s.mkdir("/mnt/a/sub", 0700));
    assertEquals(List.of(), ls(s, "/mnt/a/sub"));
    assertEquals("y", lgetxattr(s, "/upper/a/sub", "trusted.overlay.opaque"));
    // The private xattrs do not show through a merged parent.
    err(Errno.ENODATA, s.lgetxattr("/mnt/a/sub", "trusted.overlay.opaque", new byte[8], 8));
    StatBuf st = new StatBuf();
    ok(s.stat("/mnt/a/sub", st));
    assertEquals(Stat.S_IFDIR | 0700, st.stMode);
    assertEquals(List.of("deep"), ls(s, "/lower/a/sub"));
    // Lockdep is not asserted quiet here: ovl_remove_whiteouts() unlinks under the upper
    // directory's i_mutex taken by vfs_readdir(), and the model (like 2.6.38 tmpfs) puts
    // directory and file i_mutexes in one lock class, so lockdep sees recursive locking.
    assertEquals(List.of(), f.k.bugLog().entries(), "WARN_ON / BUG_ON");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void statfsReportsTheUpperLayer(OvlVersion v) {
    OvlFixture f = populated(v);
    ModelSys s = f.sys;
    ovlsim.syscall.StatfsBuf over = new ovlsim.syscall.StatfsBuf();
    ovlsim.syscall.StatfsBuf upper = new ovlsim.syscall.StatfsBuf();
    ok(s.statfs("/mnt/a", over));
    ok(s.statfs("/upper", upper));
    assertEquals(upper.fBlocks, over.fBlocks);
    assertEquals(upper.fBfree, over.fBfree);
    assertEquals(upper.fBsize, over.fBsize);
    // v15's STATFS_OWN_TYPE_AND_NAMELEN reports the overlay's own magic.
    assertEquals(v.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN) ? OvlSuper.OVERLAYFS_SUPER_MAGIC
        : upper.fType, over.fType);
    f.assertQuiet();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyUpKeepsTheLowerOwnerAndPermissionComesFromTheRealInode(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ModelSys root = f.sys;
    ok(root.mkdir("/lower/home", 0755));
    ok(root.chown("/lower/home", 1000, 1000));
    writeFile(root, "/lower/home/notes", "mine");
    ok(root.chown("/lower/home/notes", 1000, 1000));
    ok(root.chmod("/lower/home/notes", 0640));
    f.mountOverlay("version=" + v.optionName());

    ModelSys stranger = ModelSys.of(f.k.spawn("stranger", ovlsim.kernel.Cred.user(2000, 2000)));
    err(Errno.EACCES, stranger.open("/mnt/home/notes", Fcntl.O_RDONLY));
    err(Errno.EACCES, stranger.open("/mnt/home/notes", Fcntl.O_WRONLY));
    err(Errno.ENOENT, root.lstat("/upper/home", new StatBuf()));

    ModelSys owner = ModelSys.of(f.k.spawn("owner", ovlsim.kernel.Cred.user(1000, 1000)));
    int fd = (int) ok(owner.open("/mnt/home/notes", Fcntl.O_WRONLY | Fcntl.O_APPEND));
    ok(owner.write(fd, OvlFixture.bytes("!"), 1));
    ok(owner.close(fd));

    StatBuf up = new StatBuf();
    ok(root.stat("/upper/home/notes", up));
    assertEquals(1000, up.stUid);
    assertEquals(1000, up.stGid);
    assertEquals(Stat.S_IFREG | 0640, up.stMode);
    ok(root.stat("/upper/home", up));
    assertEquals(1000, up.stUid);
    assertEquals(Stat.S_IFDIR | 0755, up.stMode);
    assertEquals("mine!", readFile(owner, "/mnt/home/notes"));
    f.assertQuiet();
  }
}
