package ovlsim.properties;

import java.util.ArrayList;
import java.util.List;
import ovlsim.conformance.backend.Backend;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.conformance.backend.Target;
import ovlsim.properties.reference.FsView;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.Outcome;
import ovlsim.properties.reference.Semantics;
import ovlsim.properties.reference.UnionReference;
import ovlsim.properties.reference.UnionState;
import ovlsim.properties.workload.LayerWriter;
import ovlsim.properties.workload.OpRunner;
import ovlsim.properties.workload.Trees;
import ovlsim.properties.workload.ViewReader;

/**
 * The state of a kernel-differential chain: the running kernel's overlayfs over the two
 * layers (through the conformance runner's {@link KernelBackend}), and the reference under
 * {@link Semantics#DOCUMENTED} beside it. The layers are written with upstream whiteouts
 * (character devices 0/0, {@link LayerWriter.Format#UPSTREAM}); the mount pins
 * {@code redirect_dir=off,index=off,metacopy=off,xino=off}, so renaming a lower or merged
 * directory is EXDEV as in 2011.
 */
final class KernelWorld implements AutoCloseable {
  /** Every world of the current try, closed by the property when the try ends. */
  static final List<KernelWorld> OPEN = new ArrayList<>();

  private final Trees trees;
  private final Backend.Instance instance;
  private UnionState ref;
  private final List<String> log = new ArrayList<>();

  KernelWorld(Trees trees) {
    this.trees = trees;
    this.ref = trees.state(Semantics.DOCUMENTED);
    this.instance = new KernelBackend().start("property");
    synchronized (OPEN) {
      OPEN.add(this);
    }
    UnionState s = ref;
    instance.run(Creds.ROOT, Target.LOWER, sys -> {
      LayerWriter.write(s.lower(), sys, LayerWriter.Format.UPSTREAM);
      return null;
    });
    instance.run(Creds.ROOT, Target.UPPER, sys -> {
      LayerWriter.write(s.upper(), sys, LayerWriter.Format.UPSTREAM);
      return null;
    });
    instance.mount(false);
    checkView("after mount");
  }

  static void closeAll() {
    synchronized (OPEN) {
      OPEN.forEach(KernelWorld::close);
      OPEN.clear();
    }
  }

  void step(Op op) {
    UnionReference.Step expected = UnionReference.apply(ref, op);
    Outcome actual = instance.run(Creds.ROOT, Target.MOUNT, sys -> OpRunner.run(sys, op));
    log.add(op + "  -> " + actual);
    if (!expected.outcome().equals(actual)) {
      fail("'" + op + "' returned " + actual + " on the kernel, the reference says "
          + expected.outcome());
    }
    ref = expected.state();
    checkView("after '" + op + "'");
  }

  private void checkView(String when) {
    FsView want = FsView.of(ref);
    FsView got = instance.run(Creds.ROOT, Target.MOUNT, sys -> ViewReader.read(sys));
    if (!want.equals(got)) {
      fail("the kernel's merged view differs " + when + ":\n" + want.diff(got));
    }
  }

  private void fail(String what) {
    throw new AssertionError(what + "\n" + this);
  }

  @Override
  public void close() {
    instance.close();
  }

  @Override
  public String toString() {
    return "kernel " + System.getProperty("os.version") + " overlayfs over\n" + trees
        + "\nsteps:\n  " + String.join("\n  ", log) + "\nreference state:\n" + ref;
  }
}
