package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.getdents;
import static ovlsim.overlay.behaviour.OverlayFixture.names;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static ovlsim.overlay.behaviour.OverlayFixture.opendir;
import static ovlsim.overlay.behaviour.OverlayFixture.whiteout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "readdir" of the v6 posting's overlayfs.txt, as {@code ovl_readdir()} and
 * {@code ovl_dir_read_merged()} do it: both directories are read, upper first, and merged
 * without duplicates (the order that comes out: the lower names in the lower directory's order,
 * then the upper-only names in the upper's, because lower entries are inserted in front of the
 * upper ones "to keep offsets reasonably constant"); whiteouts take a position but are not
 * returned; the merged list is cached per open file, built on the first read, so later changes
 * show only after a seek to 0 (which rebuilds it when the directory's version changed); offsets
 * are positions in that list; a directory that is not merged is read through the real one.
 */
class ReaddirTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  /**
   * lower d: a, c, e (lower-fs lists names sorted); upper d, in creation order: e, b, c (a
   * whiteout), z, y.
   */
  private void mergedDir(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "").file("d/c", 0644, "").file("d/e", 0644, "lo");
    f.upper().dir("d", 0755).file("d/e", 0644, "up").file("d/b", 0644, "");
    whiteout(f.upper(), "d/c");
    f.upper().file("d/z", 0644, "").file("d/y", 0644, "");
    f.mount(v);
  }

  private static List<String> offsets(List<Dirent> ds) {
    List<String> l = new ArrayList<>();
    for (Dirent d : ds) {
      l.add(d.name() + "@" + d.off());
    }
    return l;
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void mergedOrderIsLowerNamesThenUpperOnlyNamesAndWhiteoutsTakeAPosition(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    assertEquals(List.of("a", "e", "b", "z", "y"), f.ls("/mnt/d"));
    assertEquals("up", f.read("/mnt/d/e"), "a name in both is the upper object");

    int fd = opendir(s, "/mnt/d");
    List<Dirent> all = getdents(s, fd, 100);
    ok(s.close(fd));
    // Positions: . 0, .. 1, a 2, c 3 (the whiteout, skipped), e 4, b 5, z 6, y 7; each
    // d_off is the position to resume at: the next entry's.
    assertEquals(
        List.of(".@1", "..@2", "a@4", "e@5", "b@6", "z@7", "y@8"), offsets(all));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void seekingToAnOffsetResumesAtThatPositionOfTheCache(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    getdents(s, fd, 100);

    assertEquals(5, s.lseek(fd, 5, Fcntl.SEEK_SET));
    assertEquals(List.of("b", "z", "y"), names(getdents(s, fd, 100)));
    assertEquals(3, s.lseek(fd, 3, Fcntl.SEEK_SET));
    assertEquals(List.of("e", "b", "z", "y"), names(getdents(s, fd, 100)), "the whiteout");
    ok(s.close(fd));

    // A fresh open seeks before its first read: the cache is built, then positioned.
    fd = opendir(s, "/mnt/d");
    assertEquals(6, s.lseek(fd, 6, Fcntl.SEEK_SET));
    assertEquals(List.of("z", "y"), names(getdents(s, fd, 100)));
    ok(s.close(fd));
  }

  /**
   * "seek offsets are assigned sequentially when the directories are read ... there may be
   * little correlation between the old and new locations in the list of filenames,
   * particularly if anything has changed in the directory."
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aRememberedOffsetMayNameAnotherEntryAfterAChange(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    List<Dirent> all = getdents(s, fd, 100);
    ok(s.close(fd));
    long afterE = all.get(3).off(); // e's d_off: where b is
    assertEquals("e", all.get(3).name());

    ok(s.unlink("/mnt/d/b")); // upper only: no whiteout, the list gets shorter

    fd = opendir(s, "/mnt/d");
    assertEquals(afterE, s.lseek(fd, afterE, Fcntl.SEEK_SET));
    assertEquals(List.of("z", "y"), names(getdents(s, fd, 100)), "z took b's position");
    ok(s.close(fd));
  }

  /**
   * "This merged name list is cached in the 'struct file' and so remains as long as the file is
   * kept open ... A seekdir to the start of the directory (offset 0) followed by a readdir will
   * cause the cache to be discarded and rebuilt."
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theCacheHidesChangesUntilASeekToZero(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    assertEquals(List.of("a", "e", "b", "z", "y"), names(getdents(s, fd, 100)));

    f.write("/mnt/d/new", "");
    ok(s.unlink("/mnt/d/a"));

    assertEquals(List.of(), names(getdents(s, fd, 100)), "nothing more after the end");
    assertEquals(2, s.lseek(fd, 2, Fcntl.SEEK_SET));
    assertEquals(
        List.of("a", "e", "b", "z", "y"), names(getdents(s, fd, 100)), "still the old cache");

    assertEquals(0, s.lseek(fd, 0, Fcntl.SEEK_SET));
    assertEquals(List.of("e", "b", "z", "y", "new"), names(getdents(s, fd, 100)), "rebuilt");
    ok(s.close(fd));
  }

  /** The cache is built by the first read, not by open. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aChangeBetweenOpenAndTheFirstReadIsSeen(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    f.write("/mnt/d/new", "");
    assertTrue(names(getdents(s, fd, 100)).contains("new"));
    ok(s.close(fd));
  }

  /** "If the directory is opened and read by two processes at the same time, they will each
   * have separate caches." */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void twoProcessesHaveSeparateCaches(OvlVersion v) {
    mergedDir(v);
    ModelSys a = ModelSys.of(f.task("A", Cred.root()));
    ModelSys b = ModelSys.of(f.task("B", Cred.root()));
    int fa = opendir(a, "/mnt/d");
    int fb = opendir(b, "/mnt/d");
    assertEquals(5, names(getdents(a, fa, 100)).size());

    ok(b.mkdir("/mnt/d/fromB", 0755));

    assertEquals(List.of("a", "e", "b", "z", "y", "fromB"), names(getdents(b, fb, 100)));
    assertEquals(2, a.lseek(fa, 2, Fcntl.SEEK_SET));
    assertFalse(names(getdents(a, fa, 100)).contains("fromB"), "A's cache is A's");
    ok(a.close(fa));
    ok(b.close(fb));
  }

  /**
   * {@code ovl_dir_reset()} rebuilds only when the overlay directory's version moved: a change
   * made behind the overlay's back, in the upper layer itself (which the documentation says is
   * not allowed while mounted), is not seen even after a seek to 0, but a new open sees it.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aSeekToZeroRebuildsOnlyWhenTheOverlayDirectoryChanged(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    getdents(s, fd, 100);
    f.write("/upper/d/behind", "");

    assertEquals(0, s.lseek(fd, 0, Fcntl.SEEK_SET));
    assertFalse(names(getdents(s, fd, 100)).contains("behind"));
    ok(s.close(fd));
    assertTrue(f.ls("/mnt/d").contains("behind"));
  }

  /** "Readdir on directories that are not merged is simply handled by the underlying
   * directory." */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDirectoryOfOneLayerIsReadThroughTheRealDirectory(OvlVersion v) {
    f.lower().dir("lo", 0755).file("lo/x", 0644, "").file("lo/w", 0644, "").dir("lo/v", 0755);
    f.upper().dir("up", 0755).file("up/q", 0644, "").file("up/p", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    for (String d : List.of("lo", "up")) {
      String real = (d.equals("lo") ? "/lower/" : "/upper/") + d;
      int fd = opendir(s, "/mnt/" + d);
      List<Dirent> through = getdents(s, fd, 100);
      ok(s.close(fd));
      fd = opendir(s, real);
      List<Dirent> direct = getdents(s, fd, 100);
      ok(s.close(fd));
      assertEquals(offsets(direct), offsets(through), d);
    }
    assertEquals(List.of("v", "w", "x"), f.ls("/mnt/lo"));
    assertEquals(List.of("q", "p"), f.ls("/mnt/up"));
  }

  /**
   * A lower directory opened before it is copied up is read as the lower directory; after a
   * seek to 0 the open file switches to the merged view ({@code ovl_dir_reset()}).
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anOpenLowerDirectorySwitchesToTheMergedViewAfterCopyUpAndRewind(OvlVersion v) {
    f.lower().dir("lo", 0755).file("lo/x", 0644, "");
    f.mount(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/lo");
    assertEquals(List.of("x"), names(getdents(s, fd, 100)));

    f.write("/mnt/lo/new", "");

    assertEquals(List.of(), names(getdents(s, fd, 100)));
    assertEquals(0, s.lseek(fd, 0, Fcntl.SEEK_SET));
    assertEquals(List.of("x", "new"), names(getdents(s, fd, 100)));
    ok(s.close(fd));
  }

  /** {@code rm -rf}: reading a merged directory while removing what it lists. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingEveryEntryWhileReadingEmptiesTheDirectory(OvlVersion v) {
    mergedDir(v);
    ModelSys s = f.sys();
    int fd = opendir(s, "/mnt/d");
    List<Dirent> batch = new ArrayList<>();
    while (ok(s.getdents(fd, batch, 2)) > 0) {
      for (String n : names(batch)) {
        ok(s.unlink("/mnt/d/" + n), n);
      }
      batch.clear();
    }
    // getdents with a two-entry buffer drops the entry it refuses ("over"): read again.
    ok(s.lseek(fd, 0, Fcntl.SEEK_SET));
    for (String n : names(getdents(s, fd, 100))) {
      ok(s.unlink("/mnt/d/" + n), n);
    }
    ok(s.close(fd));
    assertEquals(List.of(), f.ls("/mnt/d"));
    ok(s.rmdir("/mnt/d"));
    assertTrue(f.isWhiteout("d"));
  }
}
