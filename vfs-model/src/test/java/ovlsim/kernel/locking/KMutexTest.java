package ovlsim.kernel.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import ovlsim.kernel.Kernel;
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

  @Test
  void needsACurrentTask() {
    KMutex m = new KMutex(new LockClassKey("X"), Lockdep.of(k));
    assertThrows(IllegalStateException.class, () -> KMutex.mutexLock(m));
    assertFalse(KMutex.mutexIsLocked(m));
  }
}
