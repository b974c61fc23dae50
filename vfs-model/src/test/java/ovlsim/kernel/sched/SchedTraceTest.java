package ovlsim.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.locking.Lockdep;

class SchedTraceTest {
  private final Kernel k = new Kernel();
  private final Task a = k.spawn("A", Cred.root());
  private final Task b = k.spawn("B", Cred.root());
  private final KMutex x = new KMutex(new LockClassKey("X"), Lockdep.of(k));
  private final KMutex y = new KMutex(new LockClassKey("Y"), Lockdep.of(k));
  private final SchedTrace trace = new SchedTrace();

  @Test
  void printsATwoColumnTimeline() {
    k.setSchedHook(trace);
    a.run(() -> KMutex.mutexLock(x));
    b.run(
        () -> {
          KMutex.mutexLock(y);
          Sched.point("test:between");
          KMutex.mutexUnlock(y);
        });
    a.run(() -> KMutex.mutexUnlock(x));

    assertEquals(
        "A                | B\n"
            + "-----------------+-----------------\n"
            + "mutex_lock:X/0   |\n"
            + "                 | mutex_lock:Y/0\n"
            + "                 | test:between\n"
            + "                 | mutex_unlock:Y/0\n"
            + "mutex_unlock:X/0 |\n",
        trace.timeline("A", "B"));
    assertEquals(
        "A                | B\n"
            + "-----------------+-----------------\n"
            + "mutex_lock:X/0   |\n"
            + "                 | mutex_lock:Y/0\n"
            + "                 | mutex_unlock:Y/0\n"
            + "mutex_unlock:X/0 |\n",
        trace.timeline(p -> p.startsWith("mutex_"), "A", "B"));

    trace.clear();
    assertEquals(List.of(), trace.events());
  }

  @Test
  void chainCallsEveryHookInOrder() {
    List<String> calls = new ArrayList<>();
    k.setSchedHook(
        SchedHooks.chain(
            (t, p) -> calls.add("first " + t.name() + " " + p),
            (t, p) -> calls.add("second " + t.name() + " " + p)));
    a.run(() -> Sched.point("here"));
    assertEquals(List.of("first A here", "second A here"), calls);
  }
}
