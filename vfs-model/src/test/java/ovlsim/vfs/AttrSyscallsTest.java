package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.lstat;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;

/**
 * stat, lstat, fstat, chmod, fchmod, chown, lchown, fchown, utimes, statfs, umask, chdir. (What
 * upper-fs's size= and nr_inodes= make statfs say, and their ENOSPC, are tested in upper-fs.)
 */
class AttrSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void statLstatFstat() {
    writeFile(sys, "/f", "hello");
    ok(sys.symlink("f", "/s"));
    StatBuf st = stat(sys, "/f");
    assertEquals(Stat.S_IFREG | 0644, st.stMode);
    assertEquals(5, st.stSize);
    assertEquals(1, st.stNlink);
    assertEquals(0, st.stUid);
    assertEquals(0, st.stGid);
    assertTrue(st.stIno > 0);
    assertEquals(st.stIno, stat(sys, "/s").stIno, "stat follows");
    StatBuf l = lstat(sys, "/s");
    assertEquals(Stat.S_IFLNK, l.stMode & Stat.S_IFMT);
    assertNotEquals(st.stIno, l.stIno);
    assertEquals(stat(sys, "/").stDev, st.stDev);

    int fd = (int) ok(sys.open("/s", Fcntl.O_RDONLY));
    StatBuf fs = new StatBuf();
    ok(sys.fstat(fd, fs));
    assertEquals(st.stIno, fs.stIno);
    assertEquals(st.stSize, fs.stSize);
    ok(sys.close(fd));
    err(Errno.EBADF, sys.fstat(fd, new StatBuf()));
    err(Errno.ENOENT, sys.stat("/nope", new StatBuf()));
    err(Errno.EFAULT, sys.stat("/f", null));
  }

  @Test
  void chmodKeepsTheTypeAndChangesCtime() {
    writeFile(sys, "/f", "");
    ok(sys.chmod("/f", 0100755 | 04000));
    assertEquals(Stat.S_IFREG | 04755, stat(sys, "/f").stMode);
    int fd = (int) ok(sys.open("/f", Fcntl.O_RDONLY));
    ok(sys.fchmod(fd, 0600));
    assertEquals(Stat.S_IFREG | 0600, stat(sys, "/f").stMode);
    ok(sys.close(fd));
    err(Errno.EBADF, sys.fchmod(fd, 0600));
    err(Errno.ENOENT, sys.chmod("/nope", 0600));

    ok(sys.symlink("f", "/s"));
    ok(sys.chmod("/s", 0640));
    assertEquals(Stat.S_IFREG | 0640, stat(sys, "/f").stMode, "chmod follows a symlink");
    assertEquals(Stat.S_IFLNK | 0777, lstat(sys, "/s").stMode);
  }

  @Test
  void chownLchownFchown() {
    writeFile(sys, "/f", "");
    ok(sys.symlink("f", "/s"));
    ok(sys.chown("/s", 1000, 100));
    StatBuf st = stat(sys, "/f");
    assertEquals(1000, st.stUid);
    assertEquals(100, st.stGid);
    assertEquals(0, lstat(sys, "/s").stUid);
    ok(sys.lchown("/s", 7, -1));
    assertEquals(7, lstat(sys, "/s").stUid);
    assertEquals(0, lstat(sys, "/s").stGid, "-1 leaves the group");
    int fd = (int) ok(sys.open("/f", Fcntl.O_RDONLY));
    ok(sys.fchown(fd, -1, 200));
    assertEquals(1000, stat(sys, "/f").stUid);
    assertEquals(200, stat(sys, "/f").stGid);
    ok(sys.close(fd));
    err(Errno.EBADF, sys.fchown(fd, 0, 0));
    err(Errno.ENOENT, sys.lchown("/nope", 0, 0));
  }

  @Test
  void chownByNonRootKillsSuidAndSgid() {
    writeFile(sys, "/f", "");
    ok(sys.chown("/f", 1000, 1000));
    ok(sys.chmod("/f", 06755));
    ModelSys u = f.user(1000, 1000, 2000);
    ok(u.chown("/f", -1, 2000));
    assertEquals(Stat.S_IFREG | 0755, stat(sys, "/f").stMode);
    assertEquals(2000, stat(sys, "/f").stGid);
  }

  @Test
  void truncateByNonRootKillsSuid() {
    writeFile(sys, "/f", "abc");
    ok(sys.chown("/f", 1000, 1000));
    ok(sys.chmod("/f", 04666));
    ok(f.user(1000, 1000).truncate("/f", 1));
    assertEquals(Stat.S_IFREG | 0666, stat(sys, "/f").stMode);
    assertEquals(1, stat(sys, "/f").stSize);
  }

  @Test
  void utimes() {
    writeFile(sys, "/f", "");
    ok(sys.utimes("/f", new Timespec(1000, 5), new Timespec(2000, 6)));
    StatBuf st = stat(sys, "/f");
    assertEquals(new Timespec(1000, 5), st.stAtime);
    assertEquals(new Timespec(2000, 6), st.stMtime);
    ok(sys.utimes("/f", new Timespec(0, Utimes.UTIME_OMIT), new Timespec(3000, 0)));
    assertEquals(new Timespec(1000, 5), stat(sys, "/f").stAtime, "UTIME_OMIT");
    assertEquals(new Timespec(3000, 0), stat(sys, "/f").stMtime);

    Timespec before = Timespec.now();
    ok(sys.utimes("/f", null, null));
    st = stat(sys, "/f");
    assertTrue(st.stMtime.compareTo(before) >= 0, "null is now");
    assertTrue(st.stAtime.compareTo(before) >= 0);
    ok(sys.utimes("/f", new Timespec(10, 0), null));
    assertEquals(new Timespec(10, 0), stat(sys, "/f").stAtime);
    assertTrue(stat(sys, "/f").stMtime.compareTo(before) >= 0, "a null mtime is now");

    err(Errno.EINVAL, sys.utimes("/f", new Timespec(1, 1_000_000_000), null));
    err(Errno.EINVAL, sys.utimes("/f", new Timespec(1, -1), null));
    err(Errno.ENOENT, sys.utimes("/nope", null, null));
    assertEquals(new Timespec(10, 0), stat(sys, "/f").stAtime);
  }

  @Test
  void statfsOfRamfs() {
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs("/", b));
    assertEquals(0x858458f6L, b.fType, "RAMFS_MAGIC");
    assertEquals(4096, b.fBsize);
    assertEquals(255, b.fNamelen);
    assertEquals(0, b.fBlocks, "simple_statfs() counts nothing");
    assertEquals(0, b.fFiles);
    writeFile(sys, "/f", "x".repeat(10000));
    ok(sys.statfs("/f", b));
    assertEquals(0, b.fBfree);
    err(Errno.ENOENT, sys.statfs("/nope", b));
    err(Errno.EFAULT, sys.statfs("/", null));
  }

  @Test
  void umaskReturnsTheOldMask() {
    ModelSys other = f.user(1000, 1000);
    assertEquals(022, sys.umask(077));
    assertEquals(077, sys.umask(01777));
    assertEquals(0777, sys.umask(0), "only the permission bits are kept");
    ok(sys.mkdir("/d", 0777));
    assertEquals(Stat.S_IFDIR | 0777, stat(sys, "/d").stMode);
    assertEquals(022, other.umask(022), "the umask is per task");
  }

  @Test
  void chdir() {
    ok(sys.mkdir("/a", 0755));
    ok(sys.mkdir("/a/b", 0755));
    writeFile(sys, "/f", "");
    ok(sys.chdir("/a"));
    writeFile(sys, "b/g", "");
    assertEquals(List.of("g"), ls(sys, "/a/b"));
    err(Errno.ENOTDIR, sys.chdir("/f"));
    err(Errno.ENOENT, sys.chdir("/nope"));
    ok(sys.symlink("/a/b", "/l"));
    ok(sys.chdir("/l"));
    assertEquals(List.of("g"), ls(sys, "."));
    ok(sys.chmod("/a/b", 0700));
    ModelSys u = f.user(1000, 1000);
    err(Errno.EACCES, u.chdir("/a/b"));
    ok(u.chdir("/a"));
    assertEquals(List.of("b"), ls(u, "."));
    assertEquals(List.of("g"), ls(sys, "."), "each task has its own cwd");
  }
}
