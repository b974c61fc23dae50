package ovlsim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

class FaultPlanTest {
  /** Calls {@code op} {@code n} times; the 1-based numbers of the calls that failed, with errno. */
  private static List<String> run(FaultPlan plan, String op, int n) {
    List<String> failed = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      try {
        plan.check(op);
      } catch (KernelError e) {
        failed.add(i + ":" + e.errno());
      }
    }
    return failed;
  }

  @Test
  void failNthFiresOnceOnExactlyThatCall() {
    FaultPlan plan = new FaultPlan().failNth("upper.write", 3, Errno.ENOSPC);
    assertEquals(List.of("3:ENOSPC"), run(plan, "upper.write", 10));
    assertEquals(List.of(), run(plan, "upper.create", 10));
    assertEquals(10, plan.calls("upper.write"));
    assertEquals(10, plan.calls("upper.create"));
    assertEquals(0, plan.calls("lower.read"));
    assertEquals(List.of(new FaultPlan.Injection("upper.write", 3, Errno.ENOSPC)), plan.log());
  }

  @Test
  void failFromFiresOnEveryLaterCall() {
    FaultPlan plan = new FaultPlan().failFrom("lower.read", 4, Errno.EIO);
    assertEquals(List.of("4:EIO", "5:EIO", "6:EIO"), run(plan, "lower.read", 6));
    assertEquals(3, plan.log().size());
  }

  @Test
  void severalRulesOnOneOperationTheFirstMatchingWins() {
    FaultPlan plan =
        new FaultPlan()
            .failNth("upper.setxattr", 2, Errno.EIO)
            .failFrom("upper.setxattr", 2, Errno.ENOSPC);
    assertEquals(List.of("2:EIO", "3:ENOSPC"), run(plan, "upper.setxattr", 3));
  }

  @Test
  void probabilityDependsOnlyOnSeedOperationAndCallNumber() {
    FaultPlan a = new FaultPlan().failWithProbability("lower.read", 0.3, 7, Errno.EIO);
    FaultPlan b = new FaultPlan().failWithProbability("lower.read", 0.3, 7, Errno.EIO);
    // b's other operations, interleaved, do not move lower.read's outcomes.
    List<String> fromA = run(a, "lower.read", 200);
    List<String> fromB = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      b.check("lower.lookup");
      try {
        b.check("lower.read");
      } catch (KernelError e) {
        fromB.add(i + ":" + e.errno());
      }
    }
    assertEquals(fromA, fromB);
    assertTrue(fromA.size() > 20 && fromA.size() < 120, fromA::toString);
    FaultPlan other = new FaultPlan().failWithProbability("lower.read", 0.3, 8, Errno.EIO);
    assertTrue(!run(other, "lower.read", 200).equals(fromA), "another seed, other calls");
    assertEquals(List.of(), run(new FaultPlan().failWithProbability("x", 0, 1, Errno.EIO), "x", 50));
    assertEquals(50, run(new FaultPlan().failWithProbability("x", 1, 1, Errno.EIO), "x", 50).size());
  }

  @Test
  void clearForgetsRulesAndCountsButKeepsTheLog() {
    FaultPlan plan = new FaultPlan().failNth("op", 1, Errno.EIO);
    assertEquals(List.of("1:EIO"), run(plan, "op", 2));
    plan.clear();
    assertEquals(0, plan.calls("op"));
    assertEquals(List.of(), run(plan, "op", 2));
    plan.failNth("op", 1, Errno.EPERM);
    assertEquals(List.of(), run(plan, "op", 1), "counting went on from 2 after the rule");
    plan.clear();
    plan.failNth("op", 1, Errno.EPERM);
    assertEquals(List.of("1:EPERM"), run(plan, "op", 1));
    assertEquals(
        List.of(new FaultPlan.Injection("op", 1, Errno.EIO), new FaultPlan.Injection("op", 1, Errno.EPERM)),
        plan.log());
  }

  @Test
  void refusesBadArguments() {
    FaultPlan plan = new FaultPlan();
    assertThrows(IllegalArgumentException.class, () -> plan.failNth("op", 0, Errno.EIO));
    assertThrows(IllegalArgumentException.class, () -> plan.failFrom("op", -1, Errno.EIO));
    assertThrows(
        IllegalArgumentException.class, () -> plan.failWithProbability("op", 1.5, 1, Errno.EIO));
    assertThrows(
        IllegalArgumentException.class,
        () -> plan.failWithProbability("op", Double.NaN, 1, Errno.EIO));
    assertThrows(NullPointerException.class, () -> plan.failNth("op", 1, null));
    assertThrows(NullPointerException.class, () -> plan.failNth(null, 1, Errno.EIO));
  }

  @Test
  void concurrentCallersGetDistinctNumbersAndNthFiresOnce() throws Exception {
    FaultPlan plan = new FaultPlan().failNth("lower.read", 1000, Errno.EIO);
    int threads = 4;
    int each = 2500;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        failures.add(pool.submit(() -> {
          start.await();
          return run(plan, "lower.read", each).size();
        }));
      }
      int total = 0;
      for (Future<Integer> f : failures) {
        total += f.get();
      }
      assertEquals(1, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) threads * each, plan.calls("lower.read"));
    assertEquals(List.of(new FaultPlan.Injection("lower.read", 1000, Errno.EIO)), plan.log());
  }
}
