package ovlsim.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import org.junit.jupiter.api.Test;

class KMutexTest {
  private final Kernel k = new Kernel();

  /** Guarded by {@code m}; deliberately not atomic. */
  private int counter;

  @Test
  void excludesOtherTasksUnderRealThreads() throws InterruptedException {
    KMutex m = new KMutex(new LockClassKey("&counter->lock"), Lockdep.of(k));
    int threads = 4;
    int rounds = 20_000;
    LockdepTest.runOnThreads(
        k,
        threads,
        () -> {
          for (int i = 0; i < rounds; i++) {
            KMutex.mutexLock(m);
            int seen = counter;
            Thread.onSpinWait();
            counter = seen + 1;
            KMutex.mutexUnlock(m);
          }
        });
    assertEquals(threads * rounds, counter);
    assertFalse(KMutex.mutexIsLocked(m));
    assertNull(m.owner());
    assertEquals(List.of(), Lockdep.of(k).reports());
  }

  @Test
  void namesAClassBySubclass() {
    KMutex m = new KMutex(new LockClassKey("&type->i_mutex_key#upperfs"), Lockdep.of(k));
    assertEquals("&type->i_mutex_key#upperfs/1", m.name(MutexSubclass.I_MUTEX_PARENT));
    assertEquals("&type->i_mutex_key#upperfs", m.toString());
  }

  /**
   * The schedulers' contract ({@code WaitChannel}): at its {@code mutex_lock:} point a task is
   * blocked on the mutex, ready only while nobody owns it; once it owns the mutex it runs.
   */
  @Test
  void aTaskAtItsLockPointIsBlockedOnTheMutex() {
    KMutex m = new KMutex(new LockClassKey("M"), Lockdep.of(k));
    Task t = k.spawn("t", Cred.root());
    Task other = k.spawn("other", Cred.root());
    List<String> seen = new ArrayList<>();
    k.setSchedHook(
        (task, point) -> {
          if (task == t && point.startsWith("mutex_lock:")) {
            WaitChannel on = task.blockedOn();
            seen.add(point + " on=" + on.describe() + " ready=" + on.ready()
                + " holder=" + on.holder());
          }
        });
    t.run(() -> {
      assertNull(t.blockedOn());
      KMutex.mutexLock(m);
      assertNull(t.blockedOn(), "owns it: running");
      KMutex.mutexUnlock(m);
    });
    assertEquals(List.of("mutex_lock:M/0 on=M ready=true holder=null"), seen);
    other.run(() -> KMutex.mutexLock(m));
    assertFalse(m.ready(), "owned by another task: a task about to take it is blocked");
    assertSame(other, m.holder());
    other.run(() -> KMutex.mutexUnlock(m));
    assertTrue(m.ready());
  }

  @Test
  void needsACurrentTask() {
    KMutex m = new KMutex(new LockClassKey("X"), Lockdep.of(k));
    assertThrows(IllegalStateException.class, () -> KMutex.mutexLock(m));
    assertFalse(KMutex.mutexIsLocked(m));
  }
}
