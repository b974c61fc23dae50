package ovlsim.kernel;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Port of the parts of {@code struct task_struct} the VFS uses: {@code cred} and
 * {@code real_cred}, a pending fatal signal, and the fields that subsystems above this package
 * own ({@link TaskLocal}): {@code fs} (root, cwd, umask) and {@code files} (the fd table) of
 * the VFS, lockdep's {@code held_locks}.
 *
 * <p>A task runs on whatever Java thread calls into it: {@link #run} (and every syscall the
 * user side makes as it) binds the calling thread to this task for the length of the call, so
 * that {@link #current()} is this task there. A task is one thread of execution: entering it from a
 * second thread while a first is inside throws {@link IllegalStateException}.
 */
public final class Task {
  private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

  private final Kernel kernel;
  private final String name;
  private final int pid;
  private volatile Cred realCred;
  /** The subjective creds; only this task's own thread changes them (override_creds). */
  private Cred cred;
  /** A fatal signal is pending: set by {@link #sendSigkill}, never cleared (the task dies). */
  private volatile boolean sigkillPending;
  /** The {@link TaskLocal} fields, by index; each set once. */
  private final AtomicReferenceArray<Object> locals = new AtomicReferenceArray<>(TaskLocal.MAX);
  /** The thread running as this task, how deep, and the task it ran as before; under this. */
  private Thread boundThread;
  private int bindDepth;
  private Task saved;

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
   * Port of {@code send_sig(SIGKILL, p, 1)} as far as the model needs it: queues a fatal
   * signal. The model delivers no signals; killable loops poll {@link #fatalSignalPending}
   * (the copy-up loop of {@code ovl_copy_up_data()} does).
   */
  public void sendSigkill() {
    sigkillPending = true;
  }

  /**
   * Port of {@code fatal_signal_pending()}, which is also {@code signal_pending_state()} for a
   * {@code TASK_KILLABLE} sleep: only a fatal signal counts there.
   */
  public boolean fatalSignalPending() {
    return sigkillPending;
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
    enter();
    try {
      return body.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      leave();
    }
  }

  /** Runs {@code body} as this task on the calling thread. */
  public void run(Runnable body) {
    enter();
    try {
      body.run();
    } finally {
      leave();
    }
  }

  private synchronized void enter() {
    Thread me = Thread.currentThread();
    if (boundThread != null && boundThread != me) {
      throw new IllegalStateException(
          "task " + name + " is already running on thread " + boundThread.getName());
    }
    if (bindDepth == 0) {
      boundThread = me;
      saved = CURRENT.get();
      CURRENT.set(this);
    }
    bindDepth++;
  }

  private synchronized void leave() {
    if (--bindDepth == 0) {
      boundThread = null;
      if (saved == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(saved);
      }
      saved = null;
    }
  }

  @Override
  public String toString() {
    return name + "/" + pid;
  }
}
