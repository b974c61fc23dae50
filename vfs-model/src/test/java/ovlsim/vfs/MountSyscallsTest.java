package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;

/**
 * mount, umount, remount; crossing mounts and ".." across them. A ramfs is mounted on a ramfs
 * root, so statfs cannot tell the two apart; that statfs reports the mount's own filesystem is
 * checked with upper-fs's size limit in upper-fs's {@code UpperFsSyscallsTest}.
 */
class MountSyscallsTest {
  /** ramfs's {@code RAMFS_MAGIC}. */
  private static final long RAMFS_MAGIC = 0x858458f6L;

  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @BeforeEach
  void mountOne() {
    ok(sys.mkdir("/mnt", 0755));
    writeFile(sys, "/mnt/hidden", "under");
    ok(sys.mount("none", "/mnt", "ramfs", 0, "mode=0755"));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void crossingAMountAndDotDot() {
    StatBuf root = stat(sys, "/");
    StatBuf mnt = stat(sys, "/mnt");
    assertNotEquals(root.stDev, mnt.stDev, "/mnt is the new filesystem's root");
    assertEquals(List.of(), ls(sys, "/mnt"), "the mount hides what was under it");
    writeFile(sys, "/mnt/a", "on top");
    assertEquals(mnt.stDev, stat(sys, "/mnt/a").stDev);
    StatBuf up = stat(sys, "/mnt/..");
    assertEquals(root.stIno, up.stIno);
    assertEquals(root.stDev, up.stDev);
    assertEquals(root.stIno, stat(sys, "/mnt/../mnt/..").stIno);
    ok(sys.chdir("/mnt"));
    assertEquals(root.stDev, stat(sys, "..").stDev);
    assertEquals(mnt.stDev, stat(sys, "a").stDev);
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs(".", b));
    assertEquals(RAMFS_MAGIC, b.fType, "statfs walks to the mount's root");
  }

  @Test
  void umountRestoresWhatWasUnder() {
    writeFile(sys, "/mnt/a", "x");
    ok(sys.chdir("/mnt"));
    err(Errno.EBUSY, sys.umount("/mnt"));
    ok(sys.chdir("/"));
    int fd = (int) ok(sys.open("/mnt/a", Fcntl.O_RDONLY));
    err(Errno.EBUSY, sys.umount("/mnt"));
    ok(sys.close(fd));
    ok(sys.umount("/mnt"));
    assertEquals(List.of("hidden"), ls(sys, "/mnt"));
    assertEquals("under", readFile(sys, "/mnt/hidden"));
    err(Errno.EINVAL, sys.umount("/mnt"));
  }

  @Test
  void mountErrors() {
    err(Errno.EINVAL, sys.umount("/"));
    ok(sys.mkdir("/plain", 0755));
    err(Errno.EINVAL, sys.umount("/plain"));
    err(Errno.ENOENT, sys.umount("/nope"));
    err(Errno.ENOENT, sys.mount("none", "/nope", "ramfs", 0, ""));
    err(Errno.ENODEV, sys.mount("none", "/plain", "nosuchfs", 0, ""));
    err(Errno.EINVAL, sys.mount("none", "/plain", "ramfs", 0, "mode=77777777777"), "above INT_MAX");
    ok(sys.mount("none", "/plain", "ramfs", 0, "bogus=1,size=1k"));
    ok(sys.umount("/plain"));
    writeFile(sys, "/file", "");
    err(Errno.ENOTDIR, sys.mount("none", "/file", "ramfs", 0, ""));
    ModelSys u = f.user(1000, 1000);
    err(Errno.EPERM, u.mount("none", "/plain", "ramfs", 0, ""));
    err(Errno.EPERM, u.umount("/mnt"));
    assertEquals(List.of(), ls(sys, "/plain"));
  }

  @Test
  void renameAndLinkAcrossMountsAreExdev() {
    writeFile(sys, "/f", "x");
    writeFile(sys, "/mnt/g", "y");
    err(Errno.EXDEV, sys.rename("/f", "/mnt/f"));
    err(Errno.EXDEV, sys.rename("/mnt/g", "/g"));
    err(Errno.EXDEV, sys.link("/f", "/mnt/f"));
    err(Errno.EBUSY, sys.rename("/mnt", "/mnt2"), "a mountpoint cannot move");
    assertEquals(List.of("g"), ls(sys, "/mnt"));
  }

  @Test
  void readOnlyRemount() {
    writeFile(sys, "/mnt/f", "data");
    ok(sys.mkdir("/mnt/d", 0755));
    ok(sys.mount("none", "/mnt", null, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));
    assertEquals("data", readFile(sys, "/mnt/f"));
    err(Errno.EROFS, sys.mkdir("/mnt/e", 0755));
    err(Errno.EROFS, sys.open("/mnt/g", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    err(Errno.EROFS, sys.open("/mnt/f", Fcntl.O_WRONLY));
    err(Errno.EROFS, sys.unlink("/mnt/f"));
    err(Errno.EROFS, sys.rmdir("/mnt/d"));
    err(Errno.EROFS, sys.rename("/mnt/f", "/mnt/g"));
    err(Errno.EROFS, sys.symlink("f", "/mnt/s"));
    err(Errno.EROFS, sys.truncate("/mnt/f", 0));
    err(Errno.EROFS, sys.chmod("/mnt/f", 0600));
    err(Errno.EROFS, sys.chown("/mnt/f", 1, 1));
    err(Errno.EROFS, sys.utimes("/mnt/f", new Timespec(1, 0), new Timespec(1, 0)));
    err(Errno.EROFS, sys.setxattr("/mnt/f", "user.a", bytes("v"), 1, 0));
    err(Errno.EROFS, sys.removexattr("/mnt/f", "user.a"));
    assertEquals(List.of("d", "f"), ls(sys, "/mnt"));
    ok(sys.mount("none", "/mnt", null, Fs.MS_REMOUNT, ""));
    ok(sys.mkdir("/mnt/e", 0755));
    ok(sys.truncate("/mnt/f", 1));
    assertEquals("d", readFile(sys, "/mnt/f"));
  }
}
