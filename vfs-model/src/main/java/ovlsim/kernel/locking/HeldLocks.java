package ovlsim.kernel.locking;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Task;

/** Port of {@code current->held_locks}: the locks one task holds, oldest first. */
public final class HeldLocks {
  /** One held lock: which mutex, taken with which subclass. */
  public record HeldLock(KMutex lock, MutexSubclass subclass) {
    @Override
    public String toString() {
      return lock.name(subclass);
    }
  }

  private final Task task;
  private final List<HeldLock> stack = new ArrayList<>();

  public HeldLocks(Task task) {
    this.task = task;
  }

  public Task task() {
    return task;
  }

  synchronized void push(KMutex lock, MutexSubclass subclass) {
    stack.add(new HeldLock(lock, subclass));
  }

  /** Removes the most recent entry for {@code lock}; {@code false} when it was not held. */
  synchronized boolean remove(KMutex lock) {
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (stack.get(i).lock() == lock) {
        stack.remove(i);
        return true;
      }
    }
    return false;
  }

  /** A snapshot, oldest first. */
  public synchronized List<HeldLock> snapshot() {
    return List.copyOf(stack);
  }

  public synchronized boolean holds(KMutex lock) {
    return stack.stream().anyMatch(h -> h.lock() == lock);
  }

  public synchronized int depth() {
    return stack.size();
  }
}
