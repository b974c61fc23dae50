package ovlsim.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_CHILD;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_PARENT;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep.Dependency;
import ovlsim.kernel.locking.LockdepReport.Kind;
import org.junit.jupiter.api.Test;

class LockdepTest {
  private final Kernel k = new Kernel();
  private final Lockdep lockdep = Lockdep.of(k);
  private final Task ta = k.spawn("A", Cred.root());
  private final Task tb = k.spawn("B", Cred.root());
  private final KMutex a = mutex("&a->lock");
  private final KMutex b = mutex("&b->lock");
  private final KMutex c = mutex("&c->lock");

  private KMutex mutex(String name) {
    return new KMutex(new LockClassKey(name), lockdep);
  }

  private static void lockUnlock(KMutex... order) {
    for (KMutex m : order) {
      KMutex.mutexLock(m);
    }
    for (int i = order.length - 1; i >= 0; i--) {
      KMutex.mutexUnlock(order[i]);
    }
  }

  /** Runs each body on its own thread, as its own task, and rethrows the first failure. */
  static void runOnThreads(Kernel k, int threads, Runnable body) throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Task t = k.spawn("T" + i, Cred.root());
      Thread th = new Thread(() -> t.run(body), "T" + i);
      th.setUncaughtExceptionHandler((x, e) -> failures.add(e));
      all.add(th);
    }
    all.forEach(Thread::start);
    for (Thread th : all) {
      th.join(60_000);
      assertFalse(th.isAlive(), th.getName() + " still running: deadlock?");
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("a thread failed", failures.peek());
    }
  }

  @Test
  void consistentNestedOrderFromSeveralThreadsIsNotReported() throws InterruptedException {
    runOnThreads(
        k,
        4,
        () -> {
          for (int i = 0; i < 2_000; i++) {
            lockUnlock(a, b, c);
          }
        });

    assertEquals(List.of(), lockdep.reports());
    assertEquals(List.of("&a->lock/0", "&b->lock/0", "&c->lock/0"), lockdep.classes());
    // As check_prevs_add(): only the most recent held lock gets the edge; A reaches C via B.
    assertEquals(
        List.of(
            new Dependency("&a->lock/0", "&b->lock/0"), new Dependency("&b->lock/0", "&c->lock/0")),
        lockdep.dependencies());
  }

  @Test
  void abbaAcrossTwoTasksIsReportedOnceWithTheChain() {
    ta.run(() -> lockUnlock(a, b));
    tb.run(() -> lockUnlock(b, a));
    tb.run(() -> lockUnlock(b, a));
    ta.run(() -> lockUnlock(a, b));

    List<LockdepReport> reports = lockdep.reports();
    assertEquals(1, reports.size(), () -> reports.toString());
    LockdepReport r = reports.get(0);
    assertEquals(Kind.CIRCULAR, r.kind());
    assertEquals(List.of("&a->lock/0", "&b->lock/0"), r.classes());
    String text = r.text();
    assertTrue(
        text.startsWith(
            "\n"
                + "=======================================================\n"
                + "[ INFO: possible circular locking dependency detected ]\n"
                + "2.6.38-ovlsim\n"
                + "-------------------------------------------------------\n"
                + "B/3 is trying to acquire lock:\n"
                + " (&a->lock/0)\n"
                + "\n"
                + "but task is already holding lock:\n"
                + " (&b->lock/0)\n"
                + "\n"
                + "which lock already depends on the new lock.\n"
                + "\n"
                + "\n"
                + "the existing dependency chain (in reverse order) is:\n"
                + "\n"
                + "-> #1 (&b->lock/0):\n"
                + "       ovlsim.kernel.locking.LockdepTest.lockUnlock(LockdepTest.java:"),
        text);
    int entry0 = text.indexOf("\n-> #0 (&a->lock/0):\n");
    int other = text.indexOf("\nother info that might help us debug this:\n\n1 lock held by B/3:\n"
        + " #0:  (&b->lock/0)\n");
    int backtrace = text.indexOf("\nstack backtrace:\nPid: 3, comm: B 2.6.38-ovlsim\nCall Trace:\n");
    assertTrue(0 < entry0 && entry0 < other && other < backtrace, text);

    // The model goes on: B really took and released both locks.
    assertEquals(0, HeldLocks.of(tb).depth());
    assertFalse(KMutex.mutexIsLocked(a));
    assertFalse(KMutex.mutexIsLocked(b));
  }

  @Test
  void aLongerCycleShowsEveryLinkOfTheChain() {
    Task tc = k.spawn("C", Cred.root());
    ta.run(() -> lockUnlock(a, b));
    tb.run(() -> lockUnlock(b, c));
    tc.run(() -> lockUnlock(c, a));

    LockdepReport r = single(Kind.CIRCULAR);
    assertEquals(List.of("&a->lock/0", "&b->lock/0", "&c->lock/0"), r.classes());
    String text = r.text();
    int e2 = text.indexOf("\n-> #2 (&c->lock/0):\n");
    int e1 = text.indexOf("\n-> #1 (&b->lock/0):\n");
    int e0 = text.indexOf("\n-> #0 (&a->lock/0):\n");
    assertTrue(0 < e2 && e2 < e1 && e1 < e0, text);
    assertTrue(text.contains("C/4 is trying to acquire lock:\n (&a->lock/0)\n"), text);
  }

  @Test
  void anOlderHeldLockClosesTheCycleThroughTheNewestOne() {
    ta.run(() -> lockUnlock(c, a));
    tb.run(() -> lockUnlock(a, b, c));

    LockdepReport r = single(Kind.CIRCULAR);
    // B holds a then b and wants c; c -> a -> b already exists.
    assertEquals(List.of("&c->lock/0", "&a->lock/0", "&b->lock/0"), r.classes());
    assertTrue(r.text().contains("2 locks held by B/3:\n #0:  (&a->lock/0)\n #1:  (&b->lock/0)\n"));
  }

  @Test
  void parentThenChildSubclassesOfOneClassAreNotReported() {
    LockClassKey key = new LockClassKey("&type->i_mutex_key#upperfs");
    KMutex dir = new KMutex(key, lockdep);
    KMutex child = new KMutex(key, lockdep);
    ta.run(
        () -> {
          KMutex.mutexLockNested(dir, I_MUTEX_PARENT);
          KMutex.mutexLockNested(child, I_MUTEX_CHILD);
          assertSame(I_MUTEX_CHILD, child.ownerSubclass());
          KMutex.mutexUnlock(child);
          KMutex.mutexUnlock(dir);
        });

    assertEquals(List.of(), lockdep.reports());
    assertEquals(
        List.of(
            new Dependency("&type->i_mutex_key#upperfs/1", "&type->i_mutex_key#upperfs/2")),
        lockdep.dependencies());
  }

  @Test
  void theSameSubclassTwiceIsRecursiveLocking() {
    LockClassKey key = new LockClassKey("&type->i_mutex_key#upperfs");
    KMutex dir = new KMutex(key, lockdep);
    KMutex child = new KMutex(key, lockdep);
    ta.run(
        () -> {
          KMutex.mutexLock(dir);
          KMutex.mutexLock(child);
          assertSame(ta, child.owner());
          KMutex.mutexUnlock(child);
          KMutex.mutexUnlock(dir);
        });

    LockdepReport r = single(Kind.RECURSIVE);
    assertEquals(List.of("&type->i_mutex_key#upperfs/0"), r.classes());
    assertTrue(
        r.text()
            .startsWith(
                "\n"
                    + "=============================================\n"
                    + "[ INFO: possible recursive locking detected ]\n"
                    + "2.6.38-ovlsim\n"
                    + "---------------------------------------------\n"
                    + "A/2 is trying to acquire lock:\n"
                    + " (&type->i_mutex_key#upperfs/0)\n"
                    + "\n"
                    + "but task is already holding lock:\n"
                    + " (&type->i_mutex_key#upperfs/0)\n"
                    + "\n"
                    + "other info that might help us debug this:\n"
                    + "1 lock held by A/2:\n"
                    + " #0:  (&type->i_mutex_key#upperfs/0)\n"
                    + "\n"
                    + "stack backtrace:\n"),
        r.text());
    assertEquals(List.of(), lockdep.dependencies());
  }

  @Test
  void relockingAHeldMutexIsReportedAndThrowsInsteadOfHanging() {
    ta.run(
        () -> {
          KMutex.mutexLock(a);
          assertThrows(KernelBug.class, () -> KMutex.mutexLock(a));
          assertSame(ta, a.owner());
          assertEquals(1, HeldLocks.of(ta).depth());
          KMutex.mutexUnlock(a);
        });

    assertEquals(0, HeldLocks.of(ta).depth());
    assertFalse(KMutex.mutexIsLocked(a));
    LockdepReport r = single(Kind.RECURSIVE);
    assertEquals(List.of("&a->lock/0"), r.classes());
  }

  @Test
  void unlockByANonOwnerIsABadUnlockBalance() {
    ta.run(() -> KMutex.mutexLock(a));
    tb.run(() -> assertThrows(KernelBug.class, () -> KMutex.mutexUnlock(a)));

    LockdepReport r = single(Kind.BAD_UNLOCK);
    assertEquals(List.of("&a->lock"), r.classes());
    String text = r.text();
    assertTrue(
        text.startsWith(
            "\n"
                + "=====================================\n"
                + "[ BUG: bad unlock balance detected! ]\n"
                + "2.6.38-ovlsim\n"
                + "-------------------------------------\n"
                + "B/3 is trying to release lock (&a->lock) at:\n"
                + "ovlsim.kernel.locking.LockdepTest"),
        text);
    assertTrue(
        text.contains(
            "but there are no more locks to release!\n"
                + "\n"
                + "other info that might help us debug this:\n"
                + "no locks held by B/3.\n"),
        text);
    // The mutex stays with its owner, who can release it.
    assertSame(ta, a.owner());
    ta.run(() -> KMutex.mutexUnlock(a));
    assertFalse(KMutex.mutexIsLocked(a));
    assertEquals(1, lockdep.reports().size());
  }

  @Test
  void reportsAreDeduplicatedUntilCleared() {
    ta.run(() -> KMutex.mutexLock(a));
    tb.run(() -> assertThrows(KernelBug.class, () -> KMutex.mutexUnlock(a)));
    tb.run(() -> assertThrows(KernelBug.class, () -> KMutex.mutexUnlock(a)));
    assertEquals(1, lockdep.reports().size());

    lockdep.clear();
    assertEquals(List.of(), lockdep.reports());
    tb.run(() -> assertThrows(KernelBug.class, () -> KMutex.mutexUnlock(a)));
    assertEquals(1, lockdep.reports(Kind.BAD_UNLOCK).size());
    ta.run(() -> KMutex.mutexUnlock(a));
  }

  @Test
  void clearKeepsTheDependenciesAndResetForgetsThem() {
    ta.run(() -> lockUnlock(a, b));
    lockdep.clear();
    tb.run(() -> lockUnlock(b, a));
    assertEquals(1, lockdep.reports(Kind.CIRCULAR).size());

    lockdep.reset();
    assertEquals(List.of(), lockdep.dependencies());
    assertEquals(List.of(), lockdep.classes());
    tb.run(() -> lockUnlock(b, a));
    assertEquals(List.of(), lockdep.reports());
    assertEquals(List.of(new Dependency("&b->lock/0", "&a->lock/0")), lockdep.dependencies());
  }

  @Test
  void trylockFailsWhenHeldAndAddsNoDependencyOfItsOwn() {
    ta.run(() -> KMutex.mutexLock(a));
    tb.run(() -> assertFalse(KMutex.mutexTrylock(a)));
    ta.run(() -> assertFalse(KMutex.mutexTrylock(a)));
    ta.run(() -> KMutex.mutexUnlock(a));

    tb.run(
        () -> {
          KMutex.mutexLock(b);
          assertTrue(KMutex.mutexTrylock(a));
          assertTrue(HeldLocks.of(tb).holds(a));
          KMutex.mutexUnlock(a);
          KMutex.mutexUnlock(b);
        });
    assertEquals(List.of(), lockdep.dependencies());
    assertEquals(List.of(), lockdep.reports());
  }

  @Test
  void aLockTakenAboveATrylockDependsOnItAndOnTheLockBelow() {
    ta.run(
        () -> {
          KMutex.mutexLock(a);
          assertTrue(KMutex.mutexTrylock(b));
          KMutex.mutexLock(c);
          KMutex.mutexUnlock(c);
          KMutex.mutexUnlock(b);
          KMutex.mutexUnlock(a);
        });
    assertEquals(
        List.of(
            new Dependency("&b->lock/0", "&c->lock/0"), new Dependency("&a->lock/0", "&c->lock/0")),
        lockdep.dependencies());
  }

  @Test
  void releasingOutOfOrderKeepsTheHeldStackRight() {
    ta.run(
        () -> {
          KMutex.mutexLock(a);
          KMutex.mutexLock(b);
          KMutex.mutexLock(c);
          KMutex.mutexUnlock(b);
          assertEquals("[&a->lock/0, &c->lock/0]", HeldLocks.of(ta).snapshot().toString());
          KMutex.mutexUnlock(a);
          KMutex.mutexUnlock(c);
        });
    assertEquals(0, HeldLocks.of(ta).depth());
    assertEquals(List.of(), lockdep.reports());
  }

  @Test
  void traceGivesTheSavedTraceAsTheLinesTheReportPrints() {
    ta.run(() -> lockUnlock(a, b));
    List<String> trace = lockdep.trace(new Dependency("&a->lock/0", "&b->lock/0"));
    assertFalse(trace.isEmpty());
    // innermost first, lockdep's own frames left out: the caller that took b under a
    assertTrue(trace.get(0).startsWith("ovlsim.kernel.locking.LockdepTest.lockUnlock("
        + "LockdepTest.java:"), trace.toString());
    assertTrue(trace.stream().noneMatch(l -> l.contains("Lockdep") && !l.contains("LockdepTest")),
        trace.toString());
    assertSame(trace, lockdep.trace(new Dependency("&a->lock/0", "&b->lock/0")),
        "formatted once");
    assertEquals(List.of(), lockdep.trace(new Dependency("&b->lock/0", "&a->lock/0")));
    // the circular report prints the same lines for the edge a -> b
    tb.run(() -> lockUnlock(b, a));
    String text = single(Kind.CIRCULAR).text();
    int edge = text.indexOf("-> #1 (&b->lock/0):\n");
    assertTrue(edge > 0, text);
    for (String frame : trace) {
      assertTrue(text.indexOf("       " + frame + "\n", edge) > 0, frame + " in " + text);
    }
  }

  @Test
  void eachKernelHasItsOwnLockdep() {
    ta.run(() -> lockUnlock(a, b));
    tb.run(() -> lockUnlock(b, a));
    Kernel other = new Kernel();
    assertEquals(1, lockdep.reports().size());
    assertEquals(List.of(), Lockdep.of(other).reports());
    assertEquals(List.of(), Lockdep.of(other).dependencies());
  }

  private LockdepReport single(Kind kind) {
    List<LockdepReport> all = lockdep.reports();
    assertEquals(1, all.size(), () -> all.toString());
    assertEquals(kind, all.get(0).kind(), () -> all.toString());
    return all.get(0);
  }
}
