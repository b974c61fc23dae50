package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Directories" of the v6 posting's overlayfs.txt: a name that is a non-directory in either layer
 * refers to the upper object only; two directories form a merged directory whose name lists
 * are merged while metadata and xattrs come from the upper directory only; the mount's two
 * directories are merged at the root; {@code ovl_dir_getattr()}'s nlink 1 for merged
 * directories.
 */
class DirectoriesTest {
  private static final Timespec LOWER_TIME = new Timespec(1000000000L, 0);
  private static final Timespec UPPER_TIME = new Timespec(1200000000L, 0);

  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theRootIsTheMergeOfTheTwoLayerDirectories(OvlVersion v) {
    f.lower().dir("bin", 0755).file("lo", 0644, "").file("both", 0644, "lower");
    f.upper().dir("var", 0755).file("up", 0644, "").file("both", 0644, "upper");
    f.mount(v);
    assertEquals(List.of("bin", "both", "lo", "up", "var"), f.lsSorted("/mnt"));
    assertEquals("upper", f.read("/mnt/both"));
    assertEquals(1L, f.stat("/mnt").stNlink, "the merged root");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void twoDirectoriesOfOneNameMerge(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "a").dir("d/sub", 0755).file("d/sub/x", 0644, "x");
    f.upper().dir("d", 0755).file("d/b", 0644, "b").dir("d/sub", 0755).file("d/sub/y", 0644, "y");
    f.mount(v);
    assertEquals(List.of("a", "b", "sub"), f.lsSorted("/mnt/d"));
    assertEquals(List.of("x", "y"), f.lsSorted("/mnt/d/sub"), "merged at every depth");
    assertEquals("x", f.read("/mnt/d/sub/x"));
    assertEquals("y", f.read("/mnt/d/sub/y"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aNonDirectoryInEitherLayerIsNotMerged(OvlVersion v) {
    f.lower().dir("fileOverDir", 0755).file("fileOverDir/hidden", 0644, "")
        .file("dirOverFile", 0644, "lower file");
    f.upper().file("fileOverDir", 0644, "upper file")
        .dir("dirOverFile", 0711).file("dirOverFile/own", 0644, "");
    f.mount(v);

    assertTrue(Stat.S_ISREG(f.stat("/mnt/fileOverDir").stMode));
    err(Errno.ENOTDIR, f.sys().open("/mnt/fileOverDir/hidden", 0));

    StatBuf st = f.stat("/mnt/dirOverFile");
    assertEquals(Stat.S_IFDIR | 0711, st.stMode);
    assertEquals(List.of("own"), f.ls("/mnt/dirOverFile"));
    assertEquals(2L, st.stNlink, "not merged: the upper directory's own link count");
  }

  /**
   * "Only the lists of names from directories are merged. Other content such as metadata and
   * extended attributes are reported for the upper directory only."
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aMergedDirectoryShowsOnlyTheUpperDirectorysMetadataAndXattrs(OvlVersion v) {
    f.lower().dir("d", 0700).owner("d", 10, 11).times("d", LOWER_TIME)
        .xattr("d", "user.lower", "l").file("d/a", 0644, "");
    f.upper().dir("d", 0775).owner("d", 20, 21).times("d", UPPER_TIME)
        .xattr("d", "user.upper", "u");
    f.mount(v);

    StatBuf st = f.stat("/mnt/d");
    assertEquals(Stat.S_IFDIR | 0775, st.stMode);
    assertEquals(20, st.stUid);
    assertEquals(21, st.stGid);
    assertEquals(UPPER_TIME, st.stMtime);
    assertEquals(1L, st.stNlink, "nlink=1 for a merged directory");
    assertEquals("u", f.lgetxattr("/mnt/d", "user.upper"));
    assertNull(f.lgetxattr("/mnt/d", "user.lower"));
    err(Errno.ENODATA, f.lgetxattrResult("/mnt/d", "user.lower"));
    assertEquals(List.of("user.upper"), f.llistxattr("/mnt/d"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryOfOneLayerShowsThatLayersAttributes(OvlVersion v) {
    f.lower().dir("lo", 0750).owner("lo", 3, 4).times("lo", LOWER_TIME)
        .xattr("lo", "user.k", "lo").dir("lo/s1", 0755).dir("lo/s2", 0755);
    f.upper().dir("up", 0705).owner("up", 5, 6).times("up", UPPER_TIME).dir("up/s", 0755);
    f.mount(v);

    StatBuf lo = f.stat("/mnt/lo");
    assertEquals(Stat.S_IFDIR | 0750, lo.stMode);
    assertEquals(3, lo.stUid);
    assertEquals(LOWER_TIME, lo.stMtime);
    assertEquals(4L, lo.stNlink, "a lower-only directory keeps its link count");
    assertEquals("lo", f.lgetxattr("/mnt/lo", "user.k"));

    StatBuf up = f.stat("/mnt/up");
    assertEquals(Stat.S_IFDIR | 0705, up.stMode);
    assertEquals(5, up.stUid);
    assertEquals(UPPER_TIME, up.stMtime);
    assertEquals(3L, up.stNlink, "an upper-only directory keeps its link count");
  }

  /**
   * A lower directory becomes merged when something is created in it: the copy-up makes the
   * upper directory with the lower one's mode, owner and times (no entries), and from then on
   * the upper one's attributes are reported.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void creatingInALowerDirectoryMergesIt(OvlVersion v) {
    f.lower().dir("d", 0751).owner("d", 7, 8).times("d", LOWER_TIME).file("d/old", 0644, "old");
    f.mount(v);
    assertEquals(2L, f.stat("/mnt/d").stNlink);
    assertFalse(f.inUpper("d"));

    f.write("/mnt/d/new", "new");

    assertTrue(f.inUpper("d"));
    StatBuf upperD = f.stat("/upper/d");
    assertEquals(Stat.S_IFDIR | 0751, upperD.stMode);
    assertEquals(7, upperD.stUid);
    assertEquals(8, upperD.stGid);
    assertEquals(List.of("new"), f.lsUpper("d"), "only the new entry: nothing else is copied");
    assertEquals(List.of("new", "old"), f.lsSorted("/mnt/d"));
    assertEquals(1L, f.stat("/mnt/d").stNlink, "merged now");
  }
}
