package ovlsim.kernel.sched;

import java.util.List;
import ovlsim.kernel.SchedHook;
import org.apache.commons.lang3.Validate;

/** Combinators for {@link SchedHook}s. */
public final class SchedHooks {
  private SchedHooks() {}

  /**
   * A hook that calls each of {@code hooks} in the given order at every schedule point. Put a
   * {@link SchedTrace} before a {@link Breakpoints} so that a point is logged before the task
   * parks there.
   */
  public static SchedHook chain(SchedHook... hooks) {
    Validate.noNullElements(hooks, "hooks");
    List<SchedHook> all = List.of(hooks);
    return (task, point) -> {
      for (SchedHook h : all) {
        h.at(task, point);
      }
    };
  }
}
