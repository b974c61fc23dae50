package ovlsim.properties;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many tries a property makes in a plain {@code mvn verify} (the CI budget), read by
 * {@link BudgetHook}: {@code -Djqwik.tries=N} overrides it for every property, and the seed is
 * {@link BudgetHook#DEFAULT_SEED} unless {@code -Djqwik.seed=S} (or {@code -Djqwik.seed=random})
 * says otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Budget {
  /** The tries of a default run. */
  int tries();
}
