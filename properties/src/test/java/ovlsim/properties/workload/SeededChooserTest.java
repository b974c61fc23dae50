package ovlsim.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.sched.TaskScheduler;
import ovlsim.ramfs.RamfsFsType;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Vfs;

/**
 * The task-at-a-time scheduler under the seeded policy: replayable interleavings, deadlocks
 * reported instead of hanging, tasks asleep on a FIFO's wait queue seen as blocked.
 */
class SeededChooserTest {
  /** Two tasks taking two mutexes in opposite orders (ABBA), under {@code seed}. */
  private static final class Abba {
    final Kernel k = new Kernel();
    final KMutex a = new KMutex(new LockClassKey("A"), Lockdep.of(k));
    final KMutex b = new KMutex(new LockClassKey("B"), Lockdep.of(k));
    final Task t0 = k.spawn("t0", Cred.root());
    final Task t1 = k.spawn("t1", Cred.root());
    final TaskScheduler sched;
    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = new ArrayList<>();
    boolean clean;

    Abba(long seed) {
      sched = SeededChooser.scheduler(List.of(t0, t1), seed);
      k.setSchedHook((task, point) -> {
        trace.add(task.name() + " " + point);
        sched.at(task, point);
      });
      threads.add(start(t0, a, b));
      threads.add(start(t1, b, a));
      sched.start();
      clean = sched.awaitEnd(Duration.ofSeconds(60));
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }

    private Thread start(Task t, KMutex first, KMutex second) {
      Thread th = new Thread(() -> {
        try {
          sched.begin(t);
          t.run(() -> {
            KMutex.mutexLock(first);
            try {
              KMutex.mutexLock(second);
              KMutex.mutexUnlock(second);
            } finally {
              KMutex.mutexUnlock(first);
            }
          });
        } catch (TaskScheduler.Aborted e) {
          // unwound by the scheduler
        } finally {
          sched.end(t);
        }
      });
      th.start();
      return th;
    }
  }

  @Test
  void sameSeedSameInterleaving() {
    assertEquals(new Abba(3).trace, new Abba(3).trace);
  }

  @Test
  void deadlockIsReportedWithEveryTasksLocksAndUnwound() {
    Abba deadlocked = null;
    Abba fine = null;
    for (long seed = 0; seed < 200 && (deadlocked == null || fine == null); seed++) {
      Abba run = new Abba(seed);
      if (run.sched.failure() != null) {
        deadlocked = deadlocked == null ? run : deadlocked;
      } else {
        fine = fine == null ? run : fine;
      }
    }
    assertNotNull(deadlocked, "some schedule of ABBA deadlocks");
    assertNotNull(fine, "some schedule of ABBA does not");
    assertFalse(deadlocked.clean);
    String report = deadlocked.sched.failure();
    assertTrue(report.contains("possible deadlock"), report);
    assertTrue(report.contains("INFO: task t0/"), report);
    assertTrue(report.contains("INFO: task t1/"), report);
    assertTrue(report.contains("Showing all locks held in the system:"), report);
    assertTrue(report.contains("2 locks held by t0/"), report);
    assertTrue(report.contains("2 locks held by t1/"), report);
    assertTrue(report.contains(" #0: (A/0)") && report.contains(" #0: (B/0)"), report);
    deadlocked.threads.forEach(t -> assertFalse(t.isAlive()));
    // lockdep saw the inversion too, in either case
    assertEquals(LockdepReport.Kind.CIRCULAR, Lockdep.of(deadlocked.k).reports().get(0).kind());
    assertEquals(LockdepReport.Kind.CIRCULAR, Lockdep.of(fine.k).reports().get(0).kind());
    assertNull(fine.sched.failure());
    assertTrue(fine.clean);
  }

  @Test
  void watchdogReportsTaskStuckOutsideSchedulePoints() throws InterruptedException {
    Kernel k = new Kernel();
    Task t = k.spawn("stuck", Cred.root());
    KMutex m = new KMutex(new LockClassKey("M"), Lockdep.of(k));
    TaskScheduler sched = SeededChooser.scheduler(List.of(t), 1);
    k.setSchedHook(sched);
    CountDownLatch never = new CountDownLatch(1);
    Thread th = new Thread(() -> {
      try {
        sched.begin(t);
        t.run(() -> {
          KMutex.mutexLock(m);
          try {
            never.await(); // blocks outside every schedule point
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            KMutex.mutexUnlock(m);
          }
        });
      } catch (TaskScheduler.Aborted e) {
        // unwound
      } finally {
        sched.end(t);
      }
    });
    th.start();
    sched.start();
    assertFalse(sched.awaitEnd(Duration.ofMillis(300)));
    String report = sched.failure();
    assertTrue(report.contains("INFO: task stuck/"), report);
    assertTrue(report.contains("reached no schedule point"), report);
    assertTrue(report.contains("CountDownLatch.await"), report);
    assertTrue(report.contains("1 lock held by stuck/"), report);
    never.countDown();
    th.join();
  }

  /**
   * Tasks that open, write and read a FIFO on a ramfs root under the scheduler, each body as
   * {@code ModelSys} calls; {@code bodies.get(i)} runs as task {@code i}.
   */
  private static final class FifoRun {
    final Kernel k = new Kernel();
    final List<Task> tasks = new ArrayList<>();
    final TaskScheduler sched;
    final List<String> trace = Collections.synchronizedList(new ArrayList<>());
    final boolean clean;

    FifoRun(long seed, List<Consumer<ModelSys>> bodies) {
      Vfs.of(k).registerFilesystem(new RamfsFsType());
      Vfs.of(k).mountRoot(RamfsFsType.NAME, "rootfs", "mode=1777");
      assertEquals(0, ModelSys.of(k.init()).mkfifo("/fifo", 0666));
      for (int i = 0; i < bodies.size(); i++) {
        tasks.add(k.spawn("t" + i, Cred.root()));
      }
      sched = SeededChooser.scheduler(tasks, seed);
      k.setSchedHook((task, point) -> {
        trace.add(task.name() + " " + point);
        sched.at(task, point);
      });
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        Task t = tasks.get(i);
        Consumer<ModelSys> body = bodies.get(i);
        Thread th = new Thread(() -> {
          try {
            sched.begin(t);
            body.accept(ModelSys.of(t));
          } catch (TaskScheduler.Aborted e) {
            // unwound by the scheduler
          } finally {
            sched.end(t);
          }
        });
        th.start();
        threads.add(th);
      }
      sched.start();
      clean = sched.awaitEnd(Duration.ofSeconds(60));
      for (Thread th : threads) {
        try {
          th.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  /**
   * A blocking FIFO open, and a read of an empty FIFO, sleep on the pipe's wait queue: the
   * scheduler sees the task blocked ({@code Task.blockedOn()}), runs the other end, and the
   * rendezvous completes under every seed; the sleeps show as {@code wait:} points.
   */
  @Test
  void fifoRendezvousCompletesUnderEverySeed() {
    boolean sawWait = false;
    for (long seed = 0; seed < 40; seed++) {
      String[] got = new String[1];
      FifoRun run = new FifoRun(seed, List.of(
          s -> {
            int fd = s.open("/fifo", Fcntl.O_RDONLY);
            byte[] buf = new byte[8];
            long n = s.read(fd, buf, 8);
            got[0] = n < 0 ? "errno " + n : new String(buf, 0, (int) n);
            s.close(fd);
          },
          s -> {
            int fd = s.open("/fifo", Fcntl.O_WRONLY);
            s.write(fd, "hello".getBytes(StandardCharsets.UTF_8), 5);
            s.close(fd);
          }));
      assertTrue(run.clean, () -> "seed " + run.sched.failure());
      assertNull(run.sched.failure());
      assertEquals("hello", got[0]);
      sawWait |= run.trace.stream().anyMatch(p -> p.endsWith(" wait:&pipe->wait"));
    }
    assertTrue(sawWait, "some schedule made a task sleep on the pipe");
  }

  /** A FIFO opened for reading with no writer ever coming: a deadlock, named. */
  @Test
  void aFifoOpenNobodyAnswersIsReportedAsBlockedOnTheWaitQueue() {
    FifoRun run = new FifoRun(1, List.of(s -> s.open("/fifo", Fcntl.O_RDONLY)));
    assertFalse(run.clean);
    String report = run.sched.failure();
    assertTrue(report.contains("INFO: task t0/"), report);
    assertTrue(report.contains("blocked on wait queue:\n (&pipe->wait)"), report);
    assertTrue(report.contains("no locks held by t0/"), report);
  }
}
