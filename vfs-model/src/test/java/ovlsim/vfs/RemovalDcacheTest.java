package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * The dcache where the races are: what is hashed while {@code ->rmdir} and {@code ->rename}
 * run (2.6.38's {@code dentry_unhash()}, seen from a disk-like probe filesystem,
 * {@link DiskProbe}), the rename target's reference and rehash, {@code dont_mount()} on every
 * removal, and {@code graft_tree()} refusing what a removal marked (two tasks, on the ramfs
 * root); {@code d_instantiate()}'s alias order.
 */
class RemovalDcacheTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;
  private final DiskProbe probe = new DiskProbe();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void mountProbe() {
    Vfs.of(f.kernel()).registerFilesystem(probe);
    ok(sys.mkdir("/p", 0755));
    ok(sys.mount("none", "/p", DiskProbe.NAME, 0, ""));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    f.assertQuiet();
  }

  /** Creates an empty file. */
  private void touch(String path) {
    ok(sys.close((int) ok(sys.open(path, Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644))));
  }

  /** The one call of {@code op} the probe saw. */
  private DiskProbe.Seen only(String op) {
    List<DiskProbe.Seen> calls = probe.seen().stream().filter(s -> s.op().equals(op)).toList();
    assertEquals(1, calls.size(), () -> op + " calls: " + calls);
    return calls.get(0);
  }

  /** Is {@code name} cached (hashed, maybe negative) under the directory at {@code dir}? */
  private boolean cached(String dir, String name) {
    Path p = f.kernPath(dir);
    try {
      return f.kernel().init().call(() -> {
        Dentry d = Dcache.dLookup(p.dentry, name);
        Dcache.dput(d);
        return d != null;
      });
    } finally {
      f.pathPut(p);
    }
  }

  @Test
  void rmdirUnhashesADirectoryWhoseOnlyUsersAreCachedChildren() {
    ok(sys.mkdir("/p/d", 0755));
    err(Errno.ENOENT, sys.stat("/p/d/missing", new StatBuf()));
    assertTrue(cached("/p/d", "missing"), "a negative child is cached, pinning /p/d");
    ok(sys.rmdir("/p/d"));
    DiskProbe.Seen s = only("rmdir");
    assertTrue(s.unhashed(), "shrink_dcache_parent() pruned the child, d_count was 2");
    assertEquals(2, s.dCount(), "the lookup's reference and dentry_unhash()'s");
    assertFalse(s.lookupFindsIt(), "a walker goes to ->lookup, which waits for the i_mutex");
  }

  @Test
  void rmdirLeavesADirectorySomebodyUsesHashed() {
    ok(sys.mkdir("/p/d", 0755));
    ModelSys other = ModelSys.of(f.kernel().spawn("other", Cred.root()));
    int fd = (int) ok(other.open("/p/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    ok(sys.rmdir("/p/d"));
    DiskProbe.Seen s = only("rmdir");
    assertFalse(s.unhashed(), "d_count 3: the open file's reference keeps it hashed");
    assertEquals(3, s.dCount());
    assertTrue(s.lookupFindsIt());
    assertTrue(s.dentry().dUnhashed(), "d_delete() unhashed it afterwards");
    assertTrue(Dcache.cantMount(s.dentry()), "dont_mount()");
    err(Errno.ENOENT, sys.stat("/p/d", new StatBuf()));
    ok(other.close(fd));
  }

  @Test
  void renameOverADirectoryUnhashesTheTargetDuringRename() {
    ok(sys.mkdir("/p/a", 0755));
    ok(sys.mkdir("/p/b", 0755));
    err(Errno.ENOENT, sys.stat("/p/b/missing", new StatBuf()));
    long ino = SysFixture.stat(sys, "/p/a").stIno;
    ok(sys.rename("/p/a", "/p/b"));
    DiskProbe.Seen s = only("rename");
    assertEquals("b", s.dentry().dName.equals("b") ? "b" : "b");
    assertTrue(s.unhashed(), "dentry_unhash() of the target before ->rename");
    assertEquals(2, s.dCount(), "sys_renameat()'s lookup and dentry_unhash()'s dget()");
    assertFalse(s.lookupFindsIt(), "no walker finds the stale target during ->rename");
    assertTrue(Dcache.cantMount(s.dentry()), "the replaced directory: dont_mount()");
    assertEquals(ino, SysFixture.stat(sys, "/p/b").stIno);
    err(Errno.ENOENT, sys.stat("/p/a", new StatBuf()));
  }

  @Test
  void aFailedRenameOverADirectoryPutsTheTargetBackInTheHash() {
    ok(sys.mkdir("/p/a", 0755));
    ok(sys.mkdir("/p/b", 0755));
    ok(sys.mkdir("/p/b/x", 0755));
    err(Errno.ENOTEMPTY, sys.rename("/p/a", "/p/b"));
    DiskProbe.Seen s = only("rename");
    assertTrue(s.unhashed(), "unhashed during ->rename");
    assertFalse(s.dentry().dUnhashed(), "d_rehash() after it failed");
    assertFalse(Dcache.cantMount(s.dentry()), "a target that stays may still be mounted on");
    Path b = f.kernPath("/p/b");
    try {
      assertSame(s.dentry(), b.dentry, "the walk finds the same dentry again");
    } finally {
      f.pathPut(b);
    }
    ok(sys.stat("/p/b/x", new StatBuf()));
  }

  @Test
  void renameToANewNameTakesNoReferenceOnTheNegativeTarget() {
    ok(sys.mkdir("/p/a", 0755));
    ok(sys.rename("/p/a", "/p/new"));
    DiskProbe.Seen s = only("rename");
    assertEquals(1, s.dCount(), "only sys_renameat()'s lookup: vfs_rename_dir() takes none");
    assertFalse(s.unhashed());
  }

  @Test
  void renameOverAFileKeepsTheTargetHashedAndMarksIt() {
    touch("/p/f");
    touch("/p/g");
    ok(sys.rename("/p/f", "/p/g"));
    DiskProbe.Seen s = only("rename");
    assertFalse(s.unhashed(), "vfs_rename_other() does not unhash the target");
    assertTrue(s.lookupFindsIt());
    assertEquals(2, s.dCount(), "the lookup and vfs_rename_other()'s dget()");
    assertTrue(Dcache.cantMount(s.dentry()), "dont_mount() on success");
  }

  @Test
  void unlinkMarksTheVictimUnmountable() {
    touch("/p/f");
    Path held = f.kernPath("/p/f");
    try {
      ok(sys.unlink("/p/f"));
      assertTrue(Dcache.cantMount(held.dentry));
      assertTrue(held.dentry.dUnlinked(), "held by us: d_delete() unhashed it");
    } finally {
      f.pathPut(held);
    }
    ok(sys.mkdir("/p/d", 0755));
    touch("/p/d/x");
    Path dir = f.kernPath("/p/d");
    try {
      err(Errno.ENOTEMPTY, sys.rmdir("/p/d"));
      assertFalse(Dcache.cantMount(dir.dentry), "a failed rmdir marks nothing");
    } finally {
      f.pathPut(dir);
    }
  }

  /**
   * Task A removes {@code victim} and parks right after it dropped the victim's i_mutex, before
   * {@code d_delete()}: the victim is still hashed (an unlink does not unhash before
   * {@code d_delete()}; ramfs pins its dentries, so {@code dentry_unhash()} left the directory
   * hashed too). Task B then mounts on it: {@code graft_tree()} gets the i_mutex and refuses
   * with ENOENT, because A marked the victim ({@code dont_mount()}) under that lock; without the
   * mark the mount would sit on a removed object.
   */
  private void mountRacesRemoval(String victim, boolean dir, int mountFlags, String source)
      throws Exception {
    Task a = f.kernel().spawn("A", Cred.root());
    ModelSys b = ModelSys.of(f.kernel().spawn("B", Cred.root()));
    Path v = f.kernPath(victim);
    Dentry victimDentry = v.dentry;
    String unlockPoint =
        "mutex_unlock:" + victimDentry.dInode.iMutex.name(MutexSubclass.I_MUTEX_NORMAL);
    Inode parent = victimDentry.dParent.dInode;
    f.pathPut(v);
    Breakpoints bp = new Breakpoints();
    f.kernel().setSchedHook(bp);
    bp.arm("A", unlockPoint);
    ModelSys as = ModelSys.of(a);
    Future<Integer> removal = pool.submit(() -> dir ? as.rmdir(victim) : as.unlink(victim));
    bp.awaitParked("A");
    assertTrue(HeldLocks.of(a).holds(parent.iMutex), "parked inside the removal");
    assertTrue(cached("/", victim.substring(1)), "still hashed: a walk finds it");
    try {
      err(Errno.ENOENT, b.mount(source, victim, "ramfs", mountFlags, ""));
    } finally {
      bp.release("A");
    }
    ok(removal.get(20, TimeUnit.SECONDS));
    for (VfsMount m : Vfs.of(f.kernel()).mounts()) {
      assertFalse(m.mntMountpoint == victimDentry, "a mount on the removed " + victim);
    }
  }

  @Test
  void graftTreeRefusesADirectoryRmdirRemoved() throws Exception {
    ok(sys.mkdir("/victim", 0755));
    mountRacesRemoval("/victim", true, 0, "none");
  }

  @Test
  void graftTreeRefusesAFileUnlinkRemoved() throws Exception {
    writeFile(sys, "/victim", "v");
    writeFile(sys, "/source", "s");
    mountRacesRemoval("/victim", false, Fs.MS_BIND, "/source");
  }

  @Test
  void dInstantiatePutsTheNewAliasAtTheHead() {
    writeFile(sys, "/f", "f");
    ok(sys.link("/f", "/h"));
    Path h = f.kernPath("/h");
    try {
      Inode inode = h.dentry.dInode;
      synchronized (inode) {
        assertEquals(2, inode.iDentry.size());
        assertSame(h.dentry, inode.iDentry.get(0), "list_add(): i_dentry.next is the newest");
      }
    } finally {
      f.pathPut(h);
    }
  }
}
