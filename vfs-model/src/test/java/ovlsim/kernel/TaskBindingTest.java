package ovlsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A task is one thread of execution: the thread that enters it is {@code current} there. */
class TaskBindingTest {
  private final Kernel k = new Kernel();

  @Test
  void nestedCallsKeepTheTaskAndTheOuterOneRestoresThePrevious() throws Exception {
    Task a = k.spawn("A", Cred.root());
    Task b = k.spawn("B", Cred.root());
    assertNull(Task.currentOrNull());
    a.run(() -> {
      assertSame(a, Task.current());
      b.run(() -> {
        assertSame(b, Task.current());
        a.run(() -> assertSame(a, Task.current(), "a again, inside b"));
        assertSame(b, Task.current());
      });
      a.run(() -> assertSame(a, Task.current()));
      assertSame(a, Task.current());
    });
    assertNull(Task.currentOrNull());
  }

  @Test
  void aSecondThreadCannotEnterARunningTaskAndCanAfterItReturns() throws Exception {
    Task a = k.spawn("A", Cred.root());
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> a.run(() -> {
      inside.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), "first");
    t.start();
    inside.await();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.run(() -> { }));
    assertTrue(e.getMessage().contains("already running on thread first"), e.getMessage());
    done.countDown();
    t.join();

    AtomicReference<Task> seen = new AtomicReference<>();
    assertEquals(7, (int) a.call(() -> {
      seen.set(Task.current());
      return 7;
    }));
    assertSame(a, seen.get());
  }
}
