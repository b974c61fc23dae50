package ovlsim.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.FsStruct;
import ovlsim.vfs.Vfs;

/**
 * One model instance: a booted kernel with its own lockdep, bug log, scheduler hook, VFS state
 * (registered filesystem types, mount tree, inode numbers) and tasks.
 *
 * <p>Instances share nothing, so tests and harness samples can each boot their own.
 */
public final class Kernel {
  private final Lockdep lockdep = new Lockdep();
  private final BugLog bugLog = new BugLog();
  private volatile SchedHook schedHook = SchedHook.NONE;
  private final Vfs vfs = new Vfs(this);
  private final Map<String, Object> devices = new ConcurrentHashMap<>();
  private final AtomicInteger nextPid = new AtomicInteger(1);
  private final Task init;

  /** Boots a kernel with no root filesystem yet: see {@link #mountRoot}. */
  public Kernel() {
    this.init = new Task(this, "init", nextPid.getAndIncrement(), Cred.root(), new FsStruct());
  }

  public Lockdep lockdep() {
    return lockdep;
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

  /** The VFS-wide state of this kernel. */
  public Vfs vfs() {
    return vfs;
  }

  /** The first task: root creds, umask 022. */
  public Task init() {
    return init;
  }

  /** Port of {@code register_filesystem()}, run as init. */
  public void registerFilesystem(FileSystemType type) {
    init.run(() -> vfs.registerFilesystem(type));
  }

  /**
   * Mounts a filesystem of type {@code fsType} as "/" (the model's rootfs) and points init's
   * root and cwd at it. Runs as init.
   */
  public void mountRoot(String fsType, String devName, String data) {
    init.run(() -> vfs.mountRoot(fsType, devName, data));
  }

  /**
   * Forks a task from init: a copy of init's root and cwd, umask 022, an empty fd table, and
   * {@code cred} as its creds.
   */
  public Task spawn(String name, Cred cred) {
    return new Task(this, name, nextPid.getAndIncrement(), cred, init.fs().copy());
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
}
