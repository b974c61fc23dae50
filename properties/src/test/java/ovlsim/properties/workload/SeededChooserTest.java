package ovlsim.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.sched.TaskScheduler;

/** The task-at-a-time scheduler under the seeded policy: replayable interleavings, deadlocks reported instead of hanging. */
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
}
