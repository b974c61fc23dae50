package ovlsim.properties.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitQueueHead;
import ovlsim.kernel.sched.TaskScheduler;

/**
 * The workloads' policy for a {@link TaskScheduler}: a seeded random choice at every schedule
 * point, so that an interleaving is a function of the seed and a failing one can be replayed
 * and shrunk.
 *
 * <p>At a mutex point (or a sleep on a wait queue that was woken already) the task usually
 * goes on (3 in 4), so that one task can run a whole operation while another waits; at one of
 * the overlay's named race points
 * ({@code function:where}) it usually stops (1 in 2 goes on); between operations
 * ({@link #WORKLOAD_POINT}), and whenever the current task cannot go on, the next is picked
 * uniformly among the tasks that can run.
 *
 * <p>Not thread-safe: the scheduler calls it under its lock.
 */
public final class SeededChooser implements TaskScheduler.Chooser {
  /** The prefix of the points a workload passes between its operations. */
  public static final String WORKLOAD_POINT = "workload:";

  private final SplittableRandom random;

  public SeededChooser(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A scheduler of {@code tasks} under this policy with {@code seed}. */
  public static TaskScheduler scheduler(List<Task> tasks, long seed) {
    return new TaskScheduler(tasks, new SeededChooser(seed));
  }

  @Override
  public int choose(TaskScheduler.Choice c) {
    int current = c.current();
    if (current >= 0 && c.enabled(current)) {
      String point = c.point();
      boolean mutexPoint =
          point.startsWith("mutex_lock:")
              || point.startsWith("mutex_unlock:")
              || point.startsWith(WaitQueueHead.POINT_PREFIX);
      boolean namedPoint = !mutexPoint && !point.startsWith(WORKLOAD_POINT);
      if (mutexPoint && random.nextInt(4) != 0) {
        return current;
      }
      if (namedPoint) {
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < c.tasks(); i++) {
          if (i != current && c.enabled(i)) {
            others.add(i);
          }
        }
        if (!others.isEmpty() && random.nextInt(2) == 0) {
          return others.get(random.nextInt(others.size()));
        }
        return current;
      }
    }
    List<Integer> runnable = new ArrayList<>();
    for (int i = 0; i < c.tasks(); i++) {
      if (c.enabled(i)) {
        runnable.add(i);
      }
    }
    return runnable.get(random.nextInt(runnable.size()));
  }
}
