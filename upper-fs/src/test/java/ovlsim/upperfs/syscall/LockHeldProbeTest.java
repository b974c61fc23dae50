package ovlsim.upperfs.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static ovlsim.upperfs.syscall.SysFixture.bytes;
import static ovlsim.upperfs.syscall.SysFixture.ok;
import static ovlsim.upperfs.syscall.SysFixture.writeFile;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Vfs;

/**
 * The VFS holds exactly the locks of DESIGN.md's table when it calls each inode operation: a
 * probe filesystem ({@link LockProbe}) records, inside every i_op, the locks the calling task
 * holds, and each test drives one i_op through the syscalls and compares.
 */
class LockHeldProbeTest {
  private final Kernel k = new Kernel();
  private LockProbe probe;
  private ModelSys sys;

  @BeforeEach
  void boot() {
    UpperFsType upper = new UpperFsType();
    probe = new LockProbe(upper);
    Vfs.of(k).registerFilesystem(upper);
    Vfs.of(k).registerFilesystem(probe);
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    sys = ModelSys.of(k.init());
    ok(sys.mkdir("/p", 0755));
    ok(sys.mount("none", "/p", LockProbe.NAME, 0, ""));
    ok(sys.mkdir("/p/a", 0755));
    ok(sys.mkdir("/p/b", 0755));
    writeFile(sys, "/p/a/f", "data");
    ok(sys.symlink("f", "/p/a/s"));
  }

  @AfterEach
  void quiet() {
    assertEquals(List.of(), Lockdep.of(k).reports());
    assertEquals(List.of(), k.bugLog().entries());
  }

  /** Runs {@code body} with a clean record, then checks every call of {@code op}. */
  private void expect(String op, Runnable body) {
    probe.clear();
    body.run();
    List<LockProbe.Call> calls = probe.calls(op);
    assertFalse(calls.isEmpty(), op + " was never called");
    for (LockProbe.Call c : calls) {
      assertEquals(c.expected(), c.held(), op + ": held locks");
      assertEquals(true, c.ownedByCaller(), op + ": the expected locks are the caller's");
    }
  }

  /** A fresh task, so that no dentry it needs is in the dcache yet from its point of view. */
  private ModelSys other() {
    return ModelSys.of(k.spawn("other", Cred.root()));
  }

  @Test
  void lookup() {
    // A new mount of the probe: nothing is in its dcache, so the walk calls ->lookup.
    ok(sys.mkdir("/q", 0755));
    ok(sys.mount("none", "/q", LockProbe.NAME, 0, ""));
    expect("lookup", () -> sys.stat("/q/missing/x", new StatBuf()));
    expect("lookup", () -> sys.mkdir("/q/new", 0755));
  }

  @Test
  void create() {
    expect("create", () -> ok(sys.close((int) ok(sys.open("/p/a/new", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644)))));
    expect("create", () -> ok(sys.mknod("/p/a/reg", Stat.S_IFREG | 0644, 0)));
  }

  @Test
  void mknod() {
    expect("mknod", () -> ok(sys.mkfifo("/p/a/fifo", 0644)));
  }

  @Test
  void symlink() {
    expect("symlink", () -> ok(sys.symlink("target", "/p/b/l")));
  }

  @Test
  void mkdir() {
    expect("mkdir", () -> ok(sys.mkdir("/p/b/d", 0755)));
  }

  @Test
  void link() {
    expect("link", () -> ok(sys.link("/p/a/f", "/p/b/f2")));
  }

  @Test
  void unlink() {
    expect("unlink", () -> ok(sys.unlink("/p/a/s")));
  }

  @Test
  void rmdir() {
    ok(sys.mkdir("/p/b/gone", 0755));
    expect("rmdir", () -> ok(sys.rmdir("/p/b/gone")));
  }

  @Test
  void renameWithinADirectory() {
    expect("rename:same:new", () -> ok(sys.rename("/p/a/f", "/p/a/g")));
    writeFile(sys, "/p/a/h", "");
    expect("rename:same:target", () -> ok(sys.rename("/p/a/g", "/p/a/h")));
  }

  @Test
  void renameAcrossDirectories() {
    expect("rename:cross:new", () -> ok(sys.rename("/p/a/f", "/p/b/f")));
    writeFile(sys, "/p/a/f", "again");
    expect("rename:cross:target", () -> ok(sys.rename("/p/a/f", "/p/b/f")));
    ok(sys.mkdir("/p/a/dir", 0755));
    ok(sys.mkdir("/p/b/dir", 0755));
    expect("rename:cross:target", () -> ok(sys.rename("/p/a/dir", "/p/b/dir")));
    // Parent and child: lock_rename() takes the ancestor first.
    ok(sys.mkdir("/p/b/dir/inner", 0755));
    expect("rename:cross:new", () -> ok(sys.rename("/p/b/dir/inner", "/p/b/inner")));
  }

  @Test
  void setattr() {
    expect("setattr", () -> ok(sys.chmod("/p/a/f", 0600)));
    expect("setattr", () -> ok(sys.chown("/p/a/f", 5, 5)));
    expect("setattr", () -> ok(sys.utimes("/p/a/f", new Timespec(1, 0), null)));
    expect("setattr", () -> ok(sys.truncate("/p/a/f", 1)));
    int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_RDWR));
    expect("setattr", () -> ok(sys.ftruncate(fd, 0)));
    expect("setattr", () -> ok(sys.fchmod(fd, 0644)));
    ok(sys.close(fd));
    expect("setattr", () -> ok(sys.close((int) ok(sys.open("/p/a/f", Fcntl.O_WRONLY | Fcntl.O_TRUNC)))));
  }

  @Test
  void setxattrAndRemovexattr() {
    expect("setxattr", () -> ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0)));
    expect("removexattr", () -> ok(sys.removexattr("/p/a/f", "user.x")));
  }

  @Test
  void theLockFreeOperations() {
    ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0));
    ModelSys o = other();
    expect("permission", () -> ok(o.stat("/p/a/f", new StatBuf())));
    expect("getattr", () -> ok(o.stat("/p/a/f", new StatBuf())));
    expect("getxattr", () -> ok(o.getxattr("/p/a/f", "user.x", new byte[4], 4)));
    expect("listxattr", () -> ok(o.listxattr("/p/a/f", new byte[64], 64)));
    expect("readlink", () -> ok(o.readlink("/p/a/s", new byte[8], 8)));
    expect("follow_link", () -> ok(o.stat("/p/a/s", new StatBuf())));
    expect("open", () -> ok(o.close((int) ok(o.open("/p/a/f", Fcntl.O_RDONLY)))));
    expect("open", () -> ok(o.close((int) ok(o.open("/p/a/n", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600)))));
  }
}
