package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.upperfs.fs.UpperFsFixture.Dirent;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Open;
import ovlsim.vfs.Stat;

/** readdir of upper-fs directories: "." and "..", d_type, and offsets that stay valid. */
class UpperReaddirTest {
  private final UpperFsFixture fx = new UpperFsFixture("size=1m");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  @Test
  void listsDotDotDotThenEntriesInCreationOrderWithTheirTypes() {
    fx.run(
        () -> {
          Dentry dir = fx.mkdir(fx.root(), "d", 0755);
          long f = fx.create(dir, "file", 0644).dInode.iIno;
          long s = fx.mkdir(dir, "sub", 0755).dInode.iIno;
          long l = fx.symlink(dir, "link", "file").dInode.iIno;
          long p = fx.mknod(dir, "fifo", Stat.S_IFIFO | 0644, 0).dInode.iIno;
          File file = fx.open(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
          List<Dirent> all = fx.readdir(file, 100);
          assertEquals(
              List.of(
                  new Dirent(".", 0, dir.dInode.iIno, Stat.DT_DIR),
                  new Dirent("..", 1, fx.root().dInode.iIno, Stat.DT_DIR),
                  new Dirent("file", 2, f, Stat.DT_REG),
                  new Dirent("sub", 3, s, Stat.DT_DIR),
                  new Dirent("link", 4, l, Stat.DT_LNK),
                  new Dirent("fifo", 5, p, Stat.DT_FIFO)),
              all);
          assertEquals(6, file.fPos);
          assertTrue(fx.readdir(file, 100).isEmpty());
          assertEquals(6, file.fPos);
          Open.fput(file);
        });
  }

  @Test
  void aFullFillerStopsWithThePositionOnTheRefusedEntry() {
    fx.run(
        () -> {
          for (int i = 0; i < 5; i++) {
            fx.create(fx.root(), "f" + i, 0644);
          }
          File file = fx.open(fx.root(), Fcntl.O_RDONLY);
          List<String> names = new ArrayList<>();
          for (List<Dirent> batch = fx.readdir(file, 2);
              !batch.isEmpty();
              batch = fx.readdir(file, 2)) {
            assertTrue(batch.size() <= 2);
            batch.forEach(e -> names.add(e.name()));
          }
          assertEquals(List.of(".", "..", "f0", "f1", "f2", "f3", "f4"), names);
          Open.fput(file);
        });
  }

  @Test
  void offsetsSurviveCreatesAndUnlinksBetweenCalls() {
    fx.run(
        () -> {
          List<Dentry> made = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            made.add(fx.create(fx.root(), "f" + i, 0644));
          }
          File file = fx.open(fx.root(), Fcntl.O_RDONLY);
          List<Dirent> first = fx.readdir(file, 5); // . .. f0 f1 f2
          assertEquals("f2", first.get(4).name());

          fx.unlink(fx.root(), made.get(1)); // already seen
          fx.unlink(fx.root(), made.get(4)); // not yet seen
          fx.create(fx.root(), "new", 0644);
          fx.create(fx.root(), "f1", 0644); // a seen name, made again

          List<String> rest = new ArrayList<>();
          fx.readdir(file, 100).forEach(e -> rest.add(e.name()));
          assertEquals(List.of("f3", "f5", "new", "f1"), rest);
          Open.fput(file);
        });
  }

  @Test
  void aPositionFromAnEarlierReaddirCanBeSeekedTo() {
    fx.run(
        () -> {
          for (int i = 0; i < 4; i++) {
            fx.create(fx.root(), "f" + i, 0644);
          }
          File file = fx.open(fx.root(), Fcntl.O_RDONLY);
          List<Dirent> all = fx.readdir(file, 100);
          long offsetOfF2 = all.stream().filter(e -> e.name().equals("f2")).findFirst()
              .orElseThrow().offset();
          fx.unlink(fx.root(), fx.lookup(fx.root(), "f1"));
          file.fPos = offsetOfF2;
          Set<String> names = new HashSet<>();
          fx.readdir(file, 100).forEach(e -> names.add(e.name()));
          assertEquals(Set.of("f2", "f3"), names);
          Open.fput(file);
        });
  }
}
