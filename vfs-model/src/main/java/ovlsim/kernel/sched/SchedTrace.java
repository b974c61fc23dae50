package ovlsim.kernel.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import org.apache.commons.lang3.Validate;

/**
 * A {@link SchedHook} that logs every schedule point reached, as (task name, point), in the
 * order the tasks reached them. Thread-safe; the log is a lock-free queue.
 *
 * <p>A {@code mutex_lock:} point is reached before the task blocks, so it reads "about to
 * take"; a {@code mutex_unlock:} point comes after the release.
 */
public final class SchedTrace implements SchedHook {
  /** One schedule point reached by one task. */
  public record Event(String task, String point) {
    public Event {
      Objects.requireNonNull(task);
      Objects.requireNonNull(point);
    }

    @Override
    public String toString() {
      return task + ": " + point;
    }
  }

  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

  @Override
  public void at(Task task, String point) {
    events.add(new Event(task.name(), point));
  }

  /** Every event so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** The points {@code taskName} reached, in order. */
  public List<String> points(String taskName) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      if (e.task().equals(taskName)) {
        out.add(e.point());
      }
    }
    return List.copyOf(out);
  }

  /** Forgets every event. */
  public void clear() {
    events.clear();
  }

  /** {@link #timeline(Predicate, String...)} with every point. */
  public String timeline(String... taskNames) {
    return timeline(p -> true, taskNames);
  }

  /**
   * The events of {@code taskNames} whose point {@code filter} accepts, one per row, in a
   * column per task:
   *
   * <pre>
   * A              | B
   * ---------------+---------------
   * mutex_lock:X/0 |
   *                | mutex_lock:Y/0
   * </pre>
   */
  public String timeline(Predicate<String> filter, String... taskNames) {
    Objects.requireNonNull(filter);
    Validate.notEmpty(taskNames, "taskNames");
    List<String> columns = List.of(taskNames);
    List<Event> rows = new ArrayList<>();
    int[] width = new int[columns.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = columns.get(c).length();
    }
    for (Event e : events) {
      int c = columns.indexOf(e.task());
      if (c >= 0 && filter.test(e.point())) {
        rows.add(e);
        width[c] = Math.max(width[c], e.point().length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, width, columns);
    int last = width.length - 1;
    for (int c = 0; c <= last; c++) {
      sb.append(c == 0 ? "" : "+");
      sb.append("-".repeat((c == 0 ? 0 : 1) + width[c] + (c == last ? 0 : 1)));
    }
    sb.append('\n');
    for (Event e : rows) {
      List<String> cells = new ArrayList<>();
      for (String col : columns) {
        cells.add(col.equals(e.task()) ? e.point() : "");
      }
      appendRow(sb, width, cells);
    }
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, int[] width, List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      if (c > 0) {
        line.append(" | ");
      }
      String cell = cells.get(c);
      line.append(cell).append(" ".repeat(width[c] - cell.length()));
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
