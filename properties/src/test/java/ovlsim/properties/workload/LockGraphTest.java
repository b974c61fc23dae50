package ovlsim.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Op;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.overlay.OvlMutant;
import ovlsim.overlay.OvlMutants;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;

/** The class graph: text summary, DOT clusters, and a reported cycle drawn red. */
class LockGraphTest {
  @Test
  void inversionIsDrawnRed() {
    var s = new Trees(List.of(NodeSpec.file("f", 0644, "x")), List.of()).state();
    ModelOverlay m = ModelOverlay.boot(s.lower(), s.upper(), OvlVersion.V7,
        OvlMutants.of(OvlMutant.COPY_UP_CHILD_BEFORE_PARENT));
    OpRunner.run(ModelSys.of(m.newTask("t")), new Op.Chmod("f", 0600));
    var lockdep = Lockdep.of(m.kernel());
    List<LockdepReport> reports = lockdep.reports();
    assertEquals(LockdepReport.Kind.CIRCULAR, reports.get(0).kind());
    String dot = LockGraph.dot(lockdep.classes(), lockdep.dependencies(), reports);
    assertTrue(dot.contains("label=\"upperfs\""), dot);
    assertTrue(dot.contains("\"&type->i_mutex_dir_key#upperfs/1\" [color=red"), dot);
    assertTrue(dot.contains("[color=red];"), dot);
    String summary = LockGraph.summary(lockdep.classes(), lockdep.dependencies());
    assertTrue(summary.contains("&type->i_mutex_dir_key#upperfs/1 -> &type->i_mutex_key#upperfs/0"),
        summary);
    assertTrue(summary.contains("&type->i_mutex_key#upperfs/0 -> &type->i_mutex_dir_key#upperfs/1")
        || reports.get(0).classes().size() == 2, summary);
  }

  @Test
  void fsTypeOfClass() {
    assertEquals("upperfs", LockGraph.fsType("&type->i_mutex_dir_key#upperfs/1"));
    assertEquals("other", LockGraph.fsType("A/0"));
  }
}
