package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.fs.UpperFsFixture.assertErrno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Task;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Open;
import ovlsim.vfs.Timespec;

/** Reading and writing upper-fs files, and the capacity they take. */
class UpperFileOpsTest {
  private static final int PAGE = 4096;

  private final UpperFsFixture fx = new UpperFsFixture("size=64k");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  @Test
  void whatIsWrittenReadsBack() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_RDWR);
          assertEquals(5, fx.write(f, "hello", 0));
          assertEquals(6, fx.write(f, " world", 5));
          assertEquals(11, d.dInode.iSize);
          assertEquals("hello world", fx.read(f, 100, 0));
          assertEquals("world", fx.read(f, 5, 6));
          assertEquals("", fx.read(f, 10, 11));
          assertEquals("", fx.read(f, 10, 1000));
          Open.fput(f);
        });
  }

  @Test
  void readAndWriteAdvanceThePosition() {
    fx.run(
        () -> {
          File f = fx.open(fx.create(fx.root(), "f", 0644), Fcntl.O_RDWR);
          Loff pos = new Loff(0);
          byte[] b = "abcdef".getBytes();
          f.fOp.write(f, b, 6, pos);
          assertEquals(6, pos.value);
          pos.value = 2;
          byte[] out = new byte[3];
          assertEquals(3, f.fOp.read(f, out, 3, pos));
          assertEquals(5, pos.value);
          assertEquals("cde", new String(out));
          Open.fput(f);
        });
  }

  @Test
  void appendWritesAtTheEnd() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_WRONLY | Fcntl.O_APPEND);
          fx.write(f, "one", 0);
          fx.write(f, "two", 0);
          File r = fx.open(d, Fcntl.O_RDONLY);
          assertEquals("onetwo", fx.read(r, 100, 0));
          Open.fput(f);
          Open.fput(r);
        });
  }

  @Test
  void aWriteBeyondTheEndLeavesAHoleOfZerosThatTakesNoSpace() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_RDWR);
          long used = fx.fs().usedBlocks();
          fx.write(f, "x", 3 * PAGE);
          assertEquals(3 * PAGE + 1, d.dInode.iSize);
          assertEquals(used + 1, fx.fs().usedBlocks());
          assertEquals(8, d.dInode.iBlocks);
          byte[] buf = new byte[3 * PAGE + 1];
          assertEquals(buf.length, f.fOp.read(f, buf, buf.length, new Loff(0)));
          byte[] zeros = new byte[3 * PAGE];
          assertTrue(Arrays.equals(zeros, Arrays.copyOf(buf, 3 * PAGE)));
          assertEquals('x', buf[3 * PAGE]);
          Open.fput(f);
        });
  }

  @Test
  void writeUpdatesModificationAndChangeTimes() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          Inode inode = d.dInode;
          Timespec old = new Timespec(1, 0);
          inode.iMtime = old;
          inode.iCtime = old;
          File f = fx.open(d, Fcntl.O_WRONLY);
          fx.write(f, "x", 0);
          assertTrue(inode.iMtime.compareTo(old) > 0);
          assertTrue(inode.iCtime.compareTo(old) > 0);
          Open.fput(f);
        });
  }

  @Test
  void aFullInstanceWritesWhatFitsThenReportsEnospc() {
    fx.run(
        () -> {
          // size=64k is 16 pages; the root takes none.
          assertEquals(16, fx.fs().maxBlocks());
          Dentry d = fx.create(fx.root(), "big", 0644);
          File f = fx.open(d, Fcntl.O_RDWR);
          byte[] data = new byte[20 * PAGE];
          Arrays.fill(data, (byte) 'a');
          assertEquals(16 * PAGE, fx.write(f, data, 0));
          assertEquals(16 * PAGE, d.dInode.iSize);
          assertEquals(16, fx.fs().usedBlocks());
          assertErrno(Errno.ENOSPC, () -> fx.write(f, "more", 16 * PAGE));
          assertEquals(16 * PAGE, d.dInode.iSize);
          // Rewriting pages already there needs no space.
          assertEquals(4, fx.write(f, "bbbb", 0));
          assertEquals("bbbbaa", fx.read(f, 6, 0));
          assertEquals(0, fx.statfs().fBfree);

          Dentry other = fx.create(fx.root(), "other", 0644);
          File g = fx.open(other, Fcntl.O_WRONLY);
          assertErrno(Errno.ENOSPC, () -> fx.write(g, "x", 0));
          assertEquals(0, other.dInode.iSize);
          Open.fput(g);
          Open.fput(f);
        });
  }

  @Test
  void unlinkAndEvictionGiveTheSpaceBack() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_WRONLY);
          fx.write(f, new byte[10 * PAGE], 0);
          assertEquals(10, fx.fs().usedBlocks());
          assertEquals(6, fx.statfs().fBfree);

          // The open file keeps the inode, and its pages, after the unlink.
          fx.unlink(fx.root(), d);
          assertEquals(10, fx.fs().usedBlocks());
          Open.fput(f);
          Dcache.dput(d);
          assertEquals(0, fx.fs().usedBlocks());
          assertEquals(16, fx.statfs().fBfree);
        });
  }

  @Test
  void renamingOverAFileFreesItsSpace() {
    fx.run(
        () -> {
          Dentry a = fx.create(fx.root(), "a", 0644);
          Dentry b = fx.create(fx.root(), "b", 0644);
          File f = fx.open(b, Fcntl.O_WRONLY);
          fx.write(f, new byte[2 * PAGE], 0);
          Open.fput(f);
          assertEquals(2, fx.fs().usedBlocks());
          fx.rename(fx.root(), a, fx.root(), b);
          Dcache.dput(b);
          assertEquals(0, fx.fs().usedBlocks());
        });
  }

  @Test
  void aHardLinkKeepsTheSpaceUntilTheLastNameGoes() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_WRONLY);
          fx.write(f, new byte[PAGE], 0);
          Open.fput(f);
          Dentry g = fx.link(d, fx.root(), "g");
          fx.unlink(fx.root(), d);
          Dcache.dput(d);
          assertEquals(1, fx.fs().usedBlocks());
          fx.unlink(fx.root(), g);
          Dcache.dput(g);
          assertEquals(0, fx.fs().usedBlocks());
        });
  }

  @Test
  void fsyncIsANoOpAndDirectoriesCannotBeRead() {
    fx.run(
        () -> {
          File f = fx.open(fx.create(fx.root(), "f", 0644), Fcntl.O_RDWR);
          f.fOp.fsync(f, 0);
          Open.fput(f);
          File dir = fx.open(fx.root(), Fcntl.O_RDONLY);
          assertErrno(Errno.EISDIR, () -> fx.read(dir, 10, 0));
          Open.fput(dir);
        });
  }

  @Test
  void concurrentAppendsLoseNothing() throws InterruptedException {
    Dentry[] d = new Dentry[1];
    fx.run(() -> d[0] = fx.create(fx.root(), "log", 0666));
    int tasks = 4;
    int rounds = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      Task task = fx.k.spawn("writer" + t, Cred.root());
      String line = "task" + t + "\n";
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                  task.run(
                      () -> {
                        File f = fx.open(d[0], Fcntl.O_WRONLY | Fcntl.O_APPEND);
                        for (int i = 0; i < rounds; i++) {
                          fx.write(f, line, 0);
                        }
                        Open.fput(f);
                      });
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      threads.add(th);
      th.start();
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    assertTrue(failures.isEmpty(), failures.toString());
    assertEquals(tasks * rounds * 6L, d[0].dInode.iSize);
    fx.run(
        () -> {
          File f = fx.open(d[0], Fcntl.O_RDONLY);
          String all = fx.read(f, tasks * rounds * 6, 0);
          for (int t = 0; t < tasks; t++) {
            String line = "task" + t + "\n";
            int count = all.split(line, -1).length - 1;
            assertEquals(rounds, count, line);
          }
          Open.fput(f);
        });
  }
}
