package ovlsim.kernel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Port of {@code wait_queue_head_t} and the sleeping half of {@code kernel/wait.c} and
 * {@code kernel/sched.c} the VFS uses: {@code DEFINE_WAIT()} + {@code prepare_to_wait()},
 * {@code schedule()}, {@code finish_wait()}, {@code wake_up_interruptible()} and
 * {@code waitqueue_active()}.
 *
 * <p>A sleep is the C's open-coded loop:
 *
 * <pre>
 * WaitQueueHead.Entry wait = q.prepareToWait(true); // DEFINE_WAIT, prepare_to_wait()
 * ... drop the lock the condition is guarded by ...
 * WaitQueueHead.schedule(wait);                      // schedule()
 * q.finishWait(wait);                                // finish_wait()
 * </pre>
 *
 * <p>From {@link #prepareToWait} to {@link #finishWait} the task is blocked on the entry
 * ({@link Task#blockedOn()}, see {@link WaitChannel} for what a scheduler makes of it); a
 * {@link #wakeUpInterruptible} that comes in between, even before {@code schedule()}, makes the
 * entry ready, so no wake-up is lost, as with the C's task state. {@link #schedule} passes the
 * schedule point {@code wait:NAME} as blocked on the entry and then sleeps on the entry's
 * monitor until it is ready.
 *
 * <p>Locking: the waiter list is guarded by this object's monitor ({@code q->lock}); an entry's
 * wake-up flag by the entry's monitor. Neither is held across a schedule point.
 */
public final class WaitQueueHead {
  /** The prefix of the schedule point a task passes when it sleeps on a wait queue. */
  public static final String POINT_PREFIX = "wait:";

  private final String name;
  private final String point;
  private final List<Entry> waiters = new ArrayList<>();

  /**
   * Port of {@code init_waitqueue_head()}: {@code name} names the queue in schedule points and
   * reports, as lockdep names a lock class ({@code &pipe->wait}).
   */
  public WaitQueueHead(String name) {
    this.name = Objects.requireNonNull(name);
    this.point = POINT_PREFIX + name;
  }

  /** The queue's name. */
  public String name() {
    return name;
  }

  /**
   * Port of {@code wait_queue_t} as {@code DEFINE_WAIT()} makes it: one task's place on a queue
   * for one sleep, woken by {@code autoremove_wake_function()}.
   */
  public static final class Entry implements WaitChannel {
    private final WaitQueueHead queue;
    private final Task task;
    private final boolean interruptible;
    /**
     * {@code TASK_RUNNING} again: a wake-up reached this entry. Written under this entry's
     * monitor, read without it by schedulers.
     */
    private volatile boolean woken;

    private Entry(WaitQueueHead queue, Task task, boolean interruptible) {
      this.queue = queue;
      this.task = task;
      this.interruptible = interruptible;
    }

    /** The queue this entry waits on. */
    public WaitQueueHead queue() {
      return queue;
    }

    /** Woken, or (interruptible) a signal is pending. */
    @Override
    public boolean ready() {
      return woken || (interruptible && task.signalPending());
    }

    @Override
    public String describe() {
      return queue.name;
    }

    @Override
    public void signalWakeUp() {
      if (interruptible) {
        synchronized (this) {
          notifyAll();
        }
      }
    }

    /** Port of {@code autoremove_wake_function()}: {@code try_to_wake_up()} of the sleeper. */
    private synchronized void wake() {
      woken = true;
      notifyAll();
    }

    /** Sleeps on the Java monitor until {@link #ready()}: the "real" sleep of schedule(). */
    private synchronized void sleep() {
      boolean interrupted = false;
      while (!ready()) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return "wait{" + queue.name + "," + task + (woken ? ",woken" : "") + "}";
    }
  }

  /**
   * Port of {@code DEFINE_WAIT(wait)} + {@code prepare_to_wait(q, &wait, state)}: puts the current
   * task on the queue (at the head, {@code __add_wait_queue()}) and marks it blocked on the new
   * entry; {@code interruptible} is {@code TASK_INTERRUPTIBLE}, else
   * {@code TASK_UNINTERRUPTIBLE}.
   */
  public Entry prepareToWait(boolean interruptible) {
    Task t = Task.current();
    Entry wait = new Entry(this, t, interruptible);
    synchronized (this) {
      waiters.add(0, wait);
    }
    t.setBlockedOn(wait);
    return wait;
  }

  /**
   * Port of {@code schedule()} for a task that has called {@link #prepareToWait}: passes the
   * schedule point {@code wait:NAME} as blocked on {@code wait}, then sleeps until a wake-up
   * (or, interruptible, a signal) made it ready. Returns at once when that happened already.
   */
  public static void schedule(Entry wait) {
    Task t = Task.current();
    Sched.sleepPoint(t, wait, wait.queue.point);
    wait.sleep();
  }

  /**
   * Port of {@code finish_wait()}: the task is running again; its entry leaves the queue (if a
   * wake-up has not taken it off already) and it is no longer blocked.
   */
  public void finishWait(Entry wait) {
    synchronized (this) {
      waiters.remove(wait);
    }
    Sched.awake(wait.task);
  }

  /**
   * Port of {@code wake_up_interruptible()} (and its {@code _sync} and {@code _poll} forms,
   * which differ only in CPU placement and poll keys): wakes every task sleeping
   * interruptibly on the queue, taking each entry off it ({@code autoremove_wake_function()}).
   * The model's queues hold no exclusive waiters.
   */
  public void wakeUpInterruptible() {
    List<Entry> woken = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Entry> it = waiters.iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.interruptible) {
          it.remove();
          woken.add(e);
        }
      }
    }
    for (Entry e : woken) {
      e.wake();
    }
  }

  /** Port of {@code waitqueue_active()}: some task is on the queue. */
  public synchronized boolean waitqueueActive() {
    return !waiters.isEmpty();
  }

  @Override
  public String toString() {
    return name;
  }
}
