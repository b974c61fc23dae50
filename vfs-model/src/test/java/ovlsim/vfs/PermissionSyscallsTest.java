package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import ovlsim.syscall.ModelSys;

/** Permission denials for non-root tasks, sticky and setgid directories. */
class PermissionSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys root = f.sys;
  private ModelSys alice;
  private ModelSys bob;

  @BeforeEach
  void setUp() {
    alice = f.user(1000, 1000);
    bob = f.user(1001, 1001, 500);
    ok(root.mkdir("/r", 0755));
    writeFile(root, "/r/pub", "public");
    writeFile(root, "/r/secret", "secret");
    ok(root.chmod("/r/secret", 0600));
    ok(root.mkdir("/r/sub", 0755));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void aRootOwnedDirectoryRefusesChangesByOthers() {
    err(Errno.EACCES, alice.mkdir("/r/x", 0755));
    err(Errno.EACCES, alice.open("/r/x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    err(Errno.EACCES, alice.mknod("/r/x", Stat.S_IFIFO | 0644, 0));
    err(Errno.EACCES, alice.symlink("pub", "/r/x"));
    err(Errno.EACCES, alice.link("/r/pub", "/r/x"));
    err(Errno.EACCES, alice.unlink("/r/pub"));
    err(Errno.EACCES, alice.rmdir("/r/sub"));
    err(Errno.EACCES, alice.rename("/r/pub", "/r/x"));
    err(Errno.EACCES, alice.rename("/r/pub", "/x"));
    writeFile(alice, "/mine", "m");
    err(Errno.EACCES, alice.rename("/mine", "/r/mine"));
    assertEquals(List.of("pub", "secret", "sub"), ls(root, "/r"), "nothing half-done");
    assertEquals("m", readFile(alice, "/mine"));
  }

  @Test
  void fileModesAreEnforced() {
    assertEquals("public", readFile(alice, "/r/pub"));
    err(Errno.EACCES, alice.open("/r/secret", Fcntl.O_RDONLY));
    err(Errno.EACCES, alice.open("/r/pub", Fcntl.O_WRONLY));
    err(Errno.EACCES, alice.open("/r/pub", Fcntl.O_RDONLY | Fcntl.O_TRUNC));
    err(Errno.EACCES, alice.truncate("/r/pub", 0));
    assertEquals(6, stat(root, "/r/pub").stSize);
    ok(root.chmod("/r", 0700));
    err(Errno.EACCES, alice.stat("/r/pub", new StatBuf()), "no search permission");
    err(Errno.EACCES, alice.open("/r/pub", Fcntl.O_RDONLY));
    ok(root.chmod("/r", 0711));
    ok(alice.stat("/r/pub", new StatBuf()));
    err(Errno.EACCES, alice.open("/r", Fcntl.O_RDONLY), "search without read");
  }

  @Test
  void attributesBelongToTheOwner() {
    err(Errno.EPERM, alice.chmod("/r/pub", 0777));
    err(Errno.EPERM, alice.chown("/r/pub", 1000, 1000));
    writeFile(alice, "/a", "");
    err(Errno.EPERM, alice.chown("/a", 1001, -1), "giving a file away");
    err(Errno.EPERM, alice.chown("/a", -1, 500), "a group she is not in");
    ok(alice.chown("/a", -1, 1000));
    ok(alice.chmod("/a", 0600));
    assertEquals(Stat.S_IFREG | 0600, stat(root, "/a").stMode);
    assertEquals(1000, stat(root, "/a").stUid);
    // Explicit times need the owner; "now" needs write permission.
    err(Errno.EPERM, alice.utimes("/r/pub", new Timespec(1, 0), new Timespec(1, 0)));
    err(Errno.EACCES, alice.utimes("/r/pub", null, null));
    ok(root.chmod("/r/pub", 0666));
    ok(alice.utimes("/r/pub", null, null));
    err(Errno.EPERM, alice.utimes("/r/pub", new Timespec(1, 0), null));
    Timespec mtime = stat(root, "/r/pub").stMtime;
    ok(alice.utimes("/a", new Timespec(5, 0), new Timespec(6, 0)));
    assertEquals(new Timespec(6, 0), stat(root, "/a").stMtime);
    assertEquals(mtime, stat(root, "/r/pub").stMtime);
  }

  @Test
  void chmodSetgidByANonMemberDropsTheBit() {
    writeFile(alice, "/a", "");
    ok(root.chown("/a", -1, 500));
    ok(alice.chmod("/a", 02755));
    assertEquals(Stat.S_IFREG | 0755, stat(root, "/a").stMode);
    writeFile(bob, "/b", "");
    ok(bob.chown("/b", -1, 500));
    ok(bob.chmod("/b", 02755));
    assertEquals(Stat.S_IFREG | 02755, stat(root, "/b").stMode);
  }

  @Test
  void stickyDirectory() {
    ok(root.mkdir("/tmp", 0777));
    ok(root.chmod("/tmp", 01777));
    writeFile(alice, "/tmp/a", "alice");
    writeFile(bob, "/tmp/b", "bob");
    err(Errno.EPERM, bob.unlink("/tmp/a"));
    err(Errno.EPERM, bob.rename("/tmp/a", "/tmp/c"));
    err(Errno.EPERM, bob.rename("/tmp/b", "/tmp/a"), "over another's file");
    ok(alice.mkdir("/tmp/ad", 0777));
    err(Errno.EPERM, bob.rmdir("/tmp/ad"));
    assertEquals(List.of("a", "ad", "b"), ls(root, "/tmp"));
    assertEquals("alice", readFile(bob, "/tmp/a"));
    ok(alice.rename("/tmp/a", "/tmp/a2"));
    ok(alice.unlink("/tmp/a2"));
    ok(root.unlink("/tmp/b"));
    ok(alice.rmdir("/tmp/ad"));
    assertEquals(List.of(), ls(root, "/tmp"));

    // The directory's owner may delete anything in it.
    ok(root.chown("/tmp", 1001, 1001));
    writeFile(alice, "/tmp/a", "");
    ok(bob.unlink("/tmp/a"));
  }

  @Test
  void setgidDirectory() {
    ok(root.mkdir("/sg", 0775));
    ok(root.chown("/sg", 0, 500));
    ok(root.chmod("/sg", 02775));
    writeFile(bob, "/sg/f", "");
    StatBuf st = stat(root, "/sg/f");
    assertEquals(500, st.stGid, "the group comes from the directory");
    assertEquals(1001, st.stUid);
    assertEquals(Stat.S_IFREG | 0644, st.stMode, "a file does not inherit S_ISGID");
    ok(bob.mkdir("/sg/d", 0755));
    st = stat(root, "/sg/d");
    assertEquals(500, st.stGid);
    assertEquals(Stat.S_IFDIR | 02755, st.stMode, "a directory inherits S_ISGID");
    writeFile(bob, "/sg/d/g", "");
    assertEquals(500, stat(root, "/sg/d/g").stGid);
    err(Errno.EACCES, alice.mkdir("/sg/x", 0755), "alice is not in group 500");
    writeFile(alice, "/plain", "");
    assertEquals(1000, stat(root, "/plain").stGid);
  }
}
