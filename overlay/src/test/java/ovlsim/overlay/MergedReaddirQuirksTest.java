package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins two behaviours of v6's merged-directory readdir that a reader might take for model
 * bugs; both are in the C:
 *
 * <ul>
 *   <li>until v10 ({@link OvlPatch#READDIR_OFF_BY_ONE_FIX}) {@code ovl_readdir()} moves
 *       {@code f_pos} and the cursor past an entry before calling the filler, so the entry a
 *       full getdents buffer refuses is never returned;
 *   <li>{@code ovl_seek_cursor()} counts the cursor itself when it lies before the target
 *       position, so a seek forward from the middle lands one entry early.
 * </ul>
 */
class MergedReaddirQuirksTest {
  private static OvlFixture merged(OvlVersion v, int lowerFiles) {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    ok(s.mkdir("/lower/d", 0755));
    for (int i = 0; i < lowerFiles; i++) {
      writeFile(s, "/lower/d/f" + i, "");
    }
    ok(s.mkdir("/upper/d", 0755));
    f.mountOverlay("version=" + v.optionName());
    return f;
  }

  private static List<String> names(List<Dirent> ds) {
    List<String> l = new ArrayList<>();
    for (Dirent d : ds) {
      l.add(d.name());
    }
    return l;
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theEntryAFullBufferRefusesIsLostUntilV10(OvlVersion v) {
    OvlFixture f = merged(v, 10); // ".", "..", f0..f9: 12 entries
    ModelSys s = f.sys;
    int fd = (int) ok(s.open("/mnt/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<String> all = new ArrayList<>();
    List<Dirent> batch = new ArrayList<>();
    while (ok(s.getdents(fd, batch, 5)) > 0) {
      all.addAll(names(batch));
      batch.clear();
    }
    ok(s.close(fd));
    if (v.has(OvlPatch.READDIR_OFF_BY_ONE_FIX)) {
      assertEquals(12, all.size(), () -> "v10: nothing lost " + all);
    } else {
      // Batches of 5 out of 12: the 6th and 12th entries are refused, and lost.
      assertEquals(10, all.size(), () -> all.toString());
    }

    // One buffer large enough for everything loses nothing.
    assertEquals(10, OvlFixture.ls(s, "/mnt/d").size());
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void seekingForwardFromTheMiddleCountsTheCursor(OvlVersion v) {
    OvlFixture f = merged(v, 6); // 8 entries
    ModelSys s = f.sys;
    List<String> order = new ArrayList<>();
    int fd = (int) ok(s.open("/mnt/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<Dirent> batch = new ArrayList<>();
    ok(s.getdents(fd, batch, 100));
    order.addAll(names(batch));
    assertEquals(8, order.size());

    // From the end (cursor after every entry), a seek lands where it should.
    assertEquals(3, s.lseek(fd, 3, Fcntl.SEEK_SET));
    batch.clear();
    ok(s.getdents(fd, batch, 1));
    assertEquals(order.get(3), batch.get(0).name());

    // That one-entry getdents returned entry 3 and (until v10) lost entry 4, so the cursor
    // sits before entry 5 (from v10: before entry 4); seeking to 6 walks over the cursor and
    // lands on entry 5, not 6, either way.
    assertEquals(6, s.lseek(fd, 6, Fcntl.SEEK_SET));
    batch.clear();
    ok(s.getdents(fd, batch, 1));
    assertEquals(order.get(5), batch.get(0).name());
    ok(s.close(fd));
  }
}
