package ovlsim.properties;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries and seed from its {@link Budget} and the knobs
 * {@code -Djqwik.tries=N} (every property makes N tries) and {@code -Djqwik.seed=S} (every
 * property starts from seed S; {@code random} for a fresh one each run). Without them a run is
 * reproducible: the budget's tries from {@value #DEFAULT_SEED}. Maven passes {@code -D} options
 * on its command line to the test JVM.
 */
public final class BudgetHook implements AroundPropertyHook {
  /** The fixed seed of a default run: the day v6 was posted. */
  public static final String DEFAULT_SEED = "20110301";

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    context.findAnnotation(Budget.class).ifPresent(b -> context.attributes().setTries(tries(b.tries())));
    String seed = System.getProperty("jqwik.seed", DEFAULT_SEED);
    if (!seed.equals("random") && context.attributes().seed().isEmpty()) {
      context.attributes().setSeed(seed);
    }
    return property.execute();
  }

  /** Outermost, so that the attributes are set before jqwik reads them for the run. */
  @Override
  public int aroundPropertyProximity() {
    return -100;
  }

  /** The tries: {@code -Djqwik.tries} when given, else {@code budget}. */
  static int tries(int budget) {
    String t = System.getProperty("jqwik.tries");
    if (t == null || t.isBlank()) {
      return budget;
    }
    return Integer.parseInt(t.trim());
  }
}
