package ovlsim.upperfs.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.upperfs.syscall.SysFixture.err;
import static ovlsim.upperfs.syscall.SysFixture.ls;
import static ovlsim.upperfs.syscall.SysFixture.ok;
import static ovlsim.upperfs.syscall.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatfsBuf;
import ovlsim.vfs.Fcntl;

/**
 * upper-fs's own behaviour seen through the syscalls: what its {@code size=} and
 * {@code nr_inodes=} make statfs say and when they give ENOSPC, its option parsing, and its
 * readdir offsets, which stay valid across creates and unlinks. (The VFS's syscall tests run on
 * ramfs in vfs-model.)
 */
class UpperFsSyscallsTest {
  private final SysFixture f = new SysFixture("size=1m,nr_inodes=64");
  private final ModelSys sys = f.sys;

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void statfsReportsTheMountOptions() {
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs("/", b));
    assertEquals(4096, b.fBsize);
    assertEquals(256, b.fBlocks, "size=1m in 4 KiB pages");
    assertEquals(64, b.fFiles);
    assertEquals(255, b.fNamelen);
    long free = b.fBfree;
    long ffree = b.fFfree;
    writeFile(sys, "/f", "x".repeat(10000));
    ok(sys.statfs("/f", b));
    assertEquals(free - 3, b.fBfree);
    assertEquals(ffree - 1, b.fFfree);
    err(Errno.ENOENT, sys.statfs("/nope", b));
    err(Errno.EFAULT, sys.statfs("/", null));
  }

  @Test
  void capacityLimitsGiveEnospc() {
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs("/", b));
    long inodes = b.fFfree;
    for (int i = 0; i < inodes; i++) {
      ok(sys.mkdir("/d" + i, 0755));
    }
    err(Errno.ENOSPC, sys.mkdir("/more", 0755));
    err(Errno.ENOSPC, sys.open("/more", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    assertEquals(inodes, ls(sys, "/").size());
  }

  @Test
  void statfsOfAMountIsThatMountsOwn() {
    ok(sys.mkdir("/mnt", 0755));
    ok(sys.mount("none", "/mnt", "upperfs", 0, "size=64k"));
    ok(sys.chdir("/mnt"));
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs(".", b));
    assertEquals(16, b.fBlocks, "size=64k of the mount, not of /");
    ok(sys.statfs("..", b));
    assertEquals(256, b.fBlocks, "'..' crosses back to /");
    ok(sys.chdir("/"));
    ok(sys.umount("/mnt"));
  }

  @Test
  void anUnknownMountOptionIsEinval() {
    ok(sys.mkdir("/plain", 0755));
    err(Errno.EINVAL, sys.mount("none", "/plain", "upperfs", 0, "bogus=1"));
    assertEquals(List.of(), ls(sys, "/plain"));
  }

  @Test
  void entriesCreatedAndRemovedBetweenCalls() {
    ok(sys.mkdir("/d", 0755));
    for (int i = 0; i < 10; i++) {
      writeFile(sys, "/d/f" + i, "");
    }
    ok(sys.mkdir("/d/sub", 0755));
    ok(sys.symlink("f0", "/d/link"));
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<Dirent> seen = new ArrayList<>();
    assertEquals(4, sys.getdents(fd, seen, 4));
    ok(sys.unlink("/d/f9"));
    writeFile(sys, "/d/late", "");
    while (ok(sys.getdents(fd, seen, 4)) > 0) {
      // drain
    }
    ok(sys.close(fd));
    List<String> names = new ArrayList<>();
    for (Dirent d : seen) {
      names.add(d.name());
    }
    assertEquals(names.size(), new HashSet<>(names).size(), "no duplicates");
    assertEquals(false, names.contains("f9"));
    assertEquals(true, names.contains("late"), "a cookie after every entry seen");
  }
}
