package ovlsim.properties;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import ovlsim.conformance.backend.KernelBackend;

/**
 * The sequential chains of {@link SequentialUnionTest} on the running
 * kernel's overlayfs (the conformance runner's {@link KernelBackend}: root, an overlay in
 * /proc/filesystems, a trial mount), compared with the reference under its documented
 * semantics. Skipped, with the backend's one-line reason, where the kernel cannot run it.
 *
 * <p>Where 2011 and upstream differ, the comparison is restricted: the whiteouts and opaque
 * directories of the generated upper layer are written in the upstream format (whiteouts are
 * 0/0 character devices); only {@code user.*} xattrs are compared (private
 * {@code trusted.overlay.*} names behave differently, see deviations.txt); the reference runs
 * {@link ovlsim.properties.reference.Semantics#DOCUMENTED}, i.e. without the 2011 patch's
 * stale-dentry-flag behaviour; directory link counts and sizes are not compared. Every
 * operation of the generator is kept.
 */
@AddLifecycleHook(value = BudgetHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
@AddLifecycleHook(value = KernelDifferentialTest.KernelAvailable.class,
    propagateTo = PropagationMode.ALL_DESCENDANTS)
class KernelDifferentialTest {
  @Property
  @Budget(tries = 150)
  void kernelMatchesReference(@ForAll("chains") ActionChain<KernelWorld> chain) {
    try {
      chain.run();
    } finally {
      KernelWorld.closeAll();
    }
  }

  @Provide
  Arbitrary<ActionChain<KernelWorld>> chains() {
    Action.Independent<KernelWorld> op = () -> Generators.ops().map(
        o -> Transformer.mutate(o.toString(), w -> w.step(o)));
    return Generators.trees().flatMap(t -> ActionChain.<KernelWorld>startWith(() -> new KernelWorld(t))
        .withAction(op)
        .withMaxTransformations(SequentialUnionTest.MAX_STEPS));
  }

  /** Skips the property, saying why, where the kernel backend cannot run. */
  public static final class KernelAvailable implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      String why = KernelBackend.availability();
      return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
    }
  }
}
