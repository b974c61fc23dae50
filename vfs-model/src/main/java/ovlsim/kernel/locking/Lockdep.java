package ovlsim.kernel.locking;

import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Task;

/**
 * Port of the lock validator ({@code kernel/lockdep.c}), reduced to what ovlsim needs.
 * (skeleton: the dependency graph and reports are being written)
 */
public final class Lockdep {
  private final List<String> reports = new ArrayList<>();

  void acquire(Task task, KMutex lock, MutexSubclass subclass) {
    task.heldLocks().push(lock, subclass);
  }

  void acquireTry(Task task, KMutex lock, MutexSubclass subclass) {
    task.heldLocks().push(lock, subclass);
  }

  void release(Task task, KMutex lock) {
    task.heldLocks().remove(lock);
  }

  void badUnlock(Task task, KMutex lock) {
    synchronized (reports) {
      reports.add("WARNING: bad unlock balance detected! " + task + " " + lock);
    }
  }

  public List<String> reports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }
}
