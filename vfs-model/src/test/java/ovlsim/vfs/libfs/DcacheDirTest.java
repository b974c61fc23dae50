package ovlsim.vfs.libfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.ListHead;
import ovlsim.vfs.SysFixture;
import ovlsim.vfs.Vfs;

/**
 * The readdir cursor of {@code dcache_dir_open()}, {@code dcache_readdir()} and
 * {@code dcache_dir_lseek()}, on ramfs directories.
 */
class DcacheDirTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys();

  @BeforeEach
  void tree() {
    ok(sys.mkdir("/d", 0755));
    for (String name : new String[] {"a", "b", "c"}) {
      writeFile(sys, "/d/" + name, "");
    }
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

  private List<String> next(int fd, int count) {
    List<Dirent> out = new ArrayList<>();
    ok(sys.getdents(fd, out, count));
    return names(out);
  }

  /** The entries of {@code d_subdirs}, cursors and negative dentries included. */
  private List<String> subdirs(String name) {
    Dentry root = Vfs.of(f.kernel()).rootMnt().mntRoot;
    Dentry d = Dcache.dLookup(root, name);
    try {
      List<String> r = new ArrayList<>();
      synchronized (Vfs.of(f.kernel()).renameLock) {
        for (ListHead<Dentry> p = d.dSubdirs.next(); p != d.dSubdirs; p = p.next()) {
          r.add(p.entry().dName + (p.entry().dInode == null ? "(negative)" : ""));
        }
      }
      return r;
    } finally {
      Dcache.dput(d);
    }
  }

  @Test
  void newestFirstWithOffsetsCountingPositiveEntries() {
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    assertEquals(List.of(".", "..", "c", "b", "a"), next(fd, 100));
    assertEquals(3, sys.lseek(fd, 3, Fcntl.SEEK_SET));
    assertEquals(List.of("b", "a"), next(fd, 100), "offset 3: after one positive child");
    assertEquals(2, sys.lseek(fd, -3, Fcntl.SEEK_CUR));
    assertEquals(List.of("c"), next(fd, 1));
    assertEquals(1, sys.lseek(fd, 1, Fcntl.SEEK_SET));
    assertEquals(List.of("..", "c"), next(fd, 2), "past '..', the cursor goes back to the head");
    err(Errno.EINVAL, sys.lseek(fd, 0, Fcntl.SEEK_END));
    err(Errno.EINVAL, sys.lseek(fd, -100, Fcntl.SEEK_CUR));
    assertEquals(100, sys.lseek(fd, 100, Fcntl.SEEK_SET));
    assertEquals(List.of(), next(fd, 10), "past the last entry");
    ok(sys.close(fd));
  }

  @Test
  void eachOpenFileHasItsCursorAndCloseRemovesIt() {
    int one = (int) ok(sys.open("/d", Fcntl.O_RDONLY));
    int two = (int) ok(sys.open("/d", Fcntl.O_RDONLY));
    assertEquals(List.of(".", "..", "c"), next(one, 3));
    assertEquals(List.of(".", ".."), next(two, 2));
    assertEquals(List.of("c", "b"), next(two, 2));
    assertEquals(List.of("b", "a"), next(one, 5));
    List<String> withCursors = subdirs("d");
    assertEquals(2, withCursors.stream().filter(n -> n.equals(".(negative)")).count());
    ok(sys.close(one));
    ok(sys.close(two));
    assertEquals(List.of("c", "b", "a"), subdirs("d"), "the cursors went with the files");
  }

  @Test
  void anOpenDirectoryIsEmptyWhenOnlyItsCursorIsLeft() {
    ok(sys.mkdir("/e", 0755));
    int fd = (int) ok(sys.open("/e", Fcntl.O_RDONLY));
    writeFile(sys, "/e/gone", "");
    ok(sys.unlink("/e/gone"));
    ok(sys.rmdir("/e"));
    err(Errno.ENOENT, sys.getdents(fd, new ArrayList<>(), 10), "vfs_readdir(): IS_DEADDIR");
    ok(sys.close(fd));
  }

  @Test
  void readOfADirectoryIsEisdir() {
    int fd = (int) ok(sys.open("/d", Fcntl.O_RDONLY));
    err(Errno.EISDIR, sys.read(fd, new byte[4], 4));
    ok(sys.fsync(fd));
    ok(sys.close(fd));
    assertTrue(subdirs("d").containsAll(List.of("a", "b", "c")));
  }
}
