package ovlsim.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The {@code WARN_ON}s and {@code BUG_ON}s one {@link Kernel} hit, in order. Thread-safe. */
public final class BugLog {
  /** Which macro fired. */
  public enum Kind {
    WARNING,
    BUG
  }

  /** One record: what fired, where, in which task, with the Java stack at that point. */
  public record Entry(Kind kind, String message, String task, List<StackTraceElement> stack) {
    /** Checks every component. */
    public Entry {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(stack, "stack");
    }

    @Override
    public String toString() {
      String where = stack.isEmpty() ? "?" : stack.get(0).toString();
      return (kind == Kind.WARNING ? "WARNING: at " : "kernel BUG at ") + where + " [" + task
          + "]: " + message;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  /** The {@code WARN_ON_ONCE()} sites that have fired, by name. */
  private final Set<String> warnedOnce = new HashSet<>();

  synchronized void record(Kind kind, String message, Task task) {
    StackTraceElement[] trace = new Throwable().getStackTrace();
    // Drop the frames of Bugs and BugLog themselves: the first frame is the caller.
    int skip = 0;
    while (skip < trace.length
        && (trace[skip].getClassName().equals(BugLog.class.getName())
            || trace[skip].getClassName().equals(Bugs.class.getName()))) {
      skip++;
    }
    entries.add(
        new Entry(kind, message, task.name(), List.of(trace).subList(skip, trace.length)));
  }

  /**
   * {@code WARN_ON_ONCE()}'s {@code __warned}: {@code true} the first time {@code site} asks,
   * {@code false} ever after (also after {@link #clear}, as the C flag outlives a log reader).
   */
  synchronized boolean firstWarningAt(String site) {
    return warnedOnce.add(site);
  }

  /** Every record so far. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** How many {@code WARN_ON}s fired. */
  public synchronized int warnings() {
    return (int) entries.stream().filter(e -> e.kind() == Kind.WARNING).count();
  }

  /** How many {@code BUG_ON}s fired. */
  public synchronized int bugs() {
    return (int) entries.stream().filter(e -> e.kind() == Kind.BUG).count();
  }

  public synchronized void clear() {
    entries.clear();
  }
}
