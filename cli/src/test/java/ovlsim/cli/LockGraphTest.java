package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.locking.MutexSubclass;
import org.junit.jupiter.api.Test;

/** The class graph: text summary, DOT clusters by filesystem type, a reported cycle in red. */
class LockGraphTest {
  @Test
  void inversionIsDrawnRed() {
    Kernel k = new Kernel();
    Lockdep lockdep = Lockdep.of(k);
    KMutex dir = new KMutex(new LockClassKey("&type->i_mutex_dir_key#upperfs"), lockdep);
    KMutex file = new KMutex(new LockClassKey("&type->i_mutex_key#upperfs"), lockdep);
    Task t = k.spawn("t", Cred.root());
    t.run(() -> {
      // parent then child, as ovl_copy_up_locked() takes them ...
      KMutex.mutexLockNested(dir, MutexSubclass.I_MUTEX_PARENT);
      KMutex.mutexLock(file);
      KMutex.mutexUnlock(file);
      KMutex.mutexUnlock(dir);
      // ... then child before parent: the inversion lockdep reports
      KMutex.mutexLock(file);
      KMutex.mutexLockNested(dir, MutexSubclass.I_MUTEX_PARENT);
      KMutex.mutexUnlock(dir);
      KMutex.mutexUnlock(file);
    });
    List<LockdepReport> reports = lockdep.reports();
    assertEquals(LockdepReport.Kind.CIRCULAR, reports.get(0).kind());
    String dot = LockGraph.dot(lockdep.classes(), lockdep.dependencies(), reports);
    assertTrue(dot.contains("label=\"upperfs\""), dot);
    assertTrue(dot.contains("\"&type->i_mutex_dir_key#upperfs/1\" [color=red"), dot);
    assertTrue(dot.contains("[color=red];"), dot);
    String summary = LockGraph.summary(lockdep.classes(), lockdep.dependencies());
    assertTrue(summary.contains("&type->i_mutex_dir_key#upperfs/1 -> &type->i_mutex_key#upperfs/0"),
        summary);
  }

  @Test
  void fsTypeOfClass() {
    assertEquals("upperfs", LockGraph.fsType("&type->i_mutex_dir_key#upperfs/1"));
    assertEquals("other", LockGraph.fsType("A/0"));
  }
}
