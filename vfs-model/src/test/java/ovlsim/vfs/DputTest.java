package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
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

  private Path walk(String path) {
    return f.kernel().init().call(() -> {
      Path p = new Path();
      Namei.kernPath(path, 0, p);
      return p;
    });
  }

  private void dput(Dentry d) {
    f.kernel().init().run(() -> Dcache.dput(d));
  }

  private Dentry dLookup(Dentry parent, String name) {
    return f.kernel().init().call(() -> Dcache.dLookup(parent, name));
  }

  @Test
  void theLastReferenceOfAHashedDentryLeavesItCached() {
    Path d = walk("/p/d");
    Dentry dentry = d.dentry;
    dput(dentry);
    assertEquals(0, dentry.dCount.get());
    assertTrue(dentry.hashed, "unused, still in the hash");
    Path again = walk("/p/d");
    assertSame(dentry, again.dentry, "the next walk finds the cached dentry");
    assertEquals(1, dentry.dCount.get());
    dput(again.dentry);
  }

  @Test
  void theLastReferenceOfAnUnhashedDentryFreesItAndPutsTheParent() {
    Path d = walk("/p/d");
    Dentry dentry = d.dentry;
    Dentry parent = dentry.dParent;
    int parentCount = parent.dCount.get();
    f.kernel().init().run(() -> Dcache.dDrop(dentry));
    dput(dentry);
    assertEquals(0, dentry.dCount.get());
    assertFalse(dentry.hashed);
    assertNull(dentry.dInode, "dentry_iput() dropped its inode");
    assertEquals(parentCount - 1, parent.dCount.get(), "its reference on /p went with it");
    assertNull(dLookup(parent, "d"), "nothing hashed under the name");
    Path again = walk("/p/d");
    assertTrue(again.dentry != dentry && again.dentry.dInode != null, "->lookup made a new one");
    dput(again.dentry);
  }

  @Test
  void aDentryWhoseDDeleteSaysSoIsFreedAtItsLastReference() {
    err(Errno.ENOENT, sys.stat("/missing", new StatBuf()));
    Path root = walk("/");
    try {
      assertNull(dLookup(root.dentry, "missing"),
          "ramfs's negative dentry went at once (simple_delete_dentry())");
    } finally {
      f.kernel().init().run(() -> Namespace.pathPut(root));
    }
  }
}
