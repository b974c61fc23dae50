package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.err;
import static ovlsim.overlay.OvlFixture.lgetxattr;
import static ovlsim.overlay.OvlFixture.lsSorted;
import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.readFile;
import static ovlsim.overlay.OvlFixture.readlink;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The overlay on a read-only lower-fs image (the squashfs-like lower layer, {@code /lower}) and
 * an upper-fs upper ({@code /upper}), booted as a {@link Machine}: reads, copy-up of each object
 * type with its metadata, times and xattrs, whiteouts.
 */
class LowerFsLayerTest {
  private static final Timespec T = new Timespec(1234567890L, 0);

  private static ModelSys boot(OvlVersion v) {
    Layer layer =
        Layer.builder()
            .dir("etc", 0755)
            .file("etc/config", 0600, "option=1\n")
            .owner("etc/config", 100, 101)
            .times("etc/config", T)
            .xattr("etc/config", "user.note", "keep me")
            .symlink("etc/link", "config")
            .fifo("etc/fifo", 0620)
            .dir("usr", 0755)
            .file("usr/bin", 0755, "#!")
            .build();
    return Machine.builder().lower(layer).upperOptions("").overlayOptions(v.mountOption())
        .boot().sys();
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void readsComeFromTheImage(OvlVersion v) {
    ModelSys s = boot(v);
    assertEquals("option=1\n", readFile(s, "/mnt/etc/config"));
    assertEquals("config", readlink(s, "/mnt/etc/link"));
    assertEquals(List.of("config", "fifo", "link"), lsSorted(s, "/mnt/etc"));
    assertEquals(List.of("etc", "usr"), lsSorted(s, "/mnt"));
    assertEquals("keep me", lgetxattr(s, "/mnt/etc/config", "user.note"));
    err(Errno.EROFS, s.open("/lower/etc/config", Fcntl.O_WRONLY));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyUpOfAFileKeepsOwnerModeTimesAndXattrs(OvlVersion v) {
    ModelSys s = boot(v);
    int fd = (int) ok(s.open("/mnt/etc/config", Fcntl.O_WRONLY | Fcntl.O_APPEND));
    ok(s.write(fd, OvlFixture.bytes("option=2\n"), 9));
    ok(s.close(fd));

    assertEquals("option=1\noption=2\n", readFile(s, "/upper/etc/config"));
    StatBuf st = new StatBuf();
    ok(s.stat("/upper/etc/config", st));
    assertEquals(Stat.S_IFREG | 0600, st.stMode);
    assertEquals(100, st.stUid);
    assertEquals(101, st.stGid);
    assertEquals("keep me", lgetxattr(s, "/upper/etc/config", "user.note"));
    ok(s.stat("/upper/etc", st));
    assertEquals(Layer.DEFAULT_TIME, st.stMtime, "the copied-up parent keeps its mtime");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyUpOfASymlinkAndAFifo(OvlVersion v) {
    ModelSys s = boot(v);
    ok(s.lchown("/mnt/etc/link", 7, 8));
    StatBuf st = new StatBuf();
    ok(s.lstat("/upper/etc/link", st));
    assertEquals(Stat.S_IFLNK, st.stMode & Stat.S_IFMT);
    assertEquals(7, st.stUid);
    assertEquals("config", readlink(s, "/upper/etc/link"));

    ok(s.chmod("/mnt/etc/fifo", 0600));
    ok(s.lstat("/upper/etc/fifo", st));
    assertEquals(Stat.S_IFIFO | 0600, st.stMode);
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void truncateCopiesUpOnlyWhatIsKept(OvlVersion v) {
    ModelSys s = boot(v);
    ok(s.truncate("/mnt/etc/config", 6));
    assertEquals("option", readFile(s, "/upper/etc/config"));
    assertEquals("option", readFile(s, "/mnt/etc/config"));
    assertEquals("option=1\n", readFile(s, "/lower/etc/config"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingImageObjectsLeavesWhiteouts(OvlVersion v) {
    ModelSys s = boot(v);
    ok(s.unlink("/mnt/usr/bin"));
    ok(s.rmdir("/mnt/usr"));
    assertEquals(List.of("etc"), lsSorted(s, "/mnt"));
    assertEquals("y", lgetxattr(s, "/upper/usr", "trusted.overlay.whiteout"));
    assertEquals(List.of("etc", "usr"), lsSorted(s, "/lower"));
  }
}
