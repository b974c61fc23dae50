package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Task;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * {@code dput()} of the last reference: a hashed dentry without {@code ->d_delete} stays
 * cached (the reference goes without rename_lock), an unhashed one is freed and lets go of its
 * parent, and one whose {@code ->d_delete} says so is freed at once. On a disk-like filesystem
 * ({@link DiskProbe}), whose dentries nothing pins, and on the ramfs root, whose negative
 * dentries have {@code simple_delete_dentry()}.
 */
class DputTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @BeforeEach
  void mountProbe() {
    Vfs.of(f.kernel()).registerFilesystem(new DiskProbe());
    ok(sys.mkdir("/p", 0755));
    ok(sys.mount("none", "/p", DiskProbe.NAME, 0, ""));
    ok(sys.mkdir("/p/d", 0755));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  private Dentry dLookup(Dentry parent, String name) {
    return f.kernel().init().call(() -> Dcache.dLookup(parent, name));
  }

  @Test
  void theLastReferenceOfAHashedDentryLeavesItCached() {
    Path d = f.kernPath("/p/d");
    Dentry dentry = d.dentry;
    f.pathPut(d);
    assertEquals(0, dentry.dCount.get());
    assertTrue(dentry.hashed, "unused, still in the hash");
    Path again = f.kernPath("/p/d");
    assertSame(dentry, again.dentry, "the next walk finds the cached dentry");
    assertEquals(1, dentry.dCount.get());
    f.pathPut(again);
  }

  @Test
  void theLastReferenceOfAnUnhashedDentryFreesItAndPutsTheParent() {
    Path d = f.kernPath("/p/d");
    Dentry dentry = d.dentry;
    Dentry parent = dentry.dParent;
    int parentCount = parent.dCount.get();
    f.kernel().init().run(() -> Dcache.dDrop(dentry));
    f.pathPut(d);
    assertEquals(0, dentry.dCount.get());
    assertFalse(dentry.hashed);
    assertNull(dentry.dInode, "dentry_iput() dropped its inode");
    assertEquals(parentCount - 1, parent.dCount.get(), "its reference on /p went with it");
    assertNull(dLookup(parent, "d"), "nothing hashed under the name");
    Path again = f.kernPath("/p/d");
    assertTrue(again.dentry != dentry && again.dentry.dInode != null, "->lookup made a new one");
    f.pathPut(again);
  }

  @Test
  void aDentryWhoseDDeleteSaysSoIsFreedAtItsLastReference() {
    err(Errno.ENOENT, sys.stat("/missing", new StatBuf()));
    Path root = f.kernPath("/");
    try {
      assertNull(dLookup(root.dentry, "missing"),
          "ramfs's negative dentry went at once (simple_delete_dentry())");
    } finally {
      f.pathPut(root);
    }
  }

  /**
   * T1's {@code dput()} of the last reference has found /p/d hashed and waits (in
   * {@code ->d_delete}'s flag, the next thing it reads) while rmdir takes a reference, unhashes
   * the dentry and drops its references: the count is 1 again when T1 decrements it. The C tests
   * and decrements under one {@code d_lock}, so whichever {@code dput()} is last frees the
   * dentry; T1's does here.
   */
  @Test
  void theLastReferenceFreesADentryUnhashedAfterItsHashedTest() throws Exception {
    Task t1 = f.kernel().spawn("T1", Cred.root());
    Path p = f.kernPath("/p/d");
    Dentry d = p.dentry;
    Dentry parent = d.dParent;
    Inode inode = d.dInode;
    int parentCount = parent.dCount.get();
    CountDownLatch tested = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    d.dOp = new DentryOperations() {
      @Override
      public boolean hasDDelete() {
        if (Thread.currentThread() != main && tested.getCount() > 0) {
          tested.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return false;
      }
    };
    Thread t = new Thread(() -> t1.run(() -> Namespace.pathPut(p)), "T1");
    t.start();
    tested.await();
    ok(sys.rmdir("/p/d"));
    assertEquals(1, d.dCount.get(), "T1's reference");
    assertFalse(d.hashed);
    go.countDown();
    t.join();
    assertEquals(0, d.dCount.get());
    assertNull(d.dInode, "freed");
    assertEquals(0, inode.iCount.get(), "the removed directory's inode went with it");
    assertEquals(parentCount - 1, parent.dCount.get(), "and its reference on /p");
  }

  /**
   * A stat of a missing name in /d keeps a negative child there while another task makes and
   * removes /d: rmdir's {@code shrink_dcache_parent()} prunes the child that the stat's
   * {@code dput()} is killing. The kill is decided and the dentry taken off /d's list in one
   * hold of the lock, as the C holds {@code d_lock}, so it is freed once (before, this met
   * "negative d_count" within a second). A bounded loop: it guards, it cannot prove.
   */
  @Test
  void aDentryIsKilledOnceWhenItsDputAndAPruneMeet() throws Exception {
    ModelSys a = ModelSys.of(f.kernel().spawn("A", Cred.root()));
    ModelSys b = ModelSys.of(f.kernel().spawn("B", Cred.root()));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread stats = new Thread(() -> {
      StatBuf st = new StatBuf();
      try {
        while (!stop.get()) {
          a.stat("/d/missing", st);
        }
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "A");
    stats.start();
    try {
      for (int i = 0; i < 200_000 && failed.get() == null; i++) {
        ok(b.mkdir("/d", 0755));
        ok(b.rmdir("/d"));
      }
    } finally {
      stop.set(true);
      stats.join();
    }
    assertNull(failed.get());
  }
}
