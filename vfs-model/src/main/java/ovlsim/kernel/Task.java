package ovlsim.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.commons.lang3.Validate;

/**
 * Port of the parts of {@code struct task_struct} the VFS uses: {@code cred} and
 * {@code real_cred}, the pending signals, what the task sleeps on ({@link #blockedOn()}, the
 * model's form of {@code state} and {@code wchan}), and the fields that subsystems above this
 * package own ({@link TaskLocal}): {@code fs} (root, cwd, umask), {@code files} (the fd table)
 * and {@code splice_pipe} of the VFS, lockdep's {@code held_locks}.
 *
 * <p>A task runs on whatever Java thread calls into it: {@link #run} (and every syscall the
 * user side makes as it) binds the calling thread to this task for the length of the call, so
 * that {@link #current()} is this task there. A task is one thread of execution: entering it from a
 * second thread while a first is inside throws {@link IllegalStateException}.
 */
public final class Task {
  private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();
  private static final VarHandle BOUND_THREAD;

  static {
    try {
      BOUND_THREAD = MethodHandles.lookup().findVarHandle(Task.class, "boundThread", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Kernel kernel;
  private final String name;
  private final int pid;
  private volatile Cred realCred;
  /** The subjective creds; only this task's own thread changes them (override_creds). */
  private Cred cred;
  /**
   * {@code pending.signal}: bit {@code sig - 1} per pending signal. Set by {@link #sendSig},
   * cleared only by {@link #doSignal} on the way back to user space, which never clears
   * SIGKILL (the task dies).
   */
  private final AtomicLong sigpending = new AtomicLong();
  /** The signals {@link #doSignal} delivered, in order; guarded by itself. */
  private final List<Integer> delivered = new ArrayList<>();
  /**
   * What the task is about to sleep on, or {@code null} while it runs; written only by the
   * task's own thread ({@link Sched#sleepPoint}, {@link Sched#awake},
   * {@link WaitQueueHead#prepareToWait}), read by schedulers.
   */
  private volatile WaitChannel blockedOn;
  /** The {@link TaskLocal} fields, by index; each set once. */
  private final AtomicReferenceArray<Object> locals = new AtomicReferenceArray<>(TaskLocal.MAX);
  /**
   * The thread running as this task: taken by a compare-and-set from {@code null} at the
   * outermost {@link #enter}, given back by the matching {@link #leave}.
   */
  private volatile Thread boundThread;
  /** How deep the bound thread has entered; only it uses this. */
  private int bindDepth;

  Task(Kernel kernel, String name, int pid, Cred cred) {
    this.kernel = Objects.requireNonNull(kernel);
    this.name = Objects.requireNonNull(name);
    this.pid = pid;
    this.realCred = cred.publish();
    this.cred = this.realCred;
  }

  /** Port of {@code current}: the task the calling thread runs as. */
  public static Task current() {
    Task t = CURRENT.get();
    if (t == null) {
      throw new IllegalStateException("not inside a model task: use Task.run() or call()");
    }
    return t;
  }

  /** The current task, or {@code null} when the thread is not inside one. */
  public static Task currentOrNull() {
    return CURRENT.get();
  }

  public Kernel kernel() {
    return kernel;
  }

  public String name() {
    return name;
  }

  public int pid() {
    return pid;
  }

  /** The subjective creds ({@code current_cred()}). */
  public Cred cred() {
    return cred;
  }

  /** The objective creds ({@code current->real_cred}). */
  public Cred realCred() {
    return realCred;
  }

  /**
   * Port of {@code commit_creds()}: installs {@code newCred} as both the real and subjective
   * creds. Used by setuid-like calls and by tests to make a task unprivileged.
   */
  public void commitCreds(Cred newCred) {
    Objects.requireNonNull(newCred).publish();
    this.realCred = newCred;
    this.cred = newCred;
  }

  Cred swapCred(Cred newCred) {
    Cred old = this.cred;
    this.cred = newCred;
    return old;
  }

  /**
   * Port of {@code send_sig(SIGKILL, p, 1)}: queues a fatal signal. Killable loops poll
   * {@link #fatalSignalPending} (the copy-up loop of {@code ovl_copy_up_data()} does); an
   * interruptible sleep ends.
   */
  public void sendSigkill() {
    sendSig(Signals.SIGKILL);
  }

  /**
   * Port of {@code send_sig(sig, p, 0)}: queues {@code sig} for this task and, as
   * {@code signal_wake_up()}, wakes it from an interruptible sleep. The model installs no
   * handlers and ignores no signal, so every signal is queued.
   */
  public void sendSig(int sig) {
    Validate.inclusiveBetween(1, Signals.NSIG, sig, "no signal %d", sig);
    sigpending.getAndUpdate(p -> p | Signals.sigmask(sig));
    WaitChannel on = blockedOn;
    if (on != null) {
      on.signalWakeUp();
    }
  }

  /** Port of {@code signal_pending()}: some signal is pending. */
  public boolean signalPending() {
    return sigpending.get() != 0;
  }

  /** Port of {@code sigismember(&current->pending.signal, sig)}. */
  public boolean sigismember(int sig) {
    return (sigpending.get() & Signals.sigmask(sig)) != 0;
  }

  /**
   * Port of {@code fatal_signal_pending()}, which is also {@code signal_pending_state()} for a
   * {@code TASK_KILLABLE} sleep: only a fatal signal counts there.
   */
  public boolean fatalSignalPending() {
    return sigismember(Signals.SIGKILL);
  }

  /**
   * Port of {@code do_signal()} on the way back to user space, as far as the model goes: every
   * pending signal but SIGKILL is dequeued and counted as delivered ({@link #delivered()}). The
   * model runs no handler and has no process to kill; SIGKILL stays pending, as for a task that
   * is dying. The syscall layer calls it when a syscall returns.
   */
  public void doSignal() {
    if ((sigpending.get() & ~Signals.sigmask(Signals.SIGKILL)) == 0) {
      return; // TIF_SIGPENDING clear: the return to user space does not call do_signal()
    }
    long taken = sigpending.getAndUpdate(p -> p & Signals.sigmask(Signals.SIGKILL));
    taken &= ~Signals.sigmask(Signals.SIGKILL);
    if (taken == 0) {
      return;
    }
    synchronized (delivered) {
      for (int sig = 1; sig <= Signals.NSIG; sig++) {
        if ((taken & Signals.sigmask(sig)) != 0) {
          delivered.add(sig);
        }
      }
    }
  }

  /** The signals {@link #doSignal} delivered to this task so far, in order. */
  public List<Integer> delivered() {
    synchronized (delivered) {
      return List.copyOf(delivered);
    }
  }

  /**
   * What the task is about to sleep on (a mutex it is taking, a wait-queue entry), or
   * {@code null} while it runs. A scheduler must not run a task whose channel is not
   * {@link WaitChannel#ready()}; see {@link WaitChannel}.
   */
  public WaitChannel blockedOn() {
    return blockedOn;
  }

  void setBlockedOn(WaitChannel on) {
    this.blockedOn = on;
  }

  /** The value of {@link TaskLocal} field {@code index}, or {@code null} before its first use. */
  Object local(int index) {
    return locals.get(index);
  }

  /** Sets field {@code index} unless it is set; returns the value it holds then. */
  Object initLocal(int index, Object value) {
    return locals.compareAndSet(index, null, value) ? value : locals.get(index);
  }

  /** Runs {@code body} as this task on the calling thread and returns its result. */
  public <T> T call(Callable<T> body) {
    Task prev = enter();
    try {
      return body.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      leave(prev);
    }
  }

  /** Runs {@code body} as this task on the calling thread. */
  public void run(Runnable body) {
    Task prev = enter();
    try {
      body.run();
    } finally {
      leave(prev);
    }
  }

  /**
   * Binds the calling thread to this task (or enters it once more) and makes it
   * {@link #current()}; returns the task that was current before, for {@link #leave}.
   */
  private Task enter() {
    Thread me = Thread.currentThread();
    if (boundThread != me) {
      if (!BOUND_THREAD.compareAndSet(this, null, me)) {
        Thread other = boundThread;
        throw new IllegalStateException("task " + name + " is already running on thread "
            + (other != null ? other.getName() : "(another, just returned)"));
      }
    }
    bindDepth++;
    Task prev = CURRENT.get();
    if (prev != this) {
      CURRENT.set(this);
    }
    return prev;
  }

  private void leave(Task prev) {
    if (prev != this) {
      // set(prev) rather than remove(): the thread's entry stays for its next call.
      CURRENT.set(prev);
    }
    if (--bindDepth == 0) {
      boundThread = null; // the volatile write hands bindDepth to the next thread
    }
  }

  @Override
  public String toString() {
    return name + "/" + pid;
  }
}
