package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.fs.UpperFsFixture.assertErrno;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.upperfs.UpperFs;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;

/** Mount options, statfs and remount of upper-fs. */
class UpperFsMountTest {

  @Test
  void statfsReportsTheLimits() {
    UpperFsFixture fx = new UpperFsFixture("size=1m,nr_inodes=100");
    fx.run(
        () -> {
          Kstatfs s = fx.statfs();
          assertEquals(0x01021994L, s.fType);
          assertEquals(4096, s.fBsize);
          assertEquals(255, s.fNamelen);
          assertEquals(256, s.fBlocks);
          assertEquals(256, s.fBfree);
          assertEquals(256, s.fBavail);
          assertEquals(100, s.fFiles);
          assertEquals(99, s.fFfree); // the root
          assertTrue(fx.sb().sOp.hasStatfs());
        });
  }

  @Test
  void statfsOfAnUnlimitedInstanceLeavesTheCountsZero() {
    UpperFsFixture fx = new UpperFsFixture("");
    fx.run(
        () -> {
          fx.create(fx.root(), "f", 0644);
          Kstatfs s = fx.statfs();
          assertEquals(0x01021994L, s.fType);
          assertEquals(0, s.fBlocks);
          assertEquals(0, s.fBfree);
          assertEquals(0, s.fFiles);
          assertEquals(0, fx.fs().maxBlocks());
        });
  }

  @ParameterizedTest
  @CsvSource({
    "size=4096, 1",
    "size=4097, 2",
    "size=8k, 2",
    "size=1M, 256",
    "size=1g, 262144",
    "size=0x2000, 2",
    "nr_blocks=7, 7",
    "'size=1m,nr_blocks=3', 3"
  })
  void sizeIsParsedAsMemparseDoesAndRoundedUpToPages(String options, long pages) {
    UpperFsFixture fx = new UpperFsFixture(options);
    assertEquals(pages, fx.fs().maxBlocks());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"bogus=1", "size", "size=", "size=12q", "size=-1", "nr_inodes=x", "mode=9", "ro"})
  void badOptionsAreEinval(String options) {
    UpperFsFixture ok = new UpperFsFixture("size=1m");
    assertErrno(
        Errno.EINVAL,
        () -> ok.run(() -> Super.doKernMount("upperfs", 0, "none", options)));
  }

  @Test
  void modeUidAndGidSetTheRoot() {
    UpperFsFixture fx = new UpperFsFixture("mode=0755,uid=1000,gid=100");
    assertEquals(Stat.S_IFDIR | 0755, fx.root().dInode.iMode);
    assertEquals(1000, fx.root().dInode.iUid);
    assertEquals(100, fx.root().dInode.iGid);
  }

  @Test
  void nrInodesLimitsCreatesAndHardLinks() {
    UpperFsFixture fx = new UpperFsFixture("nr_inodes=4");
    fx.run(
        () -> {
          Dentry a = fx.create(fx.root(), "a", 0644);
          fx.mkdir(fx.root(), "b", 0755);
          assertEquals(1, fx.fs().freeInodes());
          Dentry link = fx.link(a, fx.root(), "x");
          assertEquals(0, fx.fs().freeInodes());
          assertErrno(Errno.ENOSPC, () -> fx.symlink(fx.root(), "c", "a"));
          assertErrno(Errno.ENOSPC, () -> fx.create(fx.root(), "d", 0644));
          assertErrno(Errno.ENOSPC, () -> fx.link(a, fx.root(), "y"));
          Dentry negative = fx.lookup(fx.root(), "d");
          assertTrue(negative.isNegative());
          Dcache.dput(negative);

          fx.unlink(fx.root(), link);
          assertEquals(1, fx.fs().freeInodes());
          // A name the dcache did not know about: the new inode goes back at once.
          Inode dir = fx.root().dInode;
          Dentry stale = Dcache.dAlloc(fx.root(), "a");
          assertErrno(Errno.EEXIST, () -> dir.iOp.mkdir(dir, stale, 0755));
          assertEquals(1, fx.fs().freeInodes());
          assertEquals(3, dir.iNlink);
          Dcache.dput(stale);

          Dentry d = fx.create(fx.root(), "d", 0644);
          assertEquals(0, fx.fs().freeInodes());
          fx.unlink(fx.root(), d);
          Dcache.dput(d);
          assertEquals(1, fx.fs().freeInodes());
        });
  }

  @Test
  void remountChangesLimitsButNotBelowWhatIsInUse() {
    UpperFsFixture fx = new UpperFsFixture("size=64k,nr_inodes=10");
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          fx.write(fx.open(d, Fcntl.O_WRONLY), new byte[3 * 4096], 0);
          int[] flags = {0};
          assertErrno(Errno.EINVAL, () -> fx.sb().sOp.remountFs(fx.sb(), flags, "size=8k"));
          assertErrno(Errno.EINVAL, () -> fx.sb().sOp.remountFs(fx.sb(), flags, "nr_inodes=1"));
          assertErrno(Errno.EINVAL, () -> fx.sb().sOp.remountFs(fx.sb(), flags, "size=0"));
          assertErrno(Errno.EINVAL, () -> fx.sb().sOp.remountFs(fx.sb(), flags, "what=1"));
          assertEquals(16, fx.fs().maxBlocks());
          fx.sb().sOp.remountFs(fx.sb(), flags, "size=12k,nr_inodes=2,mode=0700");
          assertEquals(3, fx.fs().maxBlocks());
          assertEquals(0, fx.fs().freeInodes());
          assertEquals(Stat.S_IFDIR | 01777, fx.root().dInode.iMode);
        });
  }

  @Test
  void remountCannotLimitAnUnlimitedInstance() {
    UpperFsFixture fx = new UpperFsFixture("");
    fx.run(
        () ->
            assertErrno(
                Errno.EINVAL, () -> fx.sb().sOp.remountFs(fx.sb(), new int[] {0}, "size=1m")));
  }

  @Test
  void theInstanceIsFoundFromItsSuperblock() {
    UpperFsFixture fx = new UpperFsFixture("size=1m");
    UpperFs fs = UpperFs.of(fx.sb());
    assertSame(fs.faults(), UpperFs.faults(fx.sb()));
    assertSame(fs, fx.sb().sFsInfo);
    assertThrows(IllegalArgumentException.class, () -> UpperFs.of(otherSuperblock()));
  }

  private static SuperBlock otherSuperblock() {
    Kernel k = new Kernel();
    FileSystemType plain =
        new FileSystemType() {
          @Override
          public String name() {
            return "plain";
          }

          @Override
          public SuperBlock getSb(int flags, String devName, String data) {
            return Super.getSbNodev(
                this,
                flags,
                data,
                (sb, d, silent) -> {
                  Inode root = Inodes.newInode(sb);
                  root.iMode = Stat.S_IFDIR | 0755;
                  sb.sRoot = Dcache.dAllocRoot(root);
                });
          }
        };
    Vfs.of(k).registerFilesystem(plain);
    Vfs.of(k).mountRoot("plain", "none", null);
    return Vfs.of(k).rootMnt().mntSb;
  }
}
