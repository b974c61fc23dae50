package ovlsim.races.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.lang3.Validate;

/**
 * A schedule as text: the decisions that differ from the default one (the running task goes
 * on while it can; when it cannot, the first task in file order that can runs), joined by
 * {@code ,}. {@code -} is the schedule of no such decision.
 *
 * <ul>
 *   <li>{@code STEP>TASK}: at decision STEP (0 is the start, each schedule point and each
 *       task's end is one more), TASK runs. The explorer writes these.
 *   <li>{@code TASK@POINT>OTHER} or {@code TASK@POINT#K>OTHER}: when TASK reaches POINT (for
 *       the K-th time, 1 by default), OTHER runs. Hand-written replays use these: they survive
 *       changes of the model that add or remove schedule points elsewhere.
 * </ul>
 */
public record Schedule(List<Item> items) {
  /** The text of the schedule that takes every default decision. */
  public static final String NONE = "-";

  public Schedule {
    items = List.copyOf(items);
  }

  /** One decision. */
  public sealed interface Item {}

  /** At decision {@code step}, task {@code task} (an index) runs. */
  public record At(int step, int task) implements Item {}

  /** When task {@code who} reaches {@code point} for the {@code occurrence}-th time, {@code task} runs. */
  public record AtPoint(int who, String point, int occurrence, int task) implements Item {
    public AtPoint {
      Objects.requireNonNull(point);
    }
  }

  /**
   * Reads {@code text} for a scenario with tasks {@code names}.
   *
   * @throws IllegalArgumentException saying which item is wrong and why
   */
  public static Schedule parse(String text, List<String> names) {
    Validate.notNull(text, "schedule");
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("an empty schedule (write '" + NONE + "' for none)");
    }
    if (t.equals(NONE)) {
      return new Schedule(List.of());
    }
    List<Item> items = new ArrayList<>();
    int lastStep = -1;
    for (String raw : t.split(",", -1)) {
      String item = raw.strip();
      int gt = item.lastIndexOf('>');
      if (gt <= 0 || gt == item.length() - 1) {
        throw new IllegalArgumentException("'" + item + "' is not STEP>TASK or TASK@POINT>TASK");
      }
      int task = task(item.substring(gt + 1), names, item);
      String left = item.substring(0, gt);
      if (left.chars().allMatch(Character::isDigit)) {
        int step;
        try {
          step = Integer.parseInt(left);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("step '" + left + "' is too large");
        }
        if (step <= lastStep) {
          throw new IllegalArgumentException("steps must increase: " + step + " after "
              + lastStep);
        }
        lastStep = step;
        items.add(new At(step, task));
        continue;
      }
      int at = left.indexOf('@');
      if (at <= 0 || at == left.length() - 1) {
        throw new IllegalArgumentException("'" + item + "' is not STEP>TASK or TASK@POINT>TASK");
      }
      int who = task(left.substring(0, at), names, item);
      String point = left.substring(at + 1);
      int occurrence = 1;
      int hash = point.lastIndexOf('#');
      if (hash > 0 && point.substring(hash + 1).chars().allMatch(Character::isDigit)
          && hash < point.length() - 1) {
        occurrence = Integer.parseInt(point.substring(hash + 1));
        point = point.substring(0, hash);
        if (occurrence < 1) {
          throw new IllegalArgumentException("'" + item + "': occurrences count from 1");
        }
      }
      items.add(new AtPoint(who, point, occurrence, task));
    }
    return new Schedule(items);
  }

  private static int task(String name, List<String> names, String item) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("'" + item + "' names no task '" + name + "' (tasks: "
          + String.join(", ", names) + ")");
    }
    return i;
  }

  /** The text of this schedule for tasks {@code names}. */
  public String format(List<String> names) {
    if (items.isEmpty()) {
      return NONE;
    }
    List<String> out = new ArrayList<>();
    for (Item i : items) {
      if (i instanceof At a) {
        out.add(a.step() + ">" + names.get(a.task()));
      } else if (i instanceof AtPoint p) {
        out.add(names.get(p.who()) + "@" + p.point()
            + (p.occurrence() == 1 ? "" : "#" + p.occurrence()) + ">" + names.get(p.task()));
      }
    }
    return String.join(",", out);
  }
}
