package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.layer.Layer;
import ovlsim.syscall.Dirent;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Open;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Super;
import ovlsim.vfs.Timespec;

/** lower-fs driven at the inode- and file-operation level, as the VFS calls it. */
class LowerFsOpsTest {
  private final LowerFsFixture fx = new LowerFsFixture(sample());

  static Layer sample() {
    return Layer.builder()
        .dir("a", 0755)
        .file("a/foo", 0644, "hello world")
        .symlink("a/l", "../x")
        .fifo("a/p", 0600)
        .chr("a/null", 0666, 1, 3)
        .blk("a/sda", 0660, 8, 0)
        .hardlink("a/bar", "a/foo")
        .dir("a/sub", 0700)
        .dir("b", 0711)
        .owner("a/foo", 1000, 100)
        .times("a/foo", new Timespec(10, 1), new Timespec(20, 2), new Timespec(30, 3))
        .xattr("a/foo", "user.k", "v")
        .xattr("a/foo", "trusted.overlay.opaque", "y")
        .xattr("a", "security.selinux", "ctx")
        .build();
  }

  private static void assertErrno(Errno e, Executable ex) {
    KernelError err = assertThrows(KernelError.class, ex);
    assertEquals(e, err.errno(), err::getMessage);
  }

  @Test
  void superblockIsReadOnlySquashfs() {
    assertTrue((fx.mnt.mntSb.sFlags & Fs.MS_RDONLY) != 0);
    assertTrue(fx.mnt.isReadonly());
    assertSame(fx.image, LowerFsType.image(fx.mnt.mntSb));
  }

  @Test
  void mountWithoutReadOnlyStillComesUpReadOnly() {
    fx.k.attachDevice("/dev/loop1", LowerImage.of(sample()));
    var mnt = fx.call(() -> Super.doKernMount(LowerFsType.NAME, 0, "/dev/loop1", ""));
    assertTrue((mnt.mntSb.sFlags & Fs.MS_RDONLY) != 0);
    assertTrue(mnt.isReadonly());
    // get_sb_bdev(): the device's superblock is now read-only, so only a read-only mount
    // shares it; asking for read-write again is EBUSY, as with squashfs on 2.6.38.
    var again = fx.call(() -> Super.doKernMount(LowerFsType.NAME, Fs.MS_RDONLY, "/dev/loop1", ""));
    assertSame(mnt.mntSb, again.mntSb);
    fx.run(() -> assertErrno(
        Errno.EBUSY, () -> Super.doKernMount(LowerFsType.NAME, 0, "/dev/loop1", "")));
  }

  @Test
  void mountOfSomethingElseIsEinval() {
    fx.k.attachDevice("/dev/sdb", "not an image");
    fx.run(() -> assertErrno(
        Errno.EINVAL, () -> Super.doKernMount(LowerFsType.NAME, Fs.MS_RDONLY, "/dev/sdb", "")));
    fx.run(() -> assertErrno(
        Errno.ENOENT, () -> Super.doKernMount(LowerFsType.NAME, Fs.MS_RDONLY, "/dev/none", "")));
  }

  @Test
  void lookupFillsInodesFromTheImage() {
    fx.run(() -> {
      Inode root = fx.root().dInode;
      assertEquals(1, root.iIno);
      assertEquals(Stat.S_IFDIR | 0755, root.iMode);
      assertEquals(4, root.iNlink);
      Inode foo = fx.walk("a/foo").dInode;
      assertEquals(Stat.S_IFREG | 0644, foo.iMode);
      assertEquals(1000, foo.iUid);
      assertEquals(100, foo.iGid);
      assertEquals(2, foo.iNlink);
      assertEquals(11, foo.iSize);
      assertEquals(new Timespec(10, 1), foo.iAtime);
      assertEquals(new Timespec(20, 2), foo.iMtime);
      assertEquals(new Timespec(30, 3), foo.iCtime);
      assertEquals(Stat.S_IFLNK | 0777, fx.walk("a/l").dInode.iMode);
      assertEquals(4, fx.walk("a/l").dInode.iSize);
      assertEquals(Stat.S_IFIFO | 0600, fx.walk("a/p").dInode.iMode);
      assertEquals(Stat.mkdev(1, 3), fx.walk("a/null").dInode.iRdev);
      assertEquals(Stat.S_IFBLK | 0660, fx.walk("a/sda").dInode.iMode);
      assertEquals(Stat.S_IFDIR | 0700, fx.walk("a/sub").dInode.iMode);
      assertEquals(Layer.DEFAULT_TIME, fx.walk("b").dInode.iMtime);
    });
  }

  @Test
  void missingNamesGiveNegativeHashedDentries() {
    fx.run(() -> {
      Dentry d = fx.walk("a/missing");
      assertTrue(d.isNegative());
      assertTrue(!d.dUnhashed());
      assertSame(d, Dcache.dLookup(fx.walk("a"), "missing"));
    });
  }

  @Test
  void hardLinksAndRepeatedLookupsShareOneInode() {
    fx.run(() -> {
      Inode foo = fx.walk("a/foo").dInode;
      Inode bar = fx.walk("a/bar").dInode;
      assertSame(foo, bar);
      Dentry a = fx.walk("a");
      Dentry d = Dcache.dAlloc(a, "foo");
      a.dInode.iOp.lookup(a.dInode, d, null);
      assertSame(foo, d.dInode);
      assertSame(d, fx.walk("a/foo"));
    });
  }

  @Test
  void overlongNameIsEnametoolong() {
    fx.run(() -> assertErrno(Errno.ENAMETOOLONG, () -> fx.walk("a/" + "x".repeat(257))));
  }

  @Test
  void readCopiesContentAndStopsAtTheEnd() {
    fx.run(() -> {
      File f = fx.open(fx.walk("a/foo"), Fcntl.O_RDONLY);
      byte[] buf = new byte[64];
      Loff pos = new Loff(0);
      assertEquals(5, f.fOp.read(f, buf, 5, pos));
      assertEquals("hello", new String(buf, 0, 5, StandardCharsets.UTF_8));
      assertEquals(5, pos.value);
      assertEquals(6, f.fOp.read(f, buf, 64, pos));
      assertEquals(" world", new String(buf, 0, 6, StandardCharsets.UTF_8));
      assertEquals(0, f.fOp.read(f, buf, 64, pos));
      assertEquals(0, f.fOp.read(f, buf, 64, new Loff(1000)));
      Open.fput(f);
    });
  }

  @Test
  void readOfADirectoryIsEisdirAndWriteIsErofs() {
    fx.run(() -> {
      File d = fx.open(fx.walk("a"), Fcntl.O_RDONLY);
      assertErrno(Errno.EISDIR, () -> d.fOp.read(d, new byte[1], 1, new Loff(0)));
      File f = fx.open(fx.walk("a/foo"), Fcntl.O_RDONLY);
      assertErrno(Errno.EROFS, () -> f.fOp.write(f, new byte[1], 1, new Loff(0)));
    });
  }

  @Test
  void readdirListsDotDotDotThenSortedEntriesWithTypes() {
    fx.run(() -> {
      File f = fx.open(fx.walk("a"), Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
      List<Dirent> ents = fx.readdir(f);
      long aIno = fx.walk("a").dInode.iIno;
      long fooIno = fx.walk("a/foo").dInode.iIno;
      assertEquals(
          List.of(
              new Dirent(aIno, 0, Stat.DT_DIR, "."),
              new Dirent(1, 1, Stat.DT_DIR, ".."),
              new Dirent(fooIno, 2, Stat.DT_REG, "bar"),
              new Dirent(fooIno, 3, Stat.DT_REG, "foo"),
              new Dirent(fx.walk("a/l").dInode.iIno, 4, Stat.DT_LNK, "l"),
              new Dirent(fx.walk("a/null").dInode.iIno, 5, Stat.DT_CHR, "null"),
              new Dirent(fx.walk("a/p").dInode.iIno, 6, Stat.DT_FIFO, "p"),
              new Dirent(fx.walk("a/sda").dInode.iIno, 7, Stat.DT_BLK, "sda"),
              new Dirent(fx.walk("a/sub").dInode.iIno, 8, Stat.DT_DIR, "sub")),
          ents);
      assertEquals(9, f.fPos);
      assertEquals(List.of(), fx.readdir(f));
    });
  }

  @Test
  void readdirResumesWhereTheFillerStopped() {
    fx.run(() -> {
      File f = fx.open(fx.root(), Fcntl.O_RDONLY);
      int[] calls = {0};
      f.fOp.readdir(f, (name, off, ino, type) -> ++calls[0] > 3 ? 1 : 0);
      assertEquals(3, f.fPos);
      assertEquals(List.of("b"), fx.readdir(f).stream().map(Dirent::name).toList());
      assertEquals(1, fx.root().dInode.iIno);
    });
  }

  @Test
  void readlinkAndFollowLinkGiveTheTarget() {
    fx.run(() -> {
      Dentry l = fx.walk("a/l");
      byte[] buf = new byte[16];
      assertEquals(4, l.dInode.iOp.readlink(l, buf, 16));
      assertEquals("../x", new String(buf, 0, 4, StandardCharsets.UTF_8));
      assertEquals(2, l.dInode.iOp.readlink(l, buf, 2));
      Nameidata nd = new Nameidata();
      assertNull(l.dInode.iOp.followLink(l, nd));
      assertEquals("../x", nd.getLink());
      Dentry foo = fx.walk("a/foo");
      assertErrno(Errno.EINVAL, () -> foo.dInode.iOp.readlink(foo, buf, 16));
    });
  }

  @Test
  void getxattrReturnsValuesLengthsAndErrors() {
    fx.run(() -> {
      Dentry foo = fx.walk("a/foo");
      var ops = foo.dInode.iOp;
      assertTrue(ops.hasGetxattr());
      byte[] buf = new byte[8];
      assertEquals(1, ops.getxattr(foo, "user.k", null, 0));
      assertEquals(1, ops.getxattr(foo, "user.k", buf, 8));
      assertEquals('v', buf[0]);
      assertEquals(1, ops.getxattr(foo, "trusted.overlay.opaque", buf, 8));
      assertEquals('y', buf[0]);
      assertErrno(Errno.ENODATA, () -> ops.getxattr(foo, "user.none", buf, 8));
      assertErrno(Errno.EOPNOTSUPP, () -> ops.getxattr(foo, "system.posix_acl_access", buf, 8));
      assertErrno(Errno.EINVAL, () -> ops.getxattr(foo, "user.", buf, 8));
      Dentry a = fx.walk("a");
      assertEquals(3, a.dInode.iOp.getxattr(a, "security.selinux", buf, 8));
    });
  }

  @Test
  void getxattrIsErangeWhenTheValueDoesNotFit() {
    fx.run(() -> {
      Dentry a = fx.walk("a");
      assertErrno(Errno.ERANGE, () -> a.dInode.iOp.getxattr(a, "security.selinux", new byte[2], 2));
    });
  }

  @Test
  void listxattrHidesTrustedFromTheUnprivileged() {
    byte[] list = new byte[64];
    fx.run(() -> {
      Dentry foo = fx.walk("a/foo");
      int n = foo.dInode.iOp.listxattr(foo, list, 64);
      assertEquals("trusted.overlay.opaque\0user.k\0", new String(list, 0, n, StandardCharsets.UTF_8));
      assertEquals(n, foo.dInode.iOp.listxattr(foo, null, 0));
      assertErrno(Errno.ERANGE, () -> foo.dInode.iOp.listxattr(foo, new byte[10], 10));
    });
    Dentry foo = fx.call(() -> fx.walk("a/foo"));
    Task user = fx.k.spawn("user", Cred.user(1000, 100));
    user.run(() -> {
      int n = foo.dInode.iOp.listxattr(foo, list, 64);
      assertEquals("user.k\0", new String(list, 0, n, StandardCharsets.UTF_8));
    });
  }

  @Test
  void statfsReportsSquashfs() {
    fx.run(() -> {
      Kstatfs buf = new Kstatfs();
      assertTrue(fx.mnt.mntSb.sOp.hasStatfs());
      fx.mnt.mntSb.sOp.statfs(fx.root(), buf);
      assertEquals(0x73717368L, buf.fType);
      assertEquals(131072, buf.fBsize);
      assertEquals(1, buf.fBlocks);
      assertEquals(0, buf.fBfree);
      assertEquals(0, buf.fBavail);
      assertEquals(fx.image.inodeCount(), buf.fFiles);
      assertEquals(0, buf.fFfree);
      assertEquals(256, buf.fNamelen);
    });
  }

  @Test
  void remountStaysReadOnly() {
    int[] flags = {0};
    fx.mnt.mntSb.sOp.remountFs(fx.mnt.mntSb, flags, "");
    assertEquals(Fs.MS_RDONLY, flags[0]);
  }

  @Test
  void everyMutatingInodeOperationIsErofs() {
    fx.run(() -> {
      Dentry a = fx.walk("a");
      Dentry foo = fx.walk("a/foo");
      Dentry neg = fx.walk("a/new");
      Inode dir = a.dInode;
      var ops = dir.iOp;
      assertErrno(Errno.EROFS, () -> ops.create(dir, neg, 0644, null));
      assertErrno(Errno.EROFS, () -> ops.mkdir(dir, neg, 0755));
      assertErrno(Errno.EROFS, () -> ops.mknod(dir, neg, Stat.S_IFIFO | 0644, 0));
      assertErrno(Errno.EROFS, () -> ops.symlink(dir, neg, "t"));
      assertErrno(Errno.EROFS, () -> ops.link(foo, dir, neg));
      assertErrno(Errno.EROFS, () -> ops.unlink(dir, foo));
      assertErrno(Errno.EROFS, () -> ops.rmdir(fx.root().dInode, a));
      assertErrno(Errno.EROFS, () -> ops.rename(dir, foo, dir, neg));
      for (Dentry d : List.of(a, foo, fx.walk("a/l"), fx.walk("a/p"))) {
        Iattr attr = new Iattr();
        attr.iaValid = Fs.ATTR_MODE;
        attr.iaMode = 0777;
        assertErrno(Errno.EROFS, () -> d.dInode.iOp.setattr(d, attr));
        assertErrno(Errno.EROFS, () -> d.dInode.iOp.setxattr(d, "user.k", new byte[1], 1, 0));
        assertErrno(Errno.EROFS, () -> d.dInode.iOp.removexattr(d, "user.k"));
      }
      assertEquals(Stat.S_IFREG | 0644, foo.dInode.iMode);
      assertTrue(neg.isNegative());
    });
  }

  @Test
  void faultPlanFailsTheNthLookupAndLogsIt() {
    FaultPlan plan = fx.faults();
    plan.failNth("lower.lookup", 2, Errno.EIO);
    fx.run(() -> {
      fx.walk("a");
      assertErrno(Errno.EIO, () -> fx.walk("a/foo"));
      assertEquals(Stat.S_IFREG | 0644, fx.walk("a/foo").dInode.iMode);
    });
    assertEquals(List.of(new FaultPlan.Injection("lower.lookup", 2, Errno.EIO)), plan.log());
    assertEquals(3, plan.calls("lower.lookup"));
  }

  @Test
  void faultPlanCoversEveryReadPath() {
    FaultPlan plan = fx.faults();
    for (String op :
        List.of("lower.read", "lower.readdir", "lower.readlink", "lower.getxattr",
            "lower.listxattr", "lower.open", "lower.follow_link", "lower.getattr")) {
      plan.failNth(op, 1, Errno.EIO);
    }
    fx.run(() -> {
      Dentry foo = fx.walk("a/foo");
      assertErrno(Errno.EIO, () -> fx.open(foo, Fcntl.O_RDONLY));
      File f = fx.open(foo, Fcntl.O_RDONLY);
      assertErrno(Errno.EIO, () -> f.fOp.read(f, new byte[4], 4, new Loff(0)));
      assertEquals(4, f.fOp.read(f, new byte[4], 4, new Loff(0)));
      File d = fx.open(fx.walk("a"), Fcntl.O_RDONLY);
      assertErrno(Errno.EIO, () -> fx.readdir(d));
      assertEquals(9, fx.readdir(d).size());
      Dentry l = fx.walk("a/l");
      assertErrno(Errno.EIO, () -> l.dInode.iOp.readlink(l, new byte[8], 8));
      assertErrno(Errno.EIO, () -> foo.dInode.iOp.getxattr(foo, "user.k", new byte[8], 8));
      assertErrno(Errno.EIO, () -> foo.dInode.iOp.listxattr(foo, new byte[64], 64));
      Nameidata nd = new Nameidata();
      assertErrno(Errno.EIO, () -> l.dInode.iOp.followLink(l, nd));
      assertNull(nd.getLink());
      l.dInode.iOp.followLink(l, nd);
      assertEquals("../x", nd.getLink());
      Kstat st = new Kstat();
      assertErrno(Errno.EIO, () -> foo.dInode.iOp.getattr(fx.mnt, foo, st));
      foo.dInode.iOp.getattr(fx.mnt, foo, st);
      assertEquals(11, st.size);
    });
    assertEquals(
        List.of("lower.open", "lower.read", "lower.readdir", "lower.readlink", "lower.getxattr",
            "lower.listxattr", "lower.follow_link", "lower.getattr"),
        plan.log().stream().map(FaultPlan.Injection::op).toList());
    assertTrue(plan.log().stream().allMatch(i -> i.call() == 1 && i.errno() == Errno.EIO));
  }

  @Test
  void faultPlansArePerInstance() {
    LowerFsFixture other = new LowerFsFixture(sample());
    fx.faults().failFrom("lower.lookup", 1, Errno.ENOMEM);
    other.run(() -> assertEquals(Stat.S_IFDIR | 0755, other.walk("a").dInode.iMode));
    fx.run(() -> assertErrno(Errno.ENOMEM, () -> fx.walk("b")));
    assertEquals(List.of(), other.faults().log());
  }
}
