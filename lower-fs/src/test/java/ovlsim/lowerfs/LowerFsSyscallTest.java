package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.sched.SchedTrace;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerApplyException;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/** lower-fs mounted at /lower of an upper-fs root, driven through the syscall API. */
class LowerFsSyscallTest {
  private final Kernel k = new Kernel();
  private final ModelSys sys = ModelSys.of(k.init());

  private static final int MS_RDONLY = Fs.MS_RDONLY;

  private void boot(LowerImage image) {
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).registerFilesystem(new LowerFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    assertEquals(0, sys.mkdir("/lower", 0755));
    k.attachDevice("/dev/loop0", image);
    assertEquals(0, sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, MS_RDONLY, ""));
  }

  private void boot() {
    boot(LowerImage.of(LowerFsOpsTest.sample()));
  }

  private VfsMount lowerMount() {
    return Vfs.of(k).mounts().stream()
        .filter(m -> m.mntSb.sType().name().equals(LowerFsType.NAME))
        .findFirst()
        .orElseThrow();
  }

  private static void assertErrno(Errno e, long result, String what) {
    assertEquals(-e.number(), result, what);
  }

  private static StatBuf stat(ModelSys sys, String path) {
    StatBuf st = new StatBuf();
    assertEquals(0, sys.stat(path, st), "stat " + path);
    return st;
  }

  @Test
  void statReturnsWhatTheImageHolds() {
    boot();
    StatBuf foo = stat(sys, "/lower/a/foo");
    assertEquals(Stat.S_IFREG | 0644, foo.stMode);
    assertEquals(2, foo.stNlink);
    assertEquals(1000, foo.stUid);
    assertEquals(100, foo.stGid);
    assertEquals(11, foo.stSize);
    assertEquals(new Timespec(20, 2), foo.stMtime);
    assertEquals(new Timespec(30, 3), foo.stCtime);
    assertEquals(foo.stIno, stat(sys, "/lower/a/bar").stIno);
    StatBuf l = TreeSnapshot.lstat(sys, "/lower/a/l");
    assertEquals(Stat.S_IFLNK | 0777, l.stMode);
    assertEquals(4, l.stSize);
    assertEquals(Stat.S_IFCHR | 0666, stat(sys, "/lower/a/null").stMode);
    assertEquals(Stat.mkdev(1, 3), stat(sys, "/lower/a/null").stRdev);
    assertEquals(Stat.S_IFBLK | 0660, stat(sys, "/lower/a/sda").stMode);
    assertEquals(Stat.S_IFIFO | 0600, stat(sys, "/lower/a/p").stMode);
    StatBuf root = stat(sys, "/lower");
    assertEquals(Stat.S_IFDIR | 0755, root.stMode);
    assertEquals(1, root.stIno);
    assertEquals(4, root.stNlink);
    assertErrno(Errno.ENOENT, sys.stat("/lower/a/missing", new StatBuf()), "stat missing");
    assertErrno(Errno.ENOTDIR, sys.stat("/lower/a/foo/x", new StatBuf()), "stat through a file");
  }

  @Test
  void readsAndSeeksContent() {
    boot();
    assertEquals("hello world", TreeSnapshot.content(sys, "/lower/a/foo"));
    int fd = sys.open("/lower/a/bar", Fcntl.O_RDONLY);
    assertTrue(fd >= 0);
    byte[] buf = new byte[16];
    assertEquals(5, sys.pread(fd, buf, 5, 6));
    assertEquals("world", new String(buf, 0, 5, StandardCharsets.UTF_8));
    assertEquals(6, sys.lseek(fd, 6, Fcntl.SEEK_SET));
    assertEquals(5, sys.read(fd, buf, 16));
    assertEquals(0, sys.read(fd, buf, 16));
    assertEquals(11, sys.lseek(fd, 0, Fcntl.SEEK_END));
    assertEquals(0, sys.close(fd));
  }

  @Test
  void readdirGivesEntriesWithTypes() {
    boot();
    List<Dirent> ents = TreeSnapshot.readdir(sys, "/lower/a");
    List<String> got = new ArrayList<>();
    for (Dirent d : ents) {
      got.add(d.name() + ":" + d.type());
    }
    assertEquals(
        List.of(".:4", "..:4", "bar:8", "foo:8", "l:10", "null:2", "p:1", "sda:6", "sub:4"), got);
    assertEquals(stat(sys, "/lower/a/foo").stIno, ents.get(3).ino());
  }

  @Test
  void readlinkGivesTheTarget() {
    boot();
    assertEquals("../x", TreeSnapshot.readlink(sys, "/lower/a/l"));
    assertErrno(Errno.EINVAL, sys.readlink("/lower/a/foo", new byte[8], 8), "readlink of a file");
  }

  @Test
  void xattrsIncludingTrusted() {
    boot();
    assertEquals(
        List.of("trusted.overlay.opaque=y", "user.k=v"), TreeSnapshot.xattrs(sys, "/lower/a/foo"));
    assertEquals(List.of("security.selinux=ctx"), TreeSnapshot.xattrs(sys, "/lower/a"));
    byte[] v = new byte[8];
    assertErrno(Errno.ENODATA, sys.getxattr("/lower/a/foo", "user.none", v, 8), "absent");
    assertErrno(Errno.ERANGE, sys.getxattr("/lower/a", "security.selinux", v, 2), "small");
    ModelSys user = ModelSys.of(k.spawn("user", Cred.user(1000, 100)));
    byte[] list = new byte[64];
    long n = user.listxattr("/lower/a/foo", list, 64);
    assertEquals("user.k\0", new String(list, 0, (int) n, StandardCharsets.UTF_8));
    // trusted.* without CAP_SYS_ADMIN: the VFS's xattr_permission() refuses (its errno is the
    // VFS's business, tested there) before lower-fs is asked, so nothing is read from the image.
    FaultPlan plan = LowerFsType.faults(lowerMount());
    long asked = plan.calls("lower.getxattr");
    v[0] = 0;
    assertTrue(user.getxattr("/lower/a/foo", "trusted.overlay.opaque", v, 8) < 0, "trusted");
    assertEquals(0, v[0]);
    assertEquals(asked, plan.calls("lower.getxattr"));
    assertEquals(1, user.getxattr("/lower/a/foo", "user.k", v, 8));
    assertEquals(asked + 1, plan.calls("lower.getxattr"));
  }

  /**
   * Lookups of cached names and every read path take no i_mutex (lower-fs takes none; the VFS
   * none on these paths); readdir takes only the directory's, which {@code vfs_readdir()}
   * takes. Seen at the schedule points every mutex acquire passes.
   */
  @Test
  void readPathsTakeNoMutex() {
    boot();
    Map<String, String> warm = TreeSnapshot.of(sys, "/lower");
    SchedTrace trace = new SchedTrace();
    k.setSchedHook(trace);
    byte[] buf = new byte[64];
    assertEquals(0, sys.stat("/lower/a/foo", new StatBuf()));
    assertEquals(0, sys.lstat("/lower/a/l", new StatBuf()));
    assertEquals("hello world", TreeSnapshot.content(sys, "/lower/a/bar"));
    assertEquals("../x", TreeSnapshot.readlink(sys, "/lower/a/l"));
    assertEquals(1, sys.getxattr("/lower/a/foo", "user.k", buf, 64));
    assertTrue(sys.listxattr("/lower/a/foo", buf, 64) > 0);
    assertEquals(0, sys.statfs("/lower/a", new StatfsBuf()));
    assertEquals(List.of(), trace.events(), "no schedule point at all: no mutex taken");
    TreeSnapshot.readdir(sys, "/lower/a");
    List<String> points = trace.points("init");
    assertTrue(!points.isEmpty());
    for (String point : points) {
      // squashfs_iget() ends in unlock_new_inode(): directories have the i_mutex_dir_key class.
      assertTrue(point.matches("mutex_(un)?lock:&type->i_mutex_dir_key#lowerfs/0"), point);
    }
    assertEquals(warm, TreeSnapshot.of(sys, "/lower"));
  }

  @Test
  void statfsReportsTheImage() {
    boot();
    StatfsBuf st = new StatfsBuf();
    assertEquals(0, sys.statfs("/lower/a", st));
    assertEquals(0x73717368L, st.fType);
    assertEquals(131072, st.fBsize);
    assertEquals(1, st.fBlocks);
    assertEquals(0, st.fBfree);
    assertEquals(0, st.fBavail);
    assertEquals(256, st.fNamelen);
  }

  @Test
  void everyMutatingSyscallIsErofsAndChangesNothing() {
    boot();
    Map<String, String> before = TreeSnapshot.of(sys, "/lower");
    int ro = sys.open("/lower/a/foo", Fcntl.O_RDONLY);
    assertTrue(ro >= 0);
    byte[] one = {'x'};
    Map<String, LongSupplier> calls = new LinkedHashMap<>();
    calls.put("mkdir", () -> sys.mkdir("/lower/a/new", 0755));
    calls.put("rmdir", () -> sys.rmdir("/lower/a/sub"));
    calls.put("unlink", () -> sys.unlink("/lower/a/foo"));
    calls.put("rename", () -> sys.rename("/lower/a/foo", "/lower/a/baz"));
    calls.put("rename dir", () -> sys.rename("/lower/a/sub", "/lower/b/sub"));
    calls.put("link", () -> sys.link("/lower/a/foo", "/lower/a/baz"));
    calls.put("symlink", () -> sys.symlink("foo", "/lower/a/baz"));
    calls.put("mknod", () -> sys.mknod("/lower/a/baz", Stat.S_IFCHR | 0600, Stat.mkdev(1, 3)));
    calls.put("mkfifo", () -> sys.mkfifo("/lower/a/baz", 0600));
    calls.put("create", () -> sys.open("/lower/a/baz", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644));
    calls.put("open O_WRONLY", () -> sys.open("/lower/a/foo", Fcntl.O_WRONLY));
    calls.put("open O_RDWR", () -> sys.open("/lower/a/foo", Fcntl.O_RDWR));
    calls.put("open O_TRUNC", () -> sys.open("/lower/a/foo", Fcntl.O_RDONLY | Fcntl.O_TRUNC));
    calls.put("truncate", () -> sys.truncate("/lower/a/foo", 0));
    calls.put("chmod", () -> sys.chmod("/lower/a/foo", 0777));
    calls.put("chmod dir", () -> sys.chmod("/lower/a", 0777));
    calls.put("fchmod", () -> sys.fchmod(ro, 0777));
    calls.put("chown", () -> sys.chown("/lower/a/foo", 0, 0));
    calls.put("lchown", () -> sys.lchown("/lower/a/l", 1, 1));
    calls.put("fchown", () -> sys.fchown(ro, 0, 0));
    calls.put("utimes", () -> sys.utimes("/lower/a/foo", null, null));
    calls.put("setxattr", () -> sys.setxattr("/lower/a/foo", "user.k", one, 1, 0));
    calls.put("lsetxattr", () -> sys.lsetxattr("/lower/a/l", "trusted.t", one, 1, 0));
    calls.put("removexattr", () -> sys.removexattr("/lower/a/foo", "user.k"));
    calls.put("lremovexattr", () -> sys.lremovexattr("/lower/a/foo", "user.k"));
    for (Map.Entry<String, LongSupplier> c : calls.entrySet()) {
      assertErrno(Errno.EROFS, c.getValue().getAsLong(), c.getKey());
    }
    // Not EROFS, as on 2.6.38: lookup_create() finds the name before mnt_want_write() is asked.
    assertErrno(Errno.EEXIST, sys.mkdir("/lower/a/sub", 0755), "mkdir of an existing name");
    assertErrno(Errno.EEXIST, sys.symlink("x", "/lower/a/foo"), "symlink onto an existing name");
    assertErrno(Errno.EEXIST, sys.mknod("/lower/a/p", Stat.S_IFIFO | 0600, 0), "mknod existing");
    assertErrno(
        Errno.EEXIST,
        sys.open("/lower/a/foo", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644),
        "O_EXCL create of an existing name");
    // Not EROFS, as on Linux: the fd is not open for writing.
    assertErrno(Errno.EBADF, sys.write(ro, one, 1), "write to an O_RDONLY fd");
    assertErrno(Errno.EINVAL, sys.ftruncate(ro, 0), "ftruncate of an O_RDONLY fd");
    assertEquals(0, sys.close(ro));
    assertEquals(before, TreeSnapshot.of(sys, "/lower"));
  }

  @Test
  void mountWithoutReadOnlyAndRemountStayReadOnly() {
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).registerFilesystem(new LowerFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    assertEquals(0, sys.mkdir("/lower", 0755));
    k.attachDevice("/dev/loop0", LowerImage.of(LowerFsOpsTest.sample()));
    assertEquals(0, sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, 0, ""));
    assertErrno(Errno.EROFS, sys.mkdir("/lower/x", 0755), "mkdir after a rw mount");
    assertEquals(0, sys.mount("none", "/lower", LowerFsType.NAME, Fs.MS_REMOUNT, ""));
    assertErrno(Errno.EROFS, sys.mkdir("/lower/x", 0755), "mkdir after a rw remount");
  }

  @Test
  void faultPlanFiresOnTheSyscallPathAndLogs() {
    boot();
    FaultPlan plan = LowerFsType.faults(lowerMount());
    plan.failNth("lower.read", 2, Errno.EIO);
    plan.failNth("lower.getattr", 1, Errno.ENOMEM);
    int fd = sys.open("/lower/a/foo", Fcntl.O_RDONLY);
    byte[] buf = new byte[4];
    assertEquals(4, sys.read(fd, buf, 4));
    assertErrno(Errno.EIO, sys.read(fd, buf, 4), "second read");
    assertEquals(4, sys.read(fd, buf, 4));
    sys.close(fd);
    assertErrno(Errno.ENOMEM, sys.stat("/lower/a/foo", new StatBuf()), "first getattr");
    assertEquals(0, sys.stat("/lower/a/foo", new StatBuf()));
    assertEquals(
        List.of(
            new FaultPlan.Injection("lower.read", 2, Errno.EIO),
            new FaultPlan.Injection("lower.getattr", 1, Errno.ENOMEM)),
        plan.log());
    assertThrows(IllegalArgumentException.class, () -> LowerFsType.faults(Vfs.of(k).rootMnt()));
  }

  @Test
  void seededProbabilityFaultsRepeatExactly() {
    List<Long> first = probabilityRun();
    List<Long> second = probabilityRun();
    assertEquals(first, second);
    assertTrue(first.contains((long) -Errno.EIO.number()) && first.contains(0L), first::toString);
  }

  private List<Long> probabilityRun() {
    LowerFsSyscallTest t = new LowerFsSyscallTest();
    t.boot();
    LowerFsType.faults(t.lowerMount()).failWithProbability("lower.getattr", 0.5, 42, Errno.EIO);
    List<Long> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add((long) t.sys.stat("/lower/a/foo", new StatBuf()));
    }
    return results;
  }

  @Test
  void hostImportRoundTripsThroughAMount(@TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path root = Files.createDirectory(tmp.resolve("tree"));
    java.nio.file.Path d = Files.createDirectory(root.resolve("d"));
    Files.writeString(d.resolve("f"), "file content");
    Files.write(root.resolve("bin"), new byte[] {0, (byte) 0x80, 7});
    Files.createSymbolicLink(d.resolve("s"), java.nio.file.Path.of("f"));
    Files.createDirectory(d.resolve("private"));
    Files.setPosixFilePermissions(d.resolve("private"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(d.resolve("f"), PosixFilePermissions.fromString("rw-r-----"));
    boot(LowerImage.importFrom(root));
    List<String> names = new ArrayList<>();
    for (Dirent e : TreeSnapshot.readdir(sys, "/lower/d")) {
      names.add(e.name() + ":" + e.type());
    }
    assertEquals(List.of(".:4", "..:4", "f:8", "private:4", "s:10"), names);
    assertEquals(Stat.S_IFREG | 0640, stat(sys, "/lower/d/f").stMode);
    assertEquals(Stat.S_IFDIR | 0700, stat(sys, "/lower/d/private").stMode);
    assertEquals("file content", TreeSnapshot.content(sys, "/lower/d/f"));
    assertEquals("file content", TreeSnapshot.content(sys, "/lower/d/s"));
    assertEquals("f", TreeSnapshot.readlink(sys, "/lower/d/s"));
    assertArrayEquals(
        new byte[] {0, (byte) 0x80, 7},
        TreeSnapshot.content(sys, "/lower/bin").getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void oneLayerAppliedToUpperFsLooksLikeItsImage() {
    Layer layer = LowerFsOpsTest.sample();
    boot(LowerImage.of(layer));
    assertEquals(0, sys.mkdir("/upper", 0755));
    layer.applyTo(sys, "/upper");
    assertEquals(TreeSnapshot.of(sys, "/lower"), TreeSnapshot.of(sys, "/upper"));
  }

  @Test
  void applyingToAReadOnlyMountNamesTheFailingPath() {
    boot();
    Layer extra = Layer.builder().dir("new", 0755).file("new/f", 0644, "x").build();
    LayerApplyException e =
        assertThrows(LayerApplyException.class, () -> extra.applyTo(sys, "/lower/a"));
    assertEquals(Errno.EROFS, e.errno());
    assertEquals("mkdir", e.call());
    assertEquals("/lower/a/new", e.path());
    assertTrue(e.getMessage().contains("mkdir /lower/a/new: EROFS"), e.getMessage());
  }
}
