package ovlsim.properties.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ovlsim.properties.reference.FsView;
import ovlsim.properties.reference.UnionReference;
import ovlsim.properties.reference.UnionState;

/**
 * Checks a concurrent run against the reference: is there an order of the operations, one that
 * respects each task's program order and real time (an operation that ended before another
 * started comes first), in which the reference returns exactly what every operation returned
 * (and, in the strict mode, ends in the merged view the run ended in)? The search is Wing and
 * Gong's, memoised on (progress of each task, reference state).
 *
 * <p>"Every syscall returns an errno the reference allows" is the non-strict mode: each
 * outcome must be one the reference gives in some consistent order, all of them jointly.
 */
public final class Linearizability {
  /**
   * The outcomes the reference allows each event: those it gives for the event's operation in
   * some state the workload can reach before it, i.e. after some of the operations, in an order
   * that respects program order and real time, whatever those returned. Returns the events
   * whose outcome is not among them, each with the outcomes allowed ({@code knownRaces} adds
   * the variants of those declared races). An empty map: every outcome is allowed.
   */
  public static Map<ConcurrentRun.Event, Set<String>> disallowed(
      UnionState initial, List<List<ConcurrentRun.Event>> tasks,
      Set<UnionReference.KnownRace> knownRaces) {
    Map<ConcurrentRun.Event, Set<String>> allowed = new HashMap<>();
    // link looks the old name up before it locks the new parent: its two halves may see two
    // states ({@link UnionReference#linkOldPart}); gathered here, combined below.
    Map<ConcurrentRun.Event, Set<String>> linkOld = new HashMap<>();
    Map<ConcurrentRun.Event, Set<String>> linkNew = new HashMap<>();
    Set<List<Object>> seen = new HashSet<>();
    ArrayList<Object[]> stack = new ArrayList<>();
    stack.add(new Object[] {new int[tasks.size()], initial});
    int nodes = 0;
    while (!stack.isEmpty()) {
      Object[] top = stack.remove(stack.size() - 1);
      int[] pos = (int[]) top[0];
      UnionState s = (UnionState) top[1];
      if (!seen.add(List.of(Arrays.stream(pos).boxed().toList(), s))) {
        continue;
      }
      if (++nodes > MAX_STATES) {
        return Map.of(); // inconclusive: allow
      }
      long minEnd = Long.MAX_VALUE;
      for (int t = 0; t < tasks.size(); t++) {
        if (pos[t] < tasks.get(t).size()) {
          minEnd = Math.min(minEnd, tasks.get(t).get(pos[t]).end());
        }
      }
      for (int t = 0; t < tasks.size(); t++) {
        if (pos[t] == tasks.get(t).size()) {
          continue;
        }
        ConcurrentRun.Event e = tasks.get(t).get(pos[t]);
        if (e.start() > minEnd) {
          continue;
        }
        if (e.op() instanceof ovlsim.properties.reference.Op.Link l) {
          linkOld.computeIfAbsent(e, k -> new TreeSet<>())
              .add(UnionReference.linkOldPart(s, l));
          linkNew.computeIfAbsent(e, k -> new TreeSet<>())
              .add(UnionReference.linkNewPart(s, l));
        }
        List<UnionReference.Variant> variants =
            UnionReference.applyWithKnownRaces(s, e.op(), knownRaces);
        for (UnionReference.Variant v : variants) {
          allowed.computeIfAbsent(e, k -> new TreeSet<>())
              .add(v.step().outcome().toString());
          int[] next = pos.clone();
          next[t]++;
          stack.add(new Object[] {next, v.step().state()});
        }
      }
    }
    linkOld.forEach((e, olds) -> {
      for (String o : olds) {
        for (String n : linkNew.get(e)) {
          allowed.get(e).add(UnionReference.linkOutcome(o, n));
        }
      }
    });
    Map<ConcurrentRun.Event, Set<String>> bad = new LinkedHashMap<>();
    tasks.forEach(l -> l.forEach(e -> {
      Set<String> ok = allowed.getOrDefault(e, Set.of());
      if (!ok.contains(e.outcome().toString())) {
        bad.put(e, ok);
      }
    }));
    return bad;
  }

  /**
   * Whether some state the workload can reach lets one of its renames be a rename between two
   * hard links ({@link UnionReference#isHardLinkAliasingRename}).
   */
  public static boolean hardLinkAliasingReachable(
      UnionState initial, List<List<ConcurrentRun.Event>> tasks) {
    Set<List<Object>> seen = new HashSet<>();
    ArrayList<Object[]> stack = new ArrayList<>();
    stack.add(new Object[] {new int[tasks.size()], initial});
    int nodes = 0;
    while (!stack.isEmpty()) {
      Object[] top = stack.remove(stack.size() - 1);
      int[] pos = (int[]) top[0];
      UnionState s = (UnionState) top[1];
      if (!seen.add(List.of(Arrays.stream(pos).boxed().toList(), s)) || ++nodes > MAX_STATES) {
        continue;
      }
      for (int t = 0; t < tasks.size(); t++) {
        if (pos[t] == tasks.get(t).size()) {
          continue;
        }
        ConcurrentRun.Event e = tasks.get(t).get(pos[t]);
        if (UnionReference.isHardLinkAliasingRename(s, e.op())) {
          return true;
        }
        int[] next = pos.clone();
        next[t]++;
        stack.add(new Object[] {next, UnionReference.apply(s, e.op()).state()});
      }
    }
    return false;
  }

  /** The search gives up after this many states (then the verdict is inconclusive). */
  public static final int MAX_STATES = 200_000;

  /**
   * The answer: {@code ok}, or why not; {@code order} is a witness when ok, and
   * {@code races} the known races it needs (empty in the strict mode).
   */
  public record Verdict(boolean ok, boolean inconclusive, List<ConcurrentRun.Event> order,
      Set<UnionReference.KnownRace> races, String explanation, int states) {}

  private final List<List<ConcurrentRun.Event>> tasks;
  private final FsView finalView;
  private final Set<List<Object>> failed = new HashSet<>();
  private int states;
  private int deepest = -1;
  private String deepestWhy = "";
  private final List<ConcurrentRun.Event> path = new ArrayList<>();
  private final List<UnionReference.KnownRace> pathRaces = new ArrayList<>();
  private final boolean knownRaces;

  private Linearizability(
      List<List<ConcurrentRun.Event>> tasks, FsView finalView, boolean knownRaces) {
    this.tasks = tasks;
    this.finalView = finalView;
    this.knownRaces = knownRaces;
  }

  /**
   * Checks {@code events} (one list per task, in program order) from {@code initial}; with a
   * {@code finalView}, the order must also end in it.
   */
  public static Verdict check(
      UnionState initial, List<List<ConcurrentRun.Event>> events, FsView finalView) {
    return check(initial, events, finalView, false);
  }

  /**
   * As {@link #check(UnionState, List, FsView)}; with {@code knownRaces}, an operation may also
   * take a step one of the declared {@link UnionReference.KnownRace}s makes
   * ({@link UnionReference#applyWithKnownRaces}).
   */
  public static Verdict check(UnionState initial, List<List<ConcurrentRun.Event>> events,
      FsView finalView, boolean knownRaces) {
    Linearizability l = new Linearizability(events, finalView, knownRaces);
    int[] pos = new int[events.size()];
    boolean ok;
    try {
      ok = l.search(initial, pos);
    } catch (GiveUp g) {
      return new Verdict(true, true, List.of(), Set.of(), "gave up after " + l.states + " states",
          l.states);
    }
    if (ok) {
      Set<UnionReference.KnownRace> races = new TreeSet<>();
      l.pathRaces.stream().filter(r -> r != null).forEach(races::add);
      return new Verdict(true, false, List.copyOf(l.path), races, "", l.states);
    }
    return new Verdict(false, false, List.of(), Set.of(), l.explain(), l.states);
  }

  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GiveUp() {
      super(null, null, false, false);
    }
  }

  private boolean search(UnionState s, int[] pos) {
    int done = Arrays.stream(pos).sum();
    int total = tasks.stream().mapToInt(List::size).sum();
    if (done == total) {
      if (finalView == null || FsView.of(s).equals(finalView)) {
        return true;
      }
      note(done, "every outcome matches in order " + path + ", but the reference ends in\n"
          + FsView.of(s) + "while the run ended in\n" + finalView + "differences:\n"
          + FsView.of(s).diff(finalView));
      return false;
    }
    List<Object> key = List.of(Arrays.stream(pos).boxed().toList(), s);
    if (failed.contains(key)) {
      return false;
    }
    if (++states > MAX_STATES) {
      throw new GiveUp();
    }
    long minEnd = Long.MAX_VALUE;
    for (int t = 0; t < tasks.size(); t++) {
      if (pos[t] < tasks.get(t).size()) {
        minEnd = Math.min(minEnd, tasks.get(t).get(pos[t]).end());
      }
    }
    for (int t = 0; t < tasks.size(); t++) {
      if (pos[t] == tasks.get(t).size()) {
        continue;
      }
      ConcurrentRun.Event e = tasks.get(t).get(pos[t]);
      if (e.start() > minEnd) {
        continue; // another pending operation ended before this one started
      }
      List<UnionReference.Variant> variants = UnionReference.applyWithKnownRaces(
          s, e.op(), knownRaces ? EnumSet.allOf(UnionReference.KnownRace.class)
              : EnumSet.noneOf(UnionReference.KnownRace.class));
      for (UnionReference.Variant v : variants) {
        UnionReference.Step step = v.step();
        if (!step.outcome().equals(e.outcome())) {
          note(done, e + ", where the reference says " + step.outcome() + " after " + path);
          continue;
        }
        pos[t]++;
        path.add(e);
        pathRaces.add(v.race());
        if (search(step.state(), pos)) {
          return true;
        }
        pathRaces.remove(pathRaces.size() - 1);
        path.remove(path.size() - 1);
        pos[t]--;
      }
    }
    failed.add(key);
    return false;
  }

  private void note(int depth, String why) {
    if (depth > deepest) {
      deepest = depth;
      deepestWhy = why;
    }
  }

  private String explain() {
    List<ConcurrentRun.Event> all = new ArrayList<>();
    tasks.forEach(all::addAll);
    all.sort(Comparator.comparingLong(ConcurrentRun.Event::start));
    StringBuilder sb = new StringBuilder("no order of the operations explains the run");
    sb.append(finalView == null ? "'s outcomes" : "'s outcomes and final view").append(":\n");
    all.forEach(e -> sb.append("  ").append(e).append('\n'));
    sb.append("the furthest any order got (").append(deepest).append(" operations): ")
        .append(deepestWhy);
    return sb.toString();
  }
}
