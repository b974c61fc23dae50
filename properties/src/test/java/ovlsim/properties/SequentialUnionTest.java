package ovlsim.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import ovlsim.properties.workload.OverlayInstaller;
import ovlsim.overlay.OvlVersion;

/**
 * Random chains of create, mkdir, write, truncate, chmod, link, symlink,
 * unlink, rmdir, rename, setxattr and readdir over a random lower and upper layer, on every
 * {@link OvlVersion}: after every step the port's errno, merged view and file contents equal
 * the reference union's ({@link SeqWorld}). A failing chain shrinks to a minimal one; the
 * report prints the seed (see properties/PROPERTIES.md for replaying it).
 */
@AddLifecycleHook(value = BudgetHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class SequentialUnionTest {
  static final int MAX_STEPS = 24;

  @Property
  @Budget(tries = 500)
  void portMatchesReference(@ForAll("chains") ActionChain<SeqWorld> chain) {
    chain.run();
  }

  @Provide
  Arbitrary<ActionChain<SeqWorld>> chains() {
    return chains(OverlayInstaller.PORT, MAX_STEPS);
  }

  /** Chains on every version, over random trees, with the overlay {@code installer} gives. */
  static Arbitrary<ActionChain<SeqWorld>> chains(OverlayInstaller installer, int maxSteps) {
    Action.Independent<SeqWorld> op = () -> Generators.ops().map(
        o -> Transformer.mutate(o.toString(), w -> w.step(o)));
    return Combinators.combine(Arbitraries.of(OvlVersion.class), Generators.trees())
        .flatAs((v, t) -> ActionChain.<SeqWorld>startWith(() -> new SeqWorld(v, t, installer))
            .withAction(op)
            .withMaxTransformations(maxSteps));
  }
}
