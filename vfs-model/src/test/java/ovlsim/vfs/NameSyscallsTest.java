package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.lstat;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;

/** mkdir, rmdir, unlink, rename, link, symlink, readlink, mknod, mkfifo, and the walk. */
class NameSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void mkdirAndRmdir() {
    ok(sys.mkdir("/d", 0777));
    assertEquals(Stat.S_IFDIR | 0755, stat(sys, "/d").stMode, "mode & ~umask");
    assertEquals(2, stat(sys, "/d").stNlink);
    err(Errno.EEXIST, sys.mkdir("/d", 0755));
    err(Errno.ENOENT, sys.mkdir("/x/y", 0755));
    ok(sys.mkdir("/d/e", 0700));
    assertEquals(3, stat(sys, "/d").stNlink);
    err(Errno.ENOTEMPTY, sys.rmdir("/d"));
    err(Errno.EINVAL, sys.rmdir("/d/e/."));
    err(Errno.ENOTEMPTY, sys.rmdir("/d/e/.."));
    err(Errno.EBUSY, sys.rmdir("/"));
    writeFile(sys, "/d/f", "");
    err(Errno.ENOTDIR, sys.rmdir("/d/f"));
    err(Errno.ENOENT, sys.rmdir("/d/nope"));
    ok(sys.rmdir("/d/e"));
    assertEquals(2, stat(sys, "/d").stNlink);
    ok(sys.unlink("/d/f"));
    ok(sys.rmdir("/d"));
    assertEquals(List.of(), ls(sys, "/"));
  }

  @Test
  void unlink() {
    writeFile(sys, "/f", "x");
    ok(sys.mkdir("/d", 0755));
    err(Errno.EISDIR, sys.unlink("/d"));
    err(Errno.ENOTDIR, sys.unlink("/f/"));
    err(Errno.ENOENT, sys.unlink("/g"));
    ok(sys.unlink("/f"));
    err(Errno.ENOENT, sys.unlink("/f"));
    assertEquals(List.of("d"), ls(sys, "/"));
  }

  @Test
  void unlinkedFileStaysReadableThroughAnOpenFd() {
    writeFile(sys, "/f", "data");
    int fd = (int) ok(sys.open("/f", Fcntl.O_RDONLY));
    ok(sys.unlink("/f"));
    StatBuf b = new StatBuf();
    ok(sys.fstat(fd, b));
    assertEquals(0, b.stNlink);
    byte[] buf = new byte[4];
    assertEquals(4, sys.read(fd, buf, 4));
    assertEquals("data", new String(buf, StandardCharsets.UTF_8));
    ok(sys.close(fd));
  }

  @Test
  void linkCountsAndLinkToADirectory() {
    writeFile(sys, "/f", "x");
    ok(sys.link("/f", "/g"));
    assertEquals(2, stat(sys, "/f").stNlink);
    assertEquals(stat(sys, "/f").stIno, stat(sys, "/g").stIno);
    err(Errno.EEXIST, sys.link("/f", "/g"));
    err(Errno.ENOENT, sys.link("/nope", "/h"));
    ok(sys.mkdir("/d", 0755));
    err(Errno.EPERM, sys.link("/d", "/d2"));
    assertEquals(List.of("d", "f", "g"), ls(sys, "/"));
    ok(sys.unlink("/f"));
    assertEquals(1, stat(sys, "/g").stNlink);
    assertEquals("x", readFile(sys, "/g"));
  }

  @Test
  void linkOfASymlinkLinksTheSymlink() {
    writeFile(sys, "/f", "x");
    ok(sys.symlink("f", "/s"));
    ok(sys.link("/s", "/s2"));
    assertEquals(Stat.S_IFLNK, lstat(sys, "/s2").stMode & Stat.S_IFMT);
    assertEquals(lstat(sys, "/s").stIno, lstat(sys, "/s2").stIno);
  }

  @Test
  void symlinkAndReadlink() {
    ok(sys.symlink("some/where", "/s"));
    StatBuf b = lstat(sys, "/s");
    assertEquals(Stat.S_IFLNK | 0777, b.stMode);
    assertEquals(10, b.stSize);
    byte[] buf = new byte[64];
    assertEquals(10, sys.readlink("/s", buf, 64));
    assertEquals("some/where", new String(buf, 0, 10, StandardCharsets.UTF_8));
    assertEquals(4, sys.readlink("/s", buf, 4), "cut at bufsiz");
    err(Errno.EINVAL, sys.readlink("/s", buf, 0));
    err(Errno.EINVAL, sys.readlink("/s", buf, -1));
    err(Errno.EFAULT, sys.readlink("/s", buf, 65));
    writeFile(sys, "/f", "x");
    err(Errno.EINVAL, sys.readlink("/f", buf, 64));
    err(Errno.ENOENT, sys.readlink("/nope", buf, 64));
    err(Errno.ENOENT, sys.stat("/s", new StatBuf()), "dangling");
    err(Errno.EEXIST, sys.symlink("x", "/s"));
    err(Errno.ENOENT, sys.symlink("", "/t"));
    err(Errno.ENOENT, sys.lstat("/t", new StatBuf()));
  }

  @Test
  void mknodAndMkfifo() {
    ok(sys.mkfifo("/p", 0666));
    assertEquals(Stat.S_IFIFO | 0644, lstat(sys, "/p").stMode);
    ok(sys.mknod("/c", Stat.S_IFCHR | 0600, Stat.mkdev(1, 3)));
    StatBuf c = lstat(sys, "/c");
    assertEquals(Stat.S_IFCHR | 0600, c.stMode);
    assertEquals(Stat.mkdev(1, 3), c.stRdev);
    ok(sys.mknod("/r", 0640, 0));
    assertEquals(Stat.S_IFREG | 0640, lstat(sys, "/r").stMode, "type 0 is a regular file");
    err(Errno.EPERM, sys.mknod("/d", Stat.S_IFDIR | 0755, 0));
    err(Errno.EINVAL, sys.mknod("/bad", 0170000 | 0644, 0));
    err(Errno.EEXIST, sys.mkfifo("/p", 0644));
    err(Errno.EPERM, f.user(1000, 1000).mknod("/c2", Stat.S_IFCHR | 0600, 0));
    assertEquals(List.of("c", "p", "r"), ls(sys, "/"));
  }

  @Test
  void renameFilesAndDirectories() {
    writeFile(sys, "/a", "A");
    writeFile(sys, "/b", "B");
    ok(sys.rename("/a", "/b"));
    assertEquals("A", readFile(sys, "/b"));
    assertEquals(List.of("b"), ls(sys, "/"));
    ok(sys.mkdir("/d", 0755));
    ok(sys.mkdir("/e", 0755));
    ok(sys.rename("/b", "/d/b"));
    ok(sys.rename("/d", "/e/d"));
    assertEquals(3, stat(sys, "/e").stNlink);
    assertEquals("A", readFile(sys, "/e/d/b"));
    ok(sys.rename("/e/d/b", "/e/d/b"));
    err(Errno.ENOENT, sys.rename("/nope", "/x"));
    err(Errno.ENOENT, sys.rename("/e/d/b", "/nope/x"));
    assertEquals(List.of("e"), ls(sys, "/"));
  }

  @Test
  void renameTypeMismatches() {
    writeFile(sys, "/f", "");
    ok(sys.mkdir("/d", 0755));
    ok(sys.mkdir("/empty", 0755));
    err(Errno.EISDIR, sys.rename("/f", "/d"));
    err(Errno.ENOTDIR, sys.rename("/d", "/f"));
    err(Errno.ENOTDIR, sys.rename("/f", "/g/"));
    err(Errno.EBUSY, sys.rename("/d/.", "/x"));
    err(Errno.EBUSY, sys.rename("/x", "/d/.."));
    ok(sys.rename("/d", "/empty"));
    assertEquals(List.of("empty", "f"), ls(sys, "/"));
  }

  @Test
  void renameTraps() {
    ok(sys.mkdir("/a", 0755));
    ok(sys.mkdir("/a/b", 0755));
    ok(sys.mkdir("/a/b/c", 0755));
    // A directory into its own subdirectory: the source is the trap.
    err(Errno.EINVAL, sys.rename("/a", "/a/b/x"));
    err(Errno.EINVAL, sys.rename("/a", "/a/x"));
    err(Errno.EINVAL, sys.rename("/a/b", "/a/b/c/x"));
    // Over its own ancestor: the target is the trap.
    err(Errno.ENOTEMPTY, sys.rename("/a/b/c", "/a"));
    err(Errno.ENOTEMPTY, sys.rename("/a/b", "/a"));
    // Over a non-empty directory.
    ok(sys.mkdir("/z", 0755));
    writeFile(sys, "/z/f", "");
    err(Errno.ENOTEMPTY, sys.rename("/a", "/z"));
    err(Errno.ENOTEMPTY, sys.rename("/z", "/a"));
    // Nothing moved.
    assertEquals(List.of("a", "z"), ls(sys, "/"));
    assertEquals(List.of("b"), ls(sys, "/a"));
    assertEquals(List.of("c"), ls(sys, "/a/b"));
    assertEquals(List.of("f"), ls(sys, "/z"));
  }

  @Test
  void enotdirInTheMiddleOfAPath() {
    writeFile(sys, "/f", "");
    err(Errno.ENOTDIR, sys.stat("/f/x", new StatBuf()));
    err(Errno.ENOTDIR, sys.mkdir("/f/x", 0755));
    err(Errno.ENOTDIR, sys.open("/f/x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    err(Errno.ENOTDIR, sys.stat("/f/", new StatBuf()));
    err(Errno.ENOTDIR, sys.chdir("/f"));
    ok(sys.symlink("/f", "/s"));
    err(Errno.ENOTDIR, sys.stat("/s/x", new StatBuf()));
    assertEquals(List.of("f", "s"), ls(sys, "/"));
  }

  @Test
  void eloopAfterFortySymlinks() {
    ok(sys.mkdir("/d", 0755));
    writeFile(sys, "/d/f", "end");
    ok(sys.symlink(".", "/d/s"));
    String forty = "/d" + "/s".repeat(40) + "/f";
    assertEquals("end", readFile(sys, forty));
    String fortyOne = "/d" + "/s".repeat(41) + "/f";
    err(Errno.ELOOP, sys.stat(fortyOne, new StatBuf()));
    err(Errno.ELOOP, sys.open(fortyOne, Fcntl.O_RDONLY));
    err(Errno.ELOOP, sys.mkdir("/d" + "/s".repeat(41) + "/new", 0755));
    assertEquals(List.of("f", "s"), ls(sys, "/d"));

    // A chain of links, each pointing at the next.
    ok(sys.symlink("f", "/d/l0"));
    for (int i = 1; i <= 40; i++) {
      ok(sys.symlink("l" + (i - 1), "/d/l" + i));
    }
    assertEquals("end", readFile(sys, "/d/l39"), "40 links in a chain resolve");
    err(Errno.ELOOP, sys.stat("/d/l40", new StatBuf()));

    ok(sys.symlink("loop", "/d/loop"));
    err(Errno.ELOOP, sys.stat("/d/loop", new StatBuf()));
    ok(sys.lstat("/d/loop", new StatBuf()));
  }

  @Test
  void dotAndDotDot() {
    ok(sys.mkdir("/a", 0755));
    ok(sys.mkdir("/a/b", 0755));
    long root = stat(sys, "/").stIno;
    long a = stat(sys, "/a").stIno;
    assertEquals(a, stat(sys, "/a/b/..").stIno);
    assertEquals(a, stat(sys, "/a/./b/../.").stIno);
    assertEquals(root, stat(sys, "/..").stIno, "/.. is / itself");
    assertEquals(root, stat(sys, "/a/b/../../..").stIno);
    assertNotEquals(root, a);
    err(Errno.EEXIST, sys.mkdir("/a/.", 0755));
    err(Errno.EEXIST, sys.mkdir("/a/..", 0755));
    ok(sys.chdir("/a/b"));
    assertEquals(a, stat(sys, "..").stIno);
    ok(sys.mkdir("c", 0755));
    assertEquals(List.of("c"), ls(sys, "/a/b"));
  }
}
