package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.fs.UpperFsFixture.assertErrno;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/** The directory inode operations of upper-fs, driven as the VFS drives them. */
class UpperDirInodeOpsTest {
  private final UpperFsFixture fx = new UpperFsFixture("size=1m");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  @Test
  void rootIsAStickyWorldWritableDirectoryOwnedByTheMounter() {
    fx.run(
        () -> {
          Inode root = fx.root().dInode;
          assertEquals(Stat.S_IFDIR | 01777, root.iMode);
          assertEquals(2, root.iNlink);
          assertEquals(0, root.iUid);
          assertEquals(40, root.iSize);
        });
  }

  @Test
  void lookupOfAMissingNameGivesAHashedNegativeDentry() {
    fx.run(
        () -> {
          Dentry d = UpperFsFixture.realLookup(fx.root(), "nothing");
          assertTrue(d.isNegative());
          assertTrue(!d.dUnhashed());
        });
  }

  @Test
  void lookupFindsWhatCreateMadeWithAReferenceOfItsOwn() {
    fx.run(
        () -> {
          Dentry made = fx.create(fx.root(), "f", 0644);
          Inode inode = made.dInode;
          int before = inode.iCount.get();
          Dentry found = UpperFsFixture.realLookup(fx.root(), "f");
          assertSame(inode, found.dInode);
          assertEquals(before + 1, inode.iCount.get());
        });
  }

  @Test
  void lookupRejectsNamesLongerThan255Bytes() {
    fx.run(
        () -> {
          assertErrno(Errno.ENAMETOOLONG, () -> fx.lookup(fx.root(), "a".repeat(256)));
          // 128 two-byte characters are 256 bytes in UTF-8.
          assertErrno(Errno.ENAMETOOLONG, () -> fx.lookup(fx.root(), "é".repeat(128)));
          assertTrue(fx.lookup(fx.root(), "a".repeat(255)).isNegative());
        });
  }

  @Test
  void createMakesARegularFileAndTouchesTheParent() {
    fx.run(
        () -> {
          Inode root = fx.root().dInode;
          Timespec old = new Timespec(1, 0);
          root.iMtime = old;
          root.iCtime = old;
          Dentry d = fx.create(fx.root(), "f", 0640);
          Inode inode = d.dInode;
          assertEquals(Stat.S_IFREG | 0640, inode.iMode);
          assertEquals(1, inode.iNlink);
          assertEquals(0, inode.iSize);
          assertEquals(inode.iMtime, inode.iCtime);
          assertEquals(inode.iMtime, inode.iAtime);
          assertTrue(root.iMtime.compareTo(old) > 0);
          assertTrue(root.iCtime.compareTo(old) > 0);
          assertEquals(60, root.iSize);
          assertTrue(inode.iIno != root.iIno);
        });
  }

  @Test
  void mkdirCountsLinksAndRmdirGivesThemBack() {
    fx.run(
        () -> {
          Inode root = fx.root().dInode;
          Dentry a = fx.mkdir(fx.root(), "a", 0755);
          assertEquals(Stat.S_IFDIR | 0755, a.dInode.iMode);
          assertEquals(2, a.dInode.iNlink);
          assertEquals(3, root.iNlink);
          Dentry b = fx.mkdir(a, "b", 0700);
          assertEquals(3, a.dInode.iNlink);
          fx.create(b, "x", 0644);

          assertErrno(Errno.ENOTEMPTY, () -> fx.rmdir(a, b));
          assertEquals(3, a.dInode.iNlink);

          Inode bInode = b.dInode;
          fx.unlink(b, fx.lookup(b, "x"));
          fx.rmdir(a, b);
          assertEquals(0, bInode.iNlink);
          assertEquals(2, a.dInode.iNlink);
          assertTrue(fx.lookup(a, "b").isNegative());
        });
  }

  @Test
  void mkdirInASetgidDirectoryInheritsGroupAndBit() {
    fx.run(
        () -> {
          Dentry a = fx.mkdir(fx.root(), "a", 02775);
          a.dInode.iGid = 77;
          Dentry b = fx.mkdir(a, "b", 0755);
          assertEquals(77, b.dInode.iGid);
          assertEquals(Stat.S_IFDIR | 02755, b.dInode.iMode);
        });
  }

  @Test
  void mknodMakesEveryKindOfSpecialFile() {
    fx.run(
        () -> {
          int dev = Stat.mkdev(8, 1);
          assertEquals(
              Stat.S_IFIFO | 0600, fx.mknod(fx.root(), "fifo", Stat.S_IFIFO | 0600, 0).dInode.iMode);
          assertEquals(
              Stat.S_IFSOCK | 0600,
              fx.mknod(fx.root(), "sock", Stat.S_IFSOCK | 0600, 0).dInode.iMode);
          Inode chr = fx.mknod(fx.root(), "chr", Stat.S_IFCHR | 0600, dev).dInode;
          assertEquals(Stat.S_IFCHR | 0600, chr.iMode);
          assertEquals(dev, chr.iRdev);
          Inode blk = fx.mknod(fx.root(), "blk", Stat.S_IFBLK | 0600, dev).dInode;
          assertEquals(Stat.S_IFBLK | 0600, blk.iMode);
          assertEquals(dev, blk.iRdev);
          assertSame(blk, fx.lookup(fx.root(), "blk").dInode);
        });
  }

  @Test
  void symlinkKeepsItsBodyForReadlinkAndFollowLink() {
    fx.run(
        () -> {
          Dentry s = fx.symlink(fx.root(), "s", "../a/b");
          Inode inode = s.dInode;
          assertEquals(Stat.S_IFLNK | 0777, inode.iMode);
          assertEquals(6, inode.iSize);
          byte[] buf = new byte[64];
          assertEquals(6, inode.iOp.readlink(s, buf, buf.length));
          assertEquals("../a/b", new String(buf, 0, 6, StandardCharsets.US_ASCII));
          assertEquals(3, inode.iOp.readlink(s, buf, 3));
          assertEquals("../", new String(buf, 0, 3, StandardCharsets.US_ASCII));
          Nameidata nd = new Nameidata();
          assertNull(inode.iOp.followLink(s, nd));
          assertEquals("../a/b", nd.getLink());
        });
  }

  @Test
  void aLongSymlinkTakesAPageAndATooLongOneIsRefused() {
    fx.run(
        () -> {
          long used = fx.fs().usedBlocks();
          fx.symlink(fx.root(), "short", "x".repeat(100));
          assertEquals(used, fx.fs().usedBlocks());
          Dentry longer = fx.symlink(fx.root(), "long", "x".repeat(1000));
          assertEquals(used + 1, fx.fs().usedBlocks());
          assertEquals(8, longer.dInode.iBlocks);
          assertErrno(Errno.ENAMETOOLONG, () -> fx.symlink(fx.root(), "huge", "x".repeat(4096)));
          assertNotNull(fx.symlink(fx.root(), "max", "x".repeat(4095)).dInode);
        });
  }

  @Test
  void linkAddsANameForTheSameInode() {
    fx.run(
        () -> {
          Dentry f = fx.create(fx.root(), "f", 0644);
          Dentry dir = fx.mkdir(fx.root(), "d", 0755);
          Dentry g = fx.link(f, dir, "g");
          assertSame(f.dInode, g.dInode);
          assertEquals(2, f.dInode.iNlink);
          assertSame(f.dInode, fx.lookup(dir, "g").dInode);

          Inode inode = f.dInode;
          fx.unlink(fx.root(), f);
          assertEquals(1, inode.iNlink);
          assertTrue(fx.lookup(fx.root(), "f").isNegative());
          assertSame(inode, fx.lookup(dir, "g").dInode);
        });
  }

  @Test
  void unlinkRemovesTheNameAndTouchesTheParent() {
    fx.run(
        () -> {
          Inode root = fx.root().dInode;
          Dentry f = fx.create(fx.root(), "f", 0644);
          Inode inode = f.dInode;
          fx.unlink(fx.root(), f);
          assertEquals(0, inode.iNlink);
          assertEquals(40, root.iSize);
          assertTrue(f.isNegative());
          assertTrue(fx.lookup(fx.root(), "f").isNegative());
        });
  }

  @Test
  void renameMovesAFileToAnotherDirectory() {
    fx.run(
        () -> {
          Dentry a = fx.mkdir(fx.root(), "a", 0755);
          Dentry b = fx.mkdir(fx.root(), "b", 0755);
          Dentry f = fx.create(a, "f", 0644);
          Inode inode = f.dInode;
          Dentry target = fx.lookup(b, "g");
          fx.rename(a, f, b, target);
          assertTrue(fx.lookup(a, "f").isNegative());
          assertSame(inode, fx.lookup(b, "g").dInode);
          assertEquals(1, inode.iNlink);
          assertEquals(40, a.dInode.iSize);
          assertEquals(60, b.dInode.iSize);
          assertSame(b, f.dParent);
          assertEquals("g", f.dName);
        });
  }

  @Test
  void renameOverAFileReplacesItAndFreesTheOldOne() {
    fx.run(
        () -> {
          Dentry f = fx.create(fx.root(), "f", 0644);
          Dentry g = fx.create(fx.root(), "g", 0600);
          Inode moved = f.dInode;
          Inode replaced = g.dInode;
          fx.rename(fx.root(), f, fx.root(), g);
          assertSame(moved, fx.lookup(fx.root(), "g").dInode);
          assertTrue(fx.lookup(fx.root(), "f").isNegative());
          assertEquals(0, replaced.iNlink);
          assertEquals(1, moved.iNlink);
          assertEquals(60, fx.root().dInode.iSize);
        });
  }

  @Test
  void renameOfADirectoryMovesItsParentLink() {
    fx.run(
        () -> {
          Dentry a = fx.mkdir(fx.root(), "a", 0755);
          Dentry b = fx.mkdir(fx.root(), "b", 0755);
          Dentry sub = fx.mkdir(a, "sub", 0755);
          assertEquals(3, a.dInode.iNlink);
          fx.rename(a, sub, b, fx.lookup(b, "sub"));
          assertEquals(2, a.dInode.iNlink);
          assertEquals(3, b.dInode.iNlink);
          assertEquals(2, sub.dInode.iNlink);
        });
  }

  @Test
  void renameOverAnEmptyDirectoryReplacesItAndOverAFullOneFails() {
    fx.run(
        () -> {
          Dentry a = fx.mkdir(fx.root(), "a", 0755);
          Dentry b = fx.mkdir(fx.root(), "b", 0755);
          Dentry full = fx.mkdir(fx.root(), "full", 0755);
          fx.create(full, "x", 0644);
          Inode root = fx.root().dInode;
          assertEquals(5, root.iNlink);

          assertErrno(Errno.ENOTEMPTY, () -> fx.rename(fx.root(), a, fx.root(), full));
          assertSame(a.dInode, fx.lookup(fx.root(), "a").dInode);

          Inode replaced = b.dInode;
          Inode moved = a.dInode;
          fx.rename(fx.root(), a, fx.root(), b);
          assertEquals(0, replaced.iNlink);
          assertEquals(4, root.iNlink);
          assertEquals(2, moved.iNlink);
          assertSame(moved, fx.lookup(fx.root(), "b").dInode);
        });
  }

  @Test
  void inodeNumbersAreUnique() {
    fx.run(
        () -> {
          long a = fx.create(fx.root(), "a", 0644).dInode.iIno;
          long b = fx.mkdir(fx.root(), "b", 0755).dInode.iIno;
          long c = fx.symlink(fx.root(), "c", "a").dInode.iIno;
          assertTrue(a != b && b != c && a != c);
          assertEquals(a, fx.lookup(fx.root(), "a").dInode.iIno);
        });
  }

  @Test
  void anEntryTheDentryDidNotKnowAboutIsEexistAndLeavesNothingBehind() {
    fx.run(
        () -> {
          Inode dir = fx.root().dInode;
          fx.create(fx.root(), "f", 0644);
          long used = fx.fs().usedBlocks();
          Dentry stale = Dcache.dAlloc(fx.root(), "f");
          assertErrno(Errno.EEXIST, () -> dir.iOp.create(dir, stale, 0644, null));
          assertErrno(Errno.EEXIST, () -> dir.iOp.symlink(dir, stale, "x".repeat(1000)));
          assertErrno(Errno.EEXIST, () -> dir.iOp.mkdir(dir, stale, 0755));
          assertEquals(2, dir.iNlink);
          assertTrue(stale.isNegative());
          assertEquals(60, dir.iSize);
          assertEquals(used, fx.fs().usedBlocks());
          Dcache.dput(stale);
        });
  }
}
