package ovlsim.ramfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.lstat;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.FilesystemModule;
import ovlsim.vfs.Stat;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SysFixture;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/** ramfs itself: its mount option, its page cache, its pinned dentries, its umount. */
class RamfsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys();

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  private VfsMount mountAt(String dir, String options) {
    ok(sys.mkdir(dir, 0755));
    ok(sys.mount("none", dir, RamfsFsType.NAME, 0, options));
    List<VfsMount> mounts = Vfs.of(f.kernel()).mounts();
    return mounts.get(mounts.size() - 1);
  }

  @Test
  void theModuleRegistersRamfs() {
    assertTrue(
        FilesystemModule.load().stream().anyMatch(m -> m instanceof RamfsModule),
        "META-INF/services lists ovlsim.ramfs.RamfsModule");
  }

  @Test
  void modeIsTheOnlyOptionAndTheRestIsIgnored() {
    mountAt("/a", "");
    assertEquals(Stat.S_IFDIR | 0755, stat(sys, "/a").stMode, "RAMFS_DEFAULT_MODE");
    assertEquals(0, stat(sys, "/a").stUid, "owned by the mounter");
    mountAt("/b", "mode=1777,size=1k,bogus");
    assertEquals(Stat.S_IFDIR | 01777, stat(sys, "/b").stMode);
    mountAt("/c", "mode=8,mode=");
    assertEquals(Stat.S_IFDIR | 0755, stat(sys, "/c").stMode, "not octal: no match, ignored");
    mountAt("/d", "mode=0700,mode=0711");
    assertEquals(Stat.S_IFDIR | 0711, stat(sys, "/d").stMode, "the last one counts");
    ok(sys.mkdir("/e", 0755));
    err(Errno.EINVAL, sys.mount("none", "/e", RamfsFsType.NAME, 0, "mode=20000000000"));
  }

  @Test
  void statfsIsSimpleStatfs() {
    mountAt("/m", "");
    StatfsBuf b = new StatfsBuf();
    writeFile(sys, "/m/f", "x".repeat(100_000));
    ok(sys.statfs("/m/f", b));
    assertEquals(Ramfs.RAMFS_MAGIC, b.fType);
    assertEquals(4096, b.fBsize);
    assertEquals(255, b.fNamelen);
    assertEquals(0, b.fBlocks);
    assertEquals(0, b.fBfree);
    assertEquals(0, b.fFiles);
  }

  @Test
  void aFileIsItsPageCache() {
    writeFile(sys, "/f", "x".repeat(10_000));
    StatBuf st = stat(sys, "/f");
    assertEquals(10_000, st.stSize);
    assertEquals(3 * 8, st.stBlocks, "three pages, as simple_getattr() counts them");
    ok(sys.truncate("/f", 5000));
    assertEquals(2 * 8, stat(sys, "/f").stBlocks, "truncate_pagecache() dropped the third");
    ok(sys.truncate("/f", 20_000));
    assertEquals(2 * 8, stat(sys, "/f").stBlocks, "growing allocates nothing");
    String content = readFile(sys, "/f");
    assertEquals("x".repeat(5000) + "\0".repeat(15_000), content, "the hole reads as zeros");
    assertEquals(5 * 8, stat(sys, "/f").stBlocks, "simple_readpage() brought in zeroed pages");
  }

  @Test
  void writesPastTheEndAndAppends() {
    int fd = (int) ok(sys.open("/f", Fcntl.O_CREAT | Fcntl.O_RDWR, 0644));
    assertEquals(2, sys.pwrite(fd, bytes("yz"), 2, 8190));
    assertEquals(8192, stat(sys, "/f").stSize);
    assertEquals(8, stat(sys, "/f").stBlocks, "only the page written");
    ok(sys.close(fd));
    fd = (int) ok(sys.open("/f", Fcntl.O_WRONLY | Fcntl.O_APPEND));
    assertEquals(1, sys.write(fd, bytes("!"), 1));
    ok(sys.close(fd));
    String content = readFile(sys, "/f");
    assertEquals(8193, content.length());
    assertEquals("yz!", content.substring(8190));
  }

  @Test
  void symlinksAndSpecialFiles() {
    ok(sys.symlink("some/where", "/s"));
    StatBuf l = lstat(sys, "/s");
    assertEquals(Stat.S_IFLNK | 0777, l.stMode);
    assertEquals(10, l.stSize, "page_symlink(): the body without its NUL");
    assertEquals(0, l.stBlocks, "generic_fillattr(): ramfs never sets i_blocks");
    byte[] buf = new byte[16];
    assertEquals(10, sys.readlink("/s", buf, 16));
    ok(sys.mkfifo("/p", 0600));
    ok(sys.mknod("/c", Stat.S_IFCHR | 0600, Stat.mkdev(1, 3)));
    assertEquals(Stat.mkdev(1, 3), lstat(sys, "/c").stRdev);
    err(Errno.ENXIO, sys.open("/c", Fcntl.O_RDONLY), "init_special_inode(): no driver");
  }

  @Test
  void theDcacheIsTheDirectory() {
    Dentry root = Vfs.of(f.kernel()).rootMnt().mntRoot;
    writeFile(sys, "/f", "x");
    Dentry d = Dcache.dLookup(root, "f");
    assertEquals(2, d.dCount.get(), "our reference and ramfs_mknod()'s pin");
    Dcache.dput(d);
    err(Errno.ENOENT, sys.stat("/missing", new StatBuf()));
    assertNull(Dcache.dLookup(root, "missing"), "simple_delete_dentry(): no negative dentry kept");
    ok(sys.unlink("/f"));
    assertNull(Dcache.dLookup(root, "f"), "unlinked: the pin went and so did the dentry");
  }

  @Test
  void umountFreesTheWholeTree() {
    VfsMount m = mountAt("/m", "");
    SuperBlock sb = m.mntSb;
    Dentry root = m.mntRoot;
    ok(sys.mkdir("/m/a", 0755));
    ok(sys.mkdir("/m/a/b", 0755));
    writeFile(sys, "/m/a/b/f", "data");
    ok(sys.symlink("a/b/f", "/m/s"));
    ok(sys.umount("/m"));
    assertNull(sb.sRoot, "generic_shutdown_super() ran");
    assertTrue(root.dSubdirs.listEmpty(), "kill_litter_super(): every pinned entry freed");
    assertNull(root.dInode);
    assertEquals(0, root.dCount.get());
  }
}
