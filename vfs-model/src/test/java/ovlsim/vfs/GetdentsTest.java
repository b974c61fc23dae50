package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static ovlsim.vfs.SysFixture.dirents;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.lstat;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;

/**
 * getdents64: batches, resuming, d_off, d_type, errors, on ramfs's {@code dcache_readdir()}.
 * What upper-fs's own readdir offsets promise across changes is tested in upper-fs.
 */
class GetdentsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @BeforeEach
  void tree() {
    ok(sys.mkdir("/d", 0755));
    for (int i = 0; i < 10; i++) {
      writeFile(sys, "/d/f" + i, "");
    }
    ok(sys.mkdir("/d/sub", 0755));
    ok(sys.symlink("f0", "/d/link"));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  private static List<String> names(List<Dirent> ds) {
    List<String> r = new ArrayList<>();
    for (Dirent d : ds) {
      r.add(d.name());
    }
    return r;
  }

  @Test
  void smallBatchesLoseNothing() {
    List<Dirent> all = dirents(sys, "/d", 100);
    assertEquals(14, all.size());
    assertEquals(".", all.get(0).name());
    assertEquals("..", all.get(1).name());
    for (int batch : new int[] {1, 2, 3, 13}) {
      assertEquals(names(all), names(dirents(sys, "/d", batch)), "batch " + batch);
    }
  }

  @Test
  void inodesAndTypes() {
    for (Dirent d : dirents(sys, "/d", 100)) {
      String path = d.name().equals("..") ? "/" : "/d/" + d.name();
      assertEquals(lstat(sys, path).stIno, d.ino(), d.name());
      int expected =
          switch (d.name()) {
            case ".", "..", "sub" -> Stat.DT_DIR;
            case "link" -> Stat.DT_LNK;
            default -> Stat.DT_REG;
          };
      assertEquals(expected, d.type(), d.name());
    }
    assertEquals(stat(sys, "/d").stIno, dirents(sys, "/d", 1).get(0).ino());
  }

  @Test
  void dOffIsWhereTheNextEntryStarts() {
    List<Dirent> all = dirents(sys, "/d", 100);
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY));
    for (int i = 0; i < all.size(); i++) {
      assertEquals(all.get(i).off(), sys.lseek(fd, all.get(i).off(), Fcntl.SEEK_SET));
      List<Dirent> next = new ArrayList<>();
      long n = ok(sys.getdents(fd, next, 1));
      if (i + 1 < all.size()) {
        assertEquals(1, n);
        assertEquals(all.get(i + 1).name(), next.get(0).name());
      } else {
        assertEquals(0, n, "past the last entry");
      }
    }
    ok(sys.close(fd));
  }

  @Test
  void entriesCreatedAndRemovedBetweenCalls() {
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<Dirent> seen = new ArrayList<>();
    assertEquals(4, sys.getdents(fd, seen, 4));
    List<String> first = names(seen);
    String notYetSeen = first.contains("f0") ? "f1" : "f0";
    assertFalse(first.contains(notYetSeen));
    ok(sys.unlink("/d/" + notYetSeen));
    writeFile(sys, "/d/late", "");
    while (ok(sys.getdents(fd, seen, 4)) > 0) {
      // drain
    }
    ok(sys.close(fd));
    List<String> names = names(seen);
    assertEquals(names.size(), new HashSet<>(names).size(), "no duplicates");
    assertFalse(names.contains(notYetSeen), "removed before the cursor reached it");
    // dcache_readdir(): d_alloc() puts a new entry at the head of d_subdirs, behind the cursor.
    assertFalse(names.contains("late"), "created after the cursor went by");
    assertEquals(13, names.size());
  }

  @Test
  void errors() {
    List<Dirent> out = new ArrayList<>();
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY));
    err(Errno.EINVAL, sys.getdents(fd, out, 0));
    err(Errno.EINVAL, sys.getdents(fd, out, -1));
    assertEquals(List.of(), out);
    assertEquals(3, sys.getdents(fd, out, 3), "the failed calls consumed nothing");
    assertEquals(".", out.get(0).name());
    while (ok(sys.getdents(fd, out, 100)) > 0) {
      // to the end
    }
    assertEquals(0, sys.getdents(fd, out, 0), "at the end even an empty buffer is fine");
    ok(sys.close(fd));
    int file = (int) ok(sys.open("/d/f0", Fcntl.O_RDONLY));
    err(Errno.ENOTDIR, sys.getdents(file, out, 10));
    ok(sys.close(file));
  }

  @Test
  void aRemovedDirectoryIsEnoent() {
    int fd = (int) ok(sys.open("/d/sub", Fcntl.O_RDONLY));
    ok(sys.rmdir("/d/sub"));
    err(Errno.ENOENT, sys.getdents(fd, new ArrayList<>(), 10));
    ok(sys.close(fd));
  }
}
