package ovlsim.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.sched.SchedTrace.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BreakpointsTest {
  private final Kernel k = new Kernel();
  private final Task a = k.spawn("A", Cred.root());
  private final Task b = k.spawn("B", Cred.root());
  private final KMutex x = new KMutex(new LockClassKey("X"), Lockdep.of(k));
  private final KMutex y = new KMutex(new LockClassKey("Y"), Lockdep.of(k));
  private final SchedTrace trace = new SchedTrace();
  private Breakpoints bp = new Breakpoints();

  private void install() {
    k.setSchedHook(SchedHooks.chain(trace, bp));
  }

  @AfterEach
  void releaseEverything() {
    bp.releaseAll();
  }

  /** A thread that runs {@code body} as {@code task} and keeps what it threw. */
  private static final class TaskThread {
    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    TaskThread(Task task, Runnable body) {
      thread =
          new Thread(
              () -> {
                try {
                  task.run(body);
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              task.name());
      thread.start();
    }

    Throwable join() throws InterruptedException {
      thread.join(60_000);
      assertFalse(thread.isAlive(), thread.getName() + " still running");
      return failure.get();
    }

    void joinOk() throws InterruptedException {
      Throwable e = join();
      if (e != null) {
        throw new AssertionError(thread.getName() + " failed", e);
      }
    }
  }

  @Test
  void parksATaskAtANamedPointWhileAnotherRuns() throws InterruptedException {
    install();
    bp.arm("A", "test:middle");
    TaskThread ta =
        new TaskThread(
            a,
            () -> {
              KMutex.mutexLock(x);
              Sched.point("test:middle");
              KMutex.mutexUnlock(x);
            });

    assertEquals("test:middle", bp.awaitParked("A"));
    assertTrue(bp.isParked("A"));
    assertSame(a, x.owner());

    new TaskThread(
            b,
            () -> {
              KMutex.mutexLock(y);
              KMutex.mutexUnlock(y);
            })
        .joinOk();
    assertTrue(bp.isParked("A"));
    assertSame(a, x.owner());

    bp.release("A");
    ta.joinOk();
    assertFalse(bp.isParked("A"));
    assertFalse(KMutex.mutexIsLocked(x));
    assertEquals(
        List.of(
            new Event("A", "mutex_lock:X/0"),
            new Event("A", "test:middle"),
            new Event("B", "mutex_lock:Y/0"),
            new Event("B", "mutex_unlock:Y/0"),
            new Event("A", "mutex_unlock:X/0")),
        trace.events());
    assertEquals(List.of(), Lockdep.of(k).reports());
  }

  @Test
  void parksATaskBeforeItBlocksOnAMutexByPrefix() throws InterruptedException {
    install();
    a.run(() -> KMutex.mutexLock(x));
    bp.armPrefix("B", "mutex_lock:X");
    TaskThread tb =
        new TaskThread(
            b,
            () -> {
              KMutex.mutexLock(x);
              KMutex.mutexUnlock(x);
            });

    assertEquals("mutex_lock:X/0", bp.awaitParked("B"));
    // Lockdep records the acquire before the task sleeps, as the kernel does.
    assertEquals("[X/0]", HeldLocks.of(b).snapshot().toString());
    assertSame(a, x.owner());

    bp.release("B");
    a.run(() -> KMutex.mutexUnlock(x));
    tb.joinOk();
    assertFalse(KMutex.mutexIsLocked(x));
    assertEquals(
        List.of(new Event("A", "mutex_lock:X/0"), new Event("B", "mutex_lock:X/0")),
        trace.events().subList(0, 2));
    assertEquals(List.of("mutex_lock:X/0", "mutex_unlock:X/0"), trace.points("A"));
    assertEquals(List.of("mutex_lock:X/0", "mutex_unlock:X/0"), trace.points("B"));
  }

  @Test
  void aBreakpointFiresOnceAndOnlyForItsTask() throws InterruptedException {
    install();
    bp.arm("A", "p");
    b.run(() -> Sched.point("p"));
    assertFalse(bp.isParked("B"));

    TaskThread ta =
        new TaskThread(
            a,
            () -> {
              Sched.point("p");
              Sched.point("p");
            });
    assertEquals("p", bp.awaitParked("A"));
    bp.release("A");
    ta.joinOk();
    assertEquals(List.of("p", "p"), trace.points("A"));
  }

  @Test
  void aDisarmedBreakpointDoesNotPark() {
    install();
    bp.arm("A", "p");
    bp.disarm("A");
    a.run(() -> Sched.point("p"));
    assertFalse(bp.isParked("A"));
    assertEquals(List.of("p"), trace.points("A"));
  }

  @Test
  void releaseAllLetsAParkedTaskGo() throws InterruptedException {
    install();
    bp.arm("A", "p");
    TaskThread ta = new TaskThread(a, () -> Sched.point("p"));
    bp.awaitParked("A");
    bp.releaseAll();
    ta.joinOk();
    assertNull(bp.parkedAt("A"));
  }

  @Test
  void releasingATaskThatIsNotParkedFails() {
    install();
    assertThrows(IllegalStateException.class, () -> bp.release("A"));
  }

  @Test
  void awaitParkedGivesUpWithEveryTasksLocks() {
    bp = new Breakpoints(Duration.ofMillis(200));
    install();
    a.run(() -> KMutex.mutexLock(x));
    bp.arm("B", "never:reached");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> bp.awaitParked("B"));
    assertTrue(e.getMessage().startsWith("task B did not park within"), e.getMessage());
    assertTrue(
        e.getMessage().contains("A/2: last at mutex_lock:X/0, holds [X/0]"), e.getMessage());
    a.run(() -> KMutex.mutexUnlock(x));
  }

  @Test
  void aParkedTaskThatIsNeverReleasedFailsInsteadOfHanging() throws InterruptedException {
    bp = new Breakpoints(Duration.ofMillis(200));
    install();
    bp.arm("A", "p");
    TaskThread ta =
        new TaskThread(
            a,
            () -> {
              KMutex.mutexLock(x);
              try {
                Sched.point("p");
              } finally {
                KMutex.mutexUnlock(x);
              }
            });

    Throwable e = ta.join();
    assertInstanceOf(IllegalStateException.class, e);
    assertTrue(e.getMessage().startsWith("task A parked at p was not released"), e.getMessage());
    assertTrue(e.getMessage().contains("A/2: parked at p, holds [X/0]"), e.getMessage());
    assertFalse(KMutex.mutexIsLocked(x));
  }
}
