package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.ramfs.RamfsFsType;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.vfs.VfsLockRule.Held;
import ovlsim.vfs.VfsLockRule.When;

/**
 * The VFS holds exactly the locks of its lock table ({@link VfsLockRule}, docs/locking.md) when
 * it calls each operation: a probe filesystem ({@link LockProbe}, ramfs underneath) records,
 * inside every operation, the locks the calling task holds and their subclasses; each row of
 * the table, from {@code VfsLockRule.values()}, is driven through the syscalls ({@link #drive})
 * and every call of its operation is compared with the row. A row with no way to drive it
 * fails; so does a row whose conditional locks (a rename's target, a cross-directory rename)
 * were never exercised.
 */
class LockHeldProbeTest {
  private final Kernel k = new Kernel();
  private LockProbe probe;
  private ModelSys sys;

  @BeforeEach
  void boot() {
    RamfsFsType ramfs = new RamfsFsType();
    probe = new LockProbe(ramfs);
    Vfs.of(k).registerFilesystem(ramfs);
    Vfs.of(k).registerFilesystem(probe);
    Vfs.of(k).mountRoot(RamfsFsType.NAME, "rootfs", "");
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

  /** Every row of the table, from {@code VfsLockRule.values()}. */
  static Stream<VfsLockRule> rows() {
    return Arrays.stream(VfsLockRule.values());
  }

  @ParameterizedTest
  @MethodSource("rows")
  void theVfsHoldsWhatTheRowSays(VfsLockRule rule) {
    probe.clear();
    drive(rule);
    List<LockProbe.Call> calls = probe.calls(rule);
    assertFalse(calls.isEmpty(), rule.qualifiedName() + " was never called");
    Set<When> seen = EnumSet.of(When.ALWAYS);
    for (LockProbe.Call c : calls) {
      assertNull(c.mismatch(), rule.qualifiedName());
      seen.addAll(c.conditions());
    }
    for (Held h : rule.held()) {
      assertTrue(seen.contains(h.when()), rule + ": no call had " + h.when() + " for " + h.site());
    }
  }

  /** A fresh task, so that no dentry it needs is in the dcache yet from its point of view. */
  private ModelSys other() {
    return ModelSys.of(k.spawn("other", Cred.root()));
  }

  /**
   * {@code do_splice_direct()} of all of {@code src} into {@code dst} (opened with
   * {@code outFlags}) as {@code task}, the way the overlay's data copy-up calls it: as a kernel
   * caller holding no lock of its own.
   */
  private static void splice(Task task, String src, String dst, int outFlags) {
    task.run(
        () -> {
          File in = Namei.doFilpOpen(src, Fcntl.O_RDONLY, 0);
          try {
            File out = Namei.doFilpOpen(dst, outFlags, 0644);
            try {
              Loff pos = new Loff(0);
              long n = Splice.doSpliceDirect(in, pos, out, 1 << 20, Splice.SPLICE_F_MOVE);
              assertEquals(in.inode().iSize, n);
            } finally {
              Open.fput(out);
            }
          } finally {
            Open.fput(in);
          }
        });
  }

  /** Makes the VFS call {@code rule}'s operation on the probe, in every way the row covers. */
  private void drive(VfsLockRule rule) {
    switch (rule) {
      case LOOKUP -> {
        // A new mount of the probe: nothing is in its dcache, so the walk calls ->lookup.
        ok(sys.mkdir("/q", 0755));
        ok(sys.mount("none", "/q", LockProbe.NAME, 0, ""));
        sys.stat("/q/missing/x", new StatBuf());
        ok(sys.mkdir("/q/new", 0755));
        // lock_rename() in one directory: its i_mutex as PARENT, nothing else.
        ok(sys.rename("/q/new", "/q/renamed"));
        sys.unlink("/q/gone");
        sys.rmdir("/q/gone");
        ok(sys.close((int) ok(sys.open("/q/created", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644))));
      }
      case CREATE -> {
        ok(sys.close((int) ok(sys.open("/p/a/new", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644))));
        ok(sys.mknod("/p/a/reg", Stat.S_IFREG | 0644, 0));
      }
      case MKNOD -> ok(sys.mkfifo("/p/a/fifo", 0644));
      case SYMLINK -> ok(sys.symlink("target", "/p/b/l"));
      case MKDIR -> ok(sys.mkdir("/p/b/d", 0755));
      case LINK -> ok(sys.link("/p/a/f", "/p/b/f2"));
      case UNLINK -> ok(sys.unlink("/p/a/s"));
      case RMDIR -> {
        ok(sys.mkdir("/p/b/gone", 0755));
        ok(sys.rmdir("/p/b/gone"));
      }
      case RENAME -> {
        ok(sys.rename("/p/a/f", "/p/a/g"));
        writeFile(sys, "/p/a/h", "");
        ok(sys.rename("/p/a/g", "/p/a/h"));
        ok(sys.rename("/p/a/h", "/p/b/f"));
        writeFile(sys, "/p/a/f", "again");
        ok(sys.rename("/p/a/f", "/p/b/f"));
        ok(sys.mkdir("/p/a/dir", 0755));
        ok(sys.mkdir("/p/b/dir", 0755));
        ok(sys.rename("/p/a/dir", "/p/b/dir"));
        // Parent and child: lock_rename() takes the ancestor first.
        ok(sys.mkdir("/p/b/dir/inner", 0755));
        ok(sys.rename("/p/b/dir/inner", "/p/b/inner"));
        ok(sys.rename("/p/b/inner", "/p/b/dir/inner"));
      }
      case SETATTR -> {
        ok(sys.chmod("/p/a/f", 0600));
        ok(sys.chown("/p/a/f", 5, 5));
        ok(sys.utimes("/p/a/f", new Timespec(1, 0), null));
        ok(sys.truncate("/p/a/f", 1));
        int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_RDWR));
        ok(sys.ftruncate(fd, 0));
        ok(sys.fchmod(fd, 0644));
        ok(sys.close(fd));
        ok(sys.close((int) ok(sys.open("/p/a/f", Fcntl.O_WRONLY | Fcntl.O_TRUNC))));
        // A write by another user kills suid: file_remove_suid() under the write's i_mutex.
        ok(sys.chmod("/p/a/f", 04666));
        ModelSys u = ModelSys.of(k.spawn("u", Cred.user(1000, 1000)));
        int ufd = (int) ok(u.open("/p/a/f", Fcntl.O_WRONLY));
        assertEquals(1, u.write(ufd, bytes("x"), 1));
        ok(u.close(ufd));
        assertEquals(Stat.S_IFREG | 0666, SysFixture.stat(sys, "/p/a/f").stMode);
        // And a splice into it: file_remove_suid() under generic_file_splice_write()'s
        // I_MUTEX_CHILD.
        ok(sys.chmod("/p/a/f", 04666));
        writeFile(sys, "/p/b/src", "spliced");
        splice(u.task(), "/p/b/src", "/p/a/f", Fcntl.O_WRONLY);
        assertEquals(Stat.S_IFREG | 0666, SysFixture.stat(sys, "/p/a/f").stMode);
      }
      case SETXATTR -> ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0));
      case REMOVEXATTR -> {
        ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0));
        ok(sys.removexattr("/p/a/f", "user.x"));
      }
      case PERMISSION -> ok(other().stat("/p/a/f", new StatBuf()));
      case GETATTR -> ok(other().stat("/p/a/f", new StatBuf()));
      case GETXATTR -> {
        ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0));
        assertEquals(1, other().getxattr("/p/a/f", "user.x", new byte[4], 4));
      }
      case LISTXATTR -> {
        ok(sys.setxattr("/p/a/f", "user.x", bytes("1"), 1, 0));
        assertEquals(7, other().listxattr("/p/a/f", new byte[64], 64));
      }
      case READLINK -> assertEquals(1, other().readlink("/p/a/s", new byte[8], 8));
      case FOLLOW_LINK -> ok(other().stat("/p/a/s", new StatBuf()));
      case OPEN -> {
        ModelSys o = other();
        ok(o.close((int) ok(o.open("/p/a/f", Fcntl.O_RDONLY))));
        ok(o.close((int) ok(o.open("/p/a/n", Fcntl.O_CREAT | Fcntl.O_RDWR, 0600))));
      }
      case FILE_OPEN, RELEASE -> {
        ok(sys.close((int) ok(sys.open("/p/a/f", Fcntl.O_RDONLY))));
        ok(sys.close((int) ok(sys.open("/p/a", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY))));
      }
      case LLSEEK -> {
        int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_RDONLY));
        assertEquals(2, sys.lseek(fd, 2, Fcntl.SEEK_SET));
        ok(sys.close(fd));
        int dir = (int) ok(sys.open("/p/a", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
        assertEquals(3, sys.lseek(dir, 3, Fcntl.SEEK_SET));
        ok(sys.close(dir));
      }
      case READ -> {
        int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_RDONLY));
        assertEquals(4, sys.read(fd, new byte[8], 8));
        ok(sys.close(fd));
      }
      case WRITE -> {
        int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_WRONLY));
        assertEquals(2, sys.write(fd, bytes("ab"), 2));
        ok(sys.close(fd));
      }
      case READDIR -> assertEquals(4, SysFixture.dirents(sys, "/p/a", 2).size());
      case SPLICE_READ, SPLICE_WRITE -> {
        splice(k.init(), "/p/a/f", "/p/b/copy", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC);
        assertEquals("data", SysFixture.readFile(sys, "/p/b/copy"));
      }
      case FSYNC -> {
        int fd = (int) ok(sys.open("/p/a/f", Fcntl.O_RDONLY));
        ok(sys.fsync(fd));
        ok(sys.close(fd));
      }
      default -> fail(rule + " has no probe: add one to drive()");
    }
  }
}
