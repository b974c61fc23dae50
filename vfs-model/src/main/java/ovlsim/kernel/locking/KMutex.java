package ovlsim.kernel.locking;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Sched;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;

/**
 * Port of {@code struct mutex} with lockdep: a sleeping, non-reentrant, owner-tracked lock.
 *
 * <p>Every acquire first tells {@link Lockdep} (which checks the order against every lock the
 * task holds and records any report), then passes a schedule point
 * {@code mutex_lock:CLASS/SUBCLASS} as blocked on the mutex ({@link Sched#sleepPoint}: the
 * task's {@link Task#blockedOn()} is this mutex until it owns it, and the mutex is
 * {@link #ready()} while nobody owns it), then blocks. Every release tells lockdep and passes
 * {@code mutex_unlock:CLASS/SUBCLASS}. Locking a mutex the task already holds would hang the
 * kernel; the model records lockdep's report and throws {@link KernelBug} instead.
 *
 * <p>{@code owner} and {@code ownerSubclass} are written only by the holder, under the mutex.
 */
public final class KMutex implements WaitChannel {
  /** Set at creation; changed only by {@link #lockdepSetClass} before first use. */
  private volatile LockClassKey key;

  private final Lockdep lockdep;
  private final Semaphore sem = new Semaphore(1);
  private volatile Task owner;
  private volatile MutexSubclass ownerSubclass;

  public KMutex(LockClassKey key, Lockdep lockdep) {
    this.key = Objects.requireNonNull(key);
    this.lockdep = Objects.requireNonNull(lockdep);
  }

  public LockClassKey key() {
    return key;
  }

  /**
   * Port of {@code lockdep_set_class()}: puts {@code m} in the lock class of {@code key}, as
   * {@code unlock_new_inode()} does for a directory's i_mutex. {@code m} must not be held.
   */
  public static void lockdepSetClass(KMutex m, LockClassKey key) {
    if (m.owner != null) {
      throw new IllegalStateException("lockdep_set_class on " + m + ", held by " + m.owner);
    }
    m.key = Objects.requireNonNull(key);
  }

  /** Port of {@code mutex_lock()}: {@link #mutexLockNested} with {@code I_MUTEX_NORMAL}. */
  public static void mutexLock(KMutex m) {
    mutexLockNested(m, MutexSubclass.I_MUTEX_NORMAL);
  }

  /**
   * Port of {@code mutex_lock_nested()}: lockdep first, then the schedule point, then sleep
   * until the mutex is free. Relocking a held mutex throws {@link KernelBug} where the kernel
   * would hang, after lockdep's recursive-locking report.
   */
  public static void mutexLockNested(KMutex m, MutexSubclass subclass) {
    Objects.requireNonNull(subclass);
    Task t = Task.current();
    m.lockdep.acquire(t, m, subclass);
    if (m.owner == t) {
      m.lockdep.release(t, m);
      throw new KernelBug("deadlock: " + t + " locks " + m.name(subclass) + " which it holds");
    }
    Sched.sleepPoint(t, m, m.key.lockPoint(subclass));
    m.sem.acquireUninterruptibly();
    m.owner = t;
    m.ownerSubclass = subclass;
    Sched.awake(t);
  }

  /**
   * Port of {@code mutex_trylock()}: takes the mutex when it is free and returns {@code true}
   * (the C's 1); returns {@code false} when any task (the caller included) holds it. Never
   * sleeps, so it passes no schedule point, and lockdep records it without checking its order.
   */
  public static boolean mutexTrylock(KMutex m) {
    Task t = Task.current();
    if (!m.sem.tryAcquire()) {
      return false;
    }
    m.owner = t;
    m.ownerSubclass = MutexSubclass.I_MUTEX_NORMAL;
    m.lockdep.acquireTry(t, m, MutexSubclass.I_MUTEX_NORMAL);
    return true;
  }

  /**
   * Port of {@code mutex_unlock()}. A task that does not hold the mutex gets lockdep's bad
   * unlock report and a {@link KernelBug}; the mutex stays with its owner.
   */
  public static void mutexUnlock(KMutex m) {
    Task t = Task.current();
    if (m.owner != t) {
      m.lockdep.badUnlock(t, m);
      throw new KernelBug(t + " unlocks " + m.key + " held by " + m.owner);
    }
    MutexSubclass sub = m.ownerSubclass;
    m.lockdep.release(t, m);
    m.owner = null;
    m.ownerSubclass = null;
    m.sem.release();
    Sched.point(m.key.unlockPoint(sub));
  }

  /** Port of {@code mutex_is_locked()}: held by any task. */
  public static boolean mutexIsLocked(KMutex m) {
    return m.owner != null;
  }

  /** The task holding it, or {@code null}. */
  public Task owner() {
    return owner;
  }

  /** As a {@link WaitChannel}: free, so a task about to take it can go on. */
  @Override
  public boolean ready() {
    return owner == null;
  }

  /** As a {@link WaitChannel}: the owner. */
  @Override
  public Task holder() {
    return owner;
  }

  /** As a {@link WaitChannel}: the lock class. */
  @Override
  public String describe() {
    return key.name();
  }

  /** The subclass it is held with, or {@code null} when free. */
  public MutexSubclass ownerSubclass() {
    return ownerSubclass;
  }

  /** {@code CLASS/SUBCLASS} as lockdep prints it. */
  public String name(MutexSubclass subclass) {
    return key.name(subclass);
  }

  @Override
  public String toString() {
    return key.name();
  }
}
