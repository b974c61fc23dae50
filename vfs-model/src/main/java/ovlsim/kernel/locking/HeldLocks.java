package ovlsim.kernel.locking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ovlsim.kernel.Task;
import ovlsim.kernel.TaskLocal;

/**
 * Port of {@code current->held_locks}: the locks one task holds, oldest first, including a
 * lock it is blocked on (lockdep records the acquire before the task sleeps).
 *
 * <p>Only the task's own thread changes the stack, under this object's monitor; other threads
 * read it through the synchronized {@link #snapshot}, {@link #holds} and {@link #depth}. The
 * package-private accessors without a lock are for {@link Lockdep} on the task's own thread.
 */
public final class HeldLocks {
  /** One held lock: which mutex, taken with which subclass. */
  public record HeldLock(KMutex lock, MutexSubclass subclass) {
    @Override
    public String toString() {
      return lock.name(subclass);
    }
  }

  /** {@code task_struct.held_locks}: empty in a new task. */
  private static final TaskLocal<HeldLocks> HELD_LOCKS = TaskLocal.of(HeldLocks::new);

  private KMutex[] locks = new KMutex[8];
  private MutexSubclass[] subclasses = new MutexSubclass[8];
  private boolean[] trylocks = new boolean[8];
  private int size;

  private HeldLocks() {}

  /** The locks {@code task} holds. */
  public static HeldLocks of(Task task) {
    return HELD_LOCKS.get(task);
  }

  synchronized void push(KMutex lock, MutexSubclass subclass, boolean trylock) {
    if (size == locks.length) {
      locks = Arrays.copyOf(locks, size * 2);
      subclasses = Arrays.copyOf(subclasses, size * 2);
      trylocks = Arrays.copyOf(trylocks, size * 2);
    }
    locks[size] = lock;
    subclasses[size] = subclass;
    trylocks[size] = trylock;
    size++;
  }

  /** Removes the most recent entry for {@code lock}; {@code false} when it was not held. */
  synchronized boolean remove(KMutex lock) {
    for (int i = size - 1; i >= 0; i--) {
      if (locks[i] == lock) {
        int tail = size - i - 1;
        System.arraycopy(locks, i + 1, locks, i, tail);
        System.arraycopy(subclasses, i + 1, subclasses, i, tail);
        System.arraycopy(trylocks, i + 1, trylocks, i, tail);
        size--;
        locks[size] = null;
        subclasses[size] = null;
        return true;
      }
    }
    return false;
  }

  /** The number of entries; the task's own thread only. */
  int size() {
    return size;
  }

  /** The mutex of entry {@code i} (0 is the oldest); the task's own thread only. */
  KMutex lockAt(int i) {
    return locks[i];
  }

  /** The subclass of entry {@code i}; the task's own thread only. */
  MutexSubclass subclassAt(int i) {
    return subclasses[i];
  }

  /** Whether entry {@code i} was taken by a trylock; the task's own thread only. */
  boolean trylockAt(int i) {
    return trylocks[i];
  }

  /** A snapshot, oldest first. */
  public synchronized List<HeldLock> snapshot() {
    List<HeldLock> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new HeldLock(locks[i], subclasses[i]));
    }
    return List.copyOf(out);
  }

  public synchronized boolean holds(KMutex lock) {
    for (int i = 0; i < size; i++) {
      if (locks[i] == lock) {
        return true;
      }
    }
    return false;
  }

  public synchronized int depth() {
    return size;
  }

  /** The entries as {@code [A/0, B/1]}, oldest first. */
  @Override
  public String toString() {
    return snapshot().toString();
  }
}
