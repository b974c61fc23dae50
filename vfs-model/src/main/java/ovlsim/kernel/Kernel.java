package ovlsim.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One model instance: a kernel with its own bug log, scheduler hook, devices and tasks, and
 * the state of the subsystems above this package ({@link KernelLocal}: the VFS's filesystem
 * list and mount tree, lockdep's graph).
 *
 * <p>Instances share nothing, so tests and harness samples can each boot their own. A new
 * kernel has no filesystem: the VFS registers and mounts them ({@code ovlsim.vfs.Vfs}).
 */
public final class Kernel {
  private final BugLog bugLog = new BugLog();
  private volatile SchedHook schedHook = SchedHook.NONE;
  private final Map<String, Object> devices = new ConcurrentHashMap<>();
  private final AtomicInteger nextPid = new AtomicInteger(1);
  /** The {@link KernelLocal} states, by index; each set once. */
  private final AtomicReferenceArray<Object> locals = new AtomicReferenceArray<>(KernelLocal.MAX);
  private final Task init;

  /** A kernel with one task, init (root creds), and nothing mounted. */
  public Kernel() {
    this.init = new Task(this, "init", nextPid.getAndIncrement(), Cred.root());
  }

  public BugLog bugLog() {
    return bugLog;
  }

  public SchedHook schedHook() {
    return schedHook;
  }

  /** Installs the hook every schedule point of this kernel calls. */
  public void setSchedHook(SchedHook hook) {
    this.schedHook = Objects.requireNonNull(hook);
  }

  /** The first task: root creds, umask 022. */
  public Task init() {
    return init;
  }

  /**
   * Forks a task from init, as {@code copy_process()}: {@code cred} as its creds, and a copy of
   * every {@link TaskLocal} field init has that a child inherits (the VFS's root, cwd and
   * umask); the rest (the fd table, held locks) start empty.
   */
  public Task spawn(String name, Cred cred) {
    Task child = new Task(this, name, nextPid.getAndIncrement(), Objects.requireNonNull(cred));
    TaskLocal.fork(init, child);
    return child;
  }

  /**
   * Attaches a backing object (a filesystem image) under a device name such as
   * {@code /dev/loop0}, for a filesystem's {@code get_sb} to find by {@code dev_name}.
   */
  public void attachDevice(String name, Object backing) {
    devices.put(Objects.requireNonNull(name), Objects.requireNonNull(backing));
  }

  /** The object attached under {@code name}, or {@code null}. */
  public Object device(String name) {
    return devices.get(name);
  }

  /** The value of {@link KernelLocal} state {@code index}, or {@code null} before first use. */
  Object local(int index) {
    return locals.get(index);
  }

  /** Sets state {@code index} unless it is set; returns the value it holds then. */
  Object initLocal(int index, Object value) {
    return locals.compareAndSet(index, null, value) ? value : locals.get(index);
  }
}
