package ovlsim.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.WaitQueueHead;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import org.junit.jupiter.api.Test;

/**
 * What {@link TaskScheduler} makes of {@link Task#blockedOn()}: a task asleep on a wait queue
 * nobody has woken, or about to take a mutex another task owns, is not offered to the chooser;
 * a wake-up makes it runnable again; a run where every unfinished task is blocked is a
 * deadlock, reported with the channel each task waits on.
 */
class TaskSchedulerTest {
  private final Kernel k = new Kernel();
  private final Task sleeper = k.spawn("sleeper", Cred.root());
  private final Task waker = k.spawn("waker", Cred.root());
  private final WaitQueueHead q = new WaitQueueHead("&test->wait");
  /** What the chooser saw of the sleeper at each decision while it slept, in order. */
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  /** Runs the sleeper (sleeps on {@code q}) and the waker (wakes it) under {@code chooser}. */
  private TaskScheduler run(TaskScheduler.Chooser chooser) {
    TaskScheduler sched = new TaskScheduler(List.of(sleeper, waker), chooser);
    k.setSchedHook(sched);
    List<Thread> threads = List.of(
        start(sched, sleeper, () -> {
          WaitQueueHead.Entry wait = q.prepareToWait(true);
          WaitQueueHead.schedule(wait);
          q.finishWait(wait);
        }),
        start(sched, waker, () -> {
          Sched.point("test:before_wake");
          q.wakeUpInterruptible();
        }));
    sched.start();
    sched.awaitEnd(Duration.ofSeconds(60));
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return sched;
  }

  private static Thread start(TaskScheduler sched, Task t, Runnable body) {
    Thread th = new Thread(() -> {
      try {
        sched.begin(t);
        t.run(body);
      } catch (TaskScheduler.Aborted e) {
        // unwound by the scheduler
      } finally {
        sched.end(t);
      }
    }, t.name());
    th.start();
    return th;
  }

  /** The first task that can run, and a record of how the sleeper looked at each decision. */
  private TaskScheduler.Chooser firstEnabled() {
    return c -> {
      WaitChannel on = c.blockedOn(0);
      if (on != null && !c.done(0)) {
        seen.add(c.enabled(0) + " " + on.describe());
      }
      for (int i = 0; i < c.tasks(); i++) {
        if (c.enabled(i)) {
          return i;
        }
      }
      throw new AssertionError("called with no task enabled");
    };
  }

  @Test
  void aTaskAsleepOnAWaitQueueIsBlockedUntilWokenAndThenRuns() {
    TaskScheduler sched = run(firstEnabled());
    assertNull(sched.failure());
    assertFalse(sched.aborted());
    assertNull(sleeper.blockedOn());
    // At its wait: point the sleeper is blocked and the waker runs; after the wake-up it is
    // runnable again, still on its entry until finish_wait().
    assertEquals(List.of("false &test->wait", "false &test->wait", "true &test->wait"), seen);
  }

  @Test
  void aWakeUpBeforeTheSleepIsLostAndTheSleeperIsReportedBlockedOnTheQueue() {
    // The waker first: it wakes an empty queue, then the sleeper sleeps for ever.
    TaskScheduler sched = run(c -> c.enabled(1) ? 1 : 0);
    assertTrue(sched.aborted());
    String report = sched.failure();
    assertTrue(report.contains("possible deadlock"), report);
    assertTrue(report.contains("INFO: task " + sleeper + " blocked on wait queue:\n"
        + " (&test->wait)\nat wait:&test->wait, woken by nobody"), report);
    assertTrue(report.contains("no locks held by " + sleeper), report);
    assertNull(sleeper.blockedOn(), "the unwound sleep clears blockedOn");
  }

  @Test
  void aTaskAboutToTakeAMutexAnotherOwnsIsBlockedAndNamesIt() {
    KMutex m = new KMutex(new LockClassKey("M"), Lockdep.of(k));
    List<String> pending = Collections.synchronizedList(new ArrayList<>());
    TaskScheduler sched = new TaskScheduler(List.of(sleeper, waker), c -> {
      KMutex p = c.pendingLock(1);
      if (p != null) {
        assertSame(p, c.blockedOn(1));
        assertInstanceOf(KMutex.class, c.blockedOn(1));
        pending.add(c.enabled(1) + " " + p.describe());
      }
      // task 0 takes m and, holding it, lets task 1 run into it
      if (c.current() == 0 && c.point().equals("test:holding")) {
        return 1;
      }
      if (c.current() >= 0 && c.enabled(c.current())) {
        return c.current();
      }
      return c.enabled(0) ? 0 : 1;
    });
    k.setSchedHook(sched);
    List<Thread> threads = List.of(
        start(sched, sleeper, () -> {
          KMutex.mutexLock(m);
          Sched.point("test:holding");
          KMutex.mutexUnlock(m);
        }),
        start(sched, waker, () -> {
          KMutex.mutexLock(m);
          KMutex.mutexUnlock(m);
        }));
    sched.start();
    assertTrue(sched.awaitEnd(Duration.ofSeconds(60)), sched::failure);
    threads.forEach(t -> {
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    // Blocked while task 0 owns m; enabled once it let go (at its unlock, and at its end).
    assertEquals(List.of("false M", "true M", "true M"), pending);
  }
}
