package ovlsim.upperfs.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.syscall.SysFixture.bytes;
import static ovlsim.upperfs.syscall.SysFixture.err;
import static ovlsim.upperfs.syscall.SysFixture.lstat;
import static ovlsim.upperfs.syscall.SysFixture.ls;
import static ovlsim.upperfs.syscall.SysFixture.ok;
import static ovlsim.upperfs.syscall.SysFixture.readFile;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Errno;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerApplyException;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Vfs;

/** {@link Layer#applyTo} sets up upper-fs content with the builder that makes lower images. */
class LayerApplyTest {
  private final SysFixture fx = new SysFixture();
  private final ModelSys sys = fx.sys;

  private FaultPlan faults() {
    return UpperFs.faults(Vfs.of(fx.k).rootMnt().mntSb);
  }

  @Test
  void writesEveryKindOfEntryWithItsAttributes() {
    Timespec t = new Timespec(1000, 5);
    sys.umask(027);
    Layer.builder()
        .dir("a", 0750)
        .file("a/f", 04755, "content")
        .hardlink("a/g", "a/f")
        .symlink("a/s", "f")
        .fifo("a/p", 0600)
        .chr("a/c", 0620, 4, 1)
        .blk("a/b", 0660, 8, 1)
        .owner("a/f", 1000, 100)
        .times("a/f", t)
        .xattr("a/f", "user.k", "v")
        .xattr("a/s", "trusted.overlay.whiteout", "y")
        .xattr("a", "trusted.overlay.opaque", "y")
        .build()
        .applyTo(sys, "/");
    assertEquals(List.of("b", "c", "f", "g", "p", "s"), ls(sys, "/a"));
    StatBuf f = lstat(sys, "/a/f");
    assertEquals(Stat.S_IFREG | 04755, f.stMode, "chmod after chown keeps set-id bits");
    assertEquals(1000, f.stUid);
    assertEquals(100, f.stGid);
    assertEquals(2, f.stNlink);
    assertEquals(t, f.stMtime);
    assertEquals(f.stIno, lstat(sys, "/a/g").stIno);
    assertEquals("content", readFile(sys, "/a/g"));
    assertEquals(Stat.S_IFLNK | 0777, lstat(sys, "/a/s").stMode);
    assertEquals(Stat.mkdev(4, 1), lstat(sys, "/a/c").stRdev);
    assertEquals(Stat.S_IFBLK | 0660, lstat(sys, "/a/b").stMode);
    assertEquals(Stat.S_IFIFO | 0600, lstat(sys, "/a/p").stMode);
    assertEquals(Stat.S_IFDIR | 0750, lstat(sys, "/a").stMode);
    byte[] v = new byte[4];
    assertEquals(1, sys.lgetxattr("/a/s", "trusted.overlay.whiteout", v, 4));
    assertEquals(1, sys.getxattr("/a", "trusted.overlay.opaque", v, 4));
    assertEquals(1, sys.getxattr("/a/f", "user.k", v, 4));
    assertEquals(027, sys.umask(022), "the umask applyTo found is back");
    fx.assertQuiet();
  }

  @Test
  void anUnprivilegedTaskAppliesALayerOfItsOwnEvenUnderClosedDirectories() {
    ok(sys.mkdir("/home", 0755));
    ok(sys.chown("/home", 1000, 1000));
    ModelSys user = fx.user(1000, 1000);
    Layer.builder()
        .dir("ro", 0500)
        .dir("ro/closed", 0000)
        .file("ro/closed/f", 0400, "x")
        .owner("ro", 1000, 1000)
        .owner("ro/closed", 1000, 1000)
        .owner("ro/closed/f", 1000, 1000)
        .build()
        .applyTo(user, "/home");
    assertEquals(Stat.S_IFDIR | 0500, lstat(sys, "/home/ro").stMode);
    assertEquals(Stat.S_IFDIR, lstat(sys, "/home/ro/closed").stMode);
    assertEquals(Stat.S_IFREG | 0400, lstat(sys, "/home/ro/closed/f").stMode);
    assertEquals(1000, lstat(sys, "/home/ro/closed/f").stUid);
  }

  @Test
  void aFailingSyscallNamesCallAndPathAndStops() {
    faults().failNth("upper.write", 2, Errno.ENOSPC);
    sys.umask(077);
    Layer layer =
        Layer.builder().file("one", 0644, "1").file("two", 0644, "2").file("three", 0644).build();
    LayerApplyException e =
        assertThrows(LayerApplyException.class, () -> layer.applyTo(sys, "/"));
    assertEquals("write", e.call());
    assertEquals("/two", e.path());
    assertEquals(Errno.ENOSPC, e.errno());
    assertTrue(e.getMessage().contains("write /two: ENOSPC"), e.getMessage());
    assertEquals(List.of(new FaultPlan.Injection("upper.write", 2, Errno.ENOSPC)), faults().log());
    assertEquals(List.of("one", "two"), ls(sys, "/"), "stopped at the failing entry");
    assertEquals(077, sys.umask(022), "the umask is restored after a failure too");
  }

  @Test
  void faultsOnCreateAndSetxattrFireWhereTheLayerNeedsThem() {
    faults().failNth("upper.mkdir", 2, Errno.EIO).failNth("upper.setxattr", 1, Errno.EDQUOT);
    Layer dirs = Layer.builder().dir("d1", 0755).dir("d2", 0755).build();
    LayerApplyException e = assertThrows(LayerApplyException.class, () -> dirs.applyTo(sys, "/"));
    assertEquals("mkdir", e.call());
    assertEquals("/d2", e.path());
    err(Errno.ENOENT, sys.lstat("/d2", new StatBuf()));

    Layer attrs = Layer.builder().file("x", 0644).xattr("x", "user.k", "v").build();
    e = assertThrows(LayerApplyException.class, () -> attrs.applyTo(sys, "/"));
    assertEquals("lsetxattr user.k", e.call());
    assertEquals(Errno.EDQUOT, e.errno());
    err(Errno.ENODATA, sys.getxattr("/x", "user.k", bytes("...."), 4));
    assertEquals(
        List.of(
            new FaultPlan.Injection("upper.mkdir", 2, Errno.EIO),
            new FaultPlan.Injection("upper.setxattr", 1, Errno.EDQUOT)),
        faults().log());
  }

  @Test
  void capacityStillGivesEnospc() {
    SysFixture small = new SysFixture("size=8k");
    Layer big = Layer.builder().file("a", 0644, new byte[4096]).file("b", 0644, new byte[8192]).build();
    LayerApplyException e =
        assertThrows(LayerApplyException.class, () -> big.applyTo(small.sys, "/"));
    assertEquals(Errno.ENOSPC, e.errno());
    assertEquals("/b", e.path());
    assertEquals(List.of(), UpperFs.faults(Vfs.of(small.k).rootMnt().mntSb).log(), "no fault injected");
  }
}
