package ovlsim.kernel;

/**
 * What a task is about to sleep on, the model's form of the kernel's "wchan": a mutex it is
 * taking ({@code ovlsim.kernel.locking.KMutex}) or an entry on a wait queue
 * ({@link WaitQueueHead.Entry}).
 *
 * <p><b>How a task blocks, and what a scheduler sees.</b> Every sleep of the model goes one way,
 * {@link Sched#sleepPoint}: the task records the channel as its {@link Task#blockedOn()}, passes
 * a schedule point (the {@link SchedHook} runs there), and only then sleeps for real, on the
 * channel. When it has what it waited for it clears {@code blockedOn} ({@link Sched#awake}). So a
 * scheduler that runs one task at a time ({@code ovlsim.kernel.sched.TaskScheduler}, under the
 * properties' seeded policy or the explorer's schedules) never lets a task sleep on a Java
 * lock: at any schedule point it asks each task for {@link Task#blockedOn()}; a task whose
 * channel is not {@link #ready()} is blocked and must not be given the CPU; any other task may
 * run, and when the scheduler hands the CPU to a task blocked on a ready channel, the sleep
 * after the point returns at once. A run where every unfinished task is blocked on a channel
 * that is not ready is a deadlock (or a rendezvous nobody will come to, such as a FIFO opened
 * with no partner).
 *
 * <ul>
 *   <li>A mutex: {@code blockedOn} is the {@code KMutex} from its {@code mutex_lock:CLASS/SUB}
 *       point until the task owns it; ready when no task owns it; {@link #holder()} is the owner.
 *   <li>A wait queue ({@code prepare_to_wait()} .. {@code finish_wait()}): {@code blockedOn} is
 *       the task's {@link WaitQueueHead.Entry} from {@code prepare_to_wait()} on, through the
 *       {@code wait:QUEUE} point that {@code schedule()} passes, until {@code finish_wait()};
 *       ready once a {@code wake_up()} reached the entry or, for an interruptible sleep, once a
 *       signal is pending. A task blocked on a queue may pass other schedule points before it
 *       sleeps (the {@code mutex_unlock:} of the lock it drops in {@code pipe_wait()}): it is
 *       blocked there too, as a task in {@code TASK_INTERRUPTIBLE} is.
 * </ul>
 *
 * <p>{@link #ready()} and {@link #holder()} read volatile state and take no lock, so a
 * scheduler may call them from any thread, under its own monitor.
 */
public interface WaitChannel {
  /** Whether a task sleeping on this could go on now. */
  boolean ready();

  /**
   * The task that holds what is waited for, when there is one (a mutex's owner); {@code null}
   * for a wait queue, which no task holds.
   */
  default Task holder() {
    return null;
  }

  /** What is waited for, as a report names it: a lock class, a wait queue. */
  String describe();

  /**
   * Port of the waking half of {@code signal_wake_up()}: a signal came for the task sleeping
   * here. An interruptible sleep wakes; a mutex (an uninterruptible sleep) ignores it.
   */
  default void signalWakeUp() {}
}
