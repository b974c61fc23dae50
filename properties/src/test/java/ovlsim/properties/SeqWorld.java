package ovlsim.properties;

import java.util.ArrayList;
import java.util.List;
import ovlsim.properties.reference.FsView;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.Outcome;
import ovlsim.properties.reference.UnionReference;
import ovlsim.properties.reference.UnionState;
import ovlsim.properties.workload.ModelOverlay;
import ovlsim.properties.workload.OpRunner;
import ovlsim.properties.workload.OverlayInstaller;
import ovlsim.properties.workload.Trees;
import ovlsim.properties.workload.ViewReader;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.overlay.OvlVersion;
import net.jqwik.api.statistics.Statistics;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.Sys;

/**
 * The state of a sequential action chain: the model kernel with the overlay mounted, one task
 * in the mount, and the reference state beside it. {@link #step} runs one operation on both
 * and fails (an {@link AssertionError} that jqwik shrinks) when the errno, the merged view
 * (types, modes, link counts, contents, targets, user xattrs) or the kernel's health (lockdep
 * reports, WARN_ON/BUG_ON) differ from what the reference says.
 */
final class SeqWorld {
  private final OvlVersion version;
  private final Trees trees;
  private final ModelOverlay model;
  private final Sys fs;
  private UnionState ref;
  private final List<String> log = new ArrayList<>();
  /** Why comparing stopped, or {@code null} while it goes on. */
  private String stopped;

  SeqWorld(OvlVersion version, Trees trees, OverlayInstaller installer) {
    this.version = version;
    this.trees = trees;
    this.ref = trees.state(version);
    this.model = ModelOverlay.boot(ref.lower(), ref.upper(), version, installer);
    Task t = model.newTask("seq");
    this.fs = ModelSys.of(t);
    checkView("after mount");
  }

  Kernel kernel() {
    return model.kernel();
  }

  void step(Op op) {
    if (stopped != null) {
      log.add(op + "  (not compared: " + stopped + ")");
      return;
    }
    boolean aliasing = UnionReference.isHardLinkAliasingRename(ref, op);
    UnionReference.Step expected = UnionReference.apply(ref, op);
    Outcome actual = OpRunner.run(fs, op);
    log.add(op + "  -> " + actual);
    if (aliasing && actual.ok()) {
      stopped = "2011 hard-link rename aliasing";
      Statistics.label("comparison stopped").collect(stopped);
      return;
    }
    if (!expected.outcome().equals(actual)) {
      fail("'" + op + "' returned " + actual + ", the reference says " + expected.outcome());
    }
    ref = expected.state();
    checkView("after '" + op + "'");
  }

  private void checkView(String when) {
    FsView want = FsView.of(ref);
    FsView got = ViewReader.read(fs);
    if (!want.equals(got)) {
      fail("the merged view differs " + when + ":\n" + want.diff(got));
    }
    Kernel k = model.kernel();
    if (!Lockdep.of(k).reports().isEmpty()) {
      fail("lockdep reported " + when + ":\n" + Lockdep.of(k).reports().get(0));
    }
    if (!k.bugLog().entries().isEmpty()) {
      fail("the kernel logged " + when + ": " + k.bugLog().entries());
    }
  }

  private void fail(String what) {
    throw new AssertionError(what + "\n" + this);
  }

  @Override
  public String toString() {
    return "overlay " + version.optionName() + " over\n" + trees + "\nsteps:\n  "
        + String.join("\n  ", log) + "\nreference state:\n" + ref;
  }
}
