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
    java.util.Map<Lockdep.Dependency, List<String>> traces = new java.util.LinkedHashMap<>();
    lockdep.dependencies().forEach(d -> traces.put(d, lockdep.trace(d)));
    String dot = LockGraph.dot("test", lockdep.classes(), lockdep.dependencies(), traces,
        reports);
    assertTrue(dot.contains("label=\"ovlsim lockdep: test\";"), dot);
    assertTrue(dot.contains("label=\"upperfs\""), dot);
    assertTrue(dot.contains("\"&type->i_mutex_dir_key#upperfs/1\" [color=red"), dot);
    assertTrue(dot.contains(", color=red, fontcolor=red];"), dot);
    // The label names the innermost function of the first trace: this test's lambda.
    assertTrue(dot.contains("[label=\"inversion_is_drawn_red()\""), dot);
    String summary = LockGraph.summary(lockdep.classes(), lockdep.dependencies(), traces);
    assertTrue(summary.contains("&type->i_mutex_dir_key#upperfs/1 -> &type->i_mutex_key#upperfs/0"),
        summary);
  }

  @Test
  void operationOfATrace() {
    assertEquals("rename(): lock_rename()", LockGraph.operation(List.of(
        "ovlsim.vfs.Namei.lockRename(Namei.java:1)",
        "ovlsim.vfs.Namei.lambda$doRenameat$7(Namei.java:2)",
        "ovlsim.syscall.ModelSys.lambda$rename$3(ModelSys.java:3)",
        "ovlsim.syscall.ModelSys.call(ModelSys.java:4)",
        "ovlsim.syscall.ModelSys.rename(ModelSys.java:5)",
        "ovlsim.properties.workload.OpRunner.run(OpRunner.java:6)")));
    assertEquals("link(): vfs_link() (layer setup)", LockGraph.operation(List.of(
        "ovlsim.vfs.Namei.vfsLink(Namei.java:448)",
        "ovlsim.syscall.ModelSys.link(ModelSys.java:499)",
        "ovlsim.properties.workload.LayerWriter.lambda$write$1(LayerWriter.java:73)")));
    assertEquals("?", LockGraph.operation(List.of()));
    assertEquals("ovl_copy_up_one", LockGraph.cName("ovlCopyUpOne"));
  }

  @Test
  void fsTypeOfClass() {
    assertEquals("upperfs", LockGraph.fsType("&type->i_mutex_dir_key#upperfs/1"));
    assertEquals("other", LockGraph.fsType("A/0"));
  }
}
