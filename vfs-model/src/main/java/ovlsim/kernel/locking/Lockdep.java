package ovlsim.kernel.locking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelLocal;
import ovlsim.kernel.Task;

/**
 * Port of the lock validator ({@code kernel/lockdep.c}), reduced to what ovlsim needs: one lock
 * class per ({@link LockClassKey}, {@link MutexSubclass}) pair, as lockdep makes each subclass a
 * class of its own; a graph of dependencies "class A was held when class B was taken"; and the
 * three splats of a sleeping lock: possible recursive locking, possible circular locking
 * dependency, bad unlock balance. One instance per {@link ovlsim.kernel.Kernel}.
 *
 * <p>The kernel switches lockdep off after its first report; the model keeps validating and
 * records each distinct report (same kind, same classes) once.
 *
 * <p>Locking: the graph (classes and {@code locks_after} lists) only grows under
 * {@code graphLock}, the port of {@code graph_lock()}; the fast path, an acquire whose
 * dependencies are all known already, reads it without any lock and allocates nothing. Each
 * task's held-lock stack is changed only by that task's thread ({@link HeldLocks}). The reports
 * are guarded by their list's monitor.
 *
 * <p>Where the text differs from the kernel's: no irq-usage bits {@code {+.+.+.}} (the model
 * has no irq contexts), no {@code , at: [<ip>]} acquire sites on held locks, and Java frames
 * where the kernel prints stack traces.
 */
public final class Lockdep {
  /** The validator of each model kernel (the C's lockdep globals). */
  private static final KernelLocal<Lockdep> LOCKDEP = KernelLocal.of(k -> new Lockdep());

  /** What the model's {@code print_kernel_version()} prints. */
  static final String KERNEL_RELEASE = "2.6.38-ovlsim";

  /** How many frames a saved stack trace keeps. */
  private static final int TRACE_DEPTH = 16;

  private static final int SUBCLASSES = MutexSubclass.values().length;

  /**
   * Shows reflection frames so that the walk does not test every frame's class for one (a
   * tenth of a race sample); {@link #keep} leaves them out, so the traces are the same.
   */
  private static final StackWalker WALKER =
      StackWalker.getInstance(Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES), 2 * TRACE_DEPTH);

  /**
   * {@code -Dovlsim.lockdep.eagerTraces=true} formats every dependency's trace when it is
   * saved, as lockdep did before its traces were lazy: only for measuring what that costs
   * (benchmarks' {@code ExploreBenchmark}); the reports are the same either way.
   */
  private static final boolean EAGER_TRACES = Boolean.getBoolean("ovlsim.lockdep.eagerTraces");

  /** Frames of these classes are lockdep's own and left out of saved traces. */
  private static final Set<String> OWN_FRAMES =
      Set.of(Lockdep.class.getName(), SavedTrace.class.getName(), KMutex.class.getName(),
          HeldLocks.class.getName());

  /** The port of {@code graph_lock()}. */
  private final Object graphLock = new Object();

  /** The port of {@code classhash_table}: registered classes by key, a slot per subclass. */
  private volatile ConcurrentHashMap<LockClassKey, AtomicReferenceArray<LockClass>> classHash =
      new ConcurrentHashMap<>();

  /** Every registered class in registration order. Guarded by {@code graphLock}. */
  private final List<LockClass> classList = new ArrayList<>();

  /** Every dependency in the order it was found. Guarded by {@code graphLock}. */
  private final List<Dependency> dependencyList = new ArrayList<>();

  /** The reports in order. Guarded by itself, as is {@link #reported}. */
  private final List<LockdepReport> reports = new ArrayList<>();

  /** (kind, classes) of every report made, for deduplication. */
  private final Set<List<Object>> reported = new HashSet<>();

  /** One edge of the graph by class names: {@code from} was held when {@code to} was taken. */
  public record Dependency(String from, String to) {
    public Dependency {
      Objects.requireNonNull(from);
      Objects.requireNonNull(to);
    }

    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }

  /**
   * Port of {@code struct lock_class}: one (key, subclass) pair and its {@code locks_after}
   * list. Identity is the object, as in the kernel.
   */
  private static final class LockClass {
    final String name;
    /**
     * Port of {@code locks_after}: each class taken while this one was held, with the stack
     * trace of the first time. Written under {@code graphLock}; read without it.
     */
    final ConcurrentHashMap<LockClass, SavedTrace> after = new ConcurrentHashMap<>();
    /** The keys of {@link #after} in the order they were added, for a deterministic search. */
    final List<LockClass> afterOrder = new ArrayList<>();

    LockClass(LockClassKey key, MutexSubclass subclass) {
      this.name = key.name(subclass);
    }
  }

  /** The lock validator of {@code kernel}. */
  public static Lockdep of(Kernel kernel) {
    return LOCKDEP.get(kernel);
  }

  /**
   * Port of {@code lock_acquire()} for a mutex (through {@code __lock_acquire()} and
   * {@code validate_chain()}): checks {@code lock} against the locks {@code task} holds, adds the
   * new dependencies, and pushes it on the task's held-lock stack. Called on the task's thread
   * before it blocks on the mutex. The lock is pushed even after a report, because the model
   * goes on and will release it.
   */
  void acquire(Task task, KMutex lock, MutexSubclass subclass) {
    HeldLocks held = HeldLocks.of(task);
    LockClass next = lookupClass(lock.key(), subclass);
    if (checkDeadlock(task, held, lock, subclass)) {
      checkPrevsAdd(task, held, next);
    }
    held.push(lock, subclass, false);
  }

  /**
   * Port of {@code lock_acquire()} with {@code trylock=1}: a trylock is recorded on the held
   * stack but neither checked nor given dependencies, because it never waits ({@code
   * validate_chain()}).
   */
  void acquireTry(Task task, KMutex lock, MutexSubclass subclass) {
    lookupClass(lock.key(), subclass);
    HeldLocks.of(task).push(lock, subclass, true);
  }

  /**
   * Port of {@code lock_release()}: pops {@code lock} from the task's held stack, wherever it
   * is (as {@code lock_release_non_nested()} does); reports a bad unlock balance when the task
   * does not hold it.
   */
  void release(Task task, KMutex lock) {
    if (!HeldLocks.of(task).remove(lock)) {
      badUnlock(task, lock);
    }
  }

  /**
   * Port of {@code print_unlock_inbalance_bug()}: {@code task} releases {@code lock}, which it
   * does not hold.
   */
  void badUnlock(Task task, KMutex lock) {
    List<String> classes = List.of(lock.key().name());
    if (alreadyReported(LockdepReport.Kind.BAD_UNLOCK, classes)) {
      return;
    }
    List<String> trace = saveTrace();
    StringBuilder sb = header(LockdepReport.Kind.BAD_UNLOCK);
    sb.append(task).append(" is trying to release lock (").append(lock.key().name());
    sb.append(") at:\n");
    sb.append(trace.isEmpty() ? "?" : trace.get(0)).append('\n');
    sb.append("but there are no more locks to release!\n");
    sb.append("\nother info that might help us debug this:\n");
    printHeldLocks(sb, task);
    dumpStack(sb, task, trace);
    addReport(LockdepReport.Kind.BAD_UNLOCK, classes, sb.toString());
  }

  /**
   * Port of {@code check_deadlock()}: {@code false}, after a report, when the task already
   * holds a lock of the new lock's class (same key and same subclass).
   */
  private boolean checkDeadlock(Task task, HeldLocks held, KMutex next, MutexSubclass subclass) {
    LockClassKey key = next.key();
    for (int i = 0; i < held.size(); i++) {
      if (held.subclassAt(i) == subclass && held.lockAt(i).key() == key) {
        printDeadlockBug(task, key.name(subclass));
        return false;
      }
    }
    return true;
  }

  /**
   * Port of {@code check_prevs_add()}: adds a dependency from the most recent held lock to
   * {@code next}, and from any trylocks above it; older locks reach {@code next} through it.
   */
  private void checkPrevsAdd(Task task, HeldLocks held, LockClass next) {
    for (int i = held.size() - 1; i >= 0; i--) {
      LockClass prev = lookupClass(held.lockAt(i).key(), held.subclassAt(i));
      if (!checkPrevAdd(task, prev, next)) {
        return;
      }
      if (!held.trylockAt(i)) {
        return;
      }
    }
  }

  /**
   * Port of {@code check_prev_add()}: proves that {@code prev -> next} closes no cycle (that
   * {@code next} does not already reach {@code prev}) and adds it; {@code false} after a report.
   * The port looks for the edge first and skips the search when it exists: the graph never
   * holds a cycle, so {@code next} cannot reach {@code prev} then.
   */
  private boolean checkPrevAdd(Task task, LockClass prev, LockClass next) {
    if (prev.after.containsKey(next)) {
      return true;
    }
    List<LockClass> path;
    synchronized (graphLock) {
      if (prev.after.containsKey(next)) {
        return true;
      }
      path = checkNoncircular(next, prev);
      if (path == null) {
        prev.after.put(next, SavedTrace.capture());
        prev.afterOrder.add(next);
        dependencyList.add(new Dependency(prev.name, next.name));
        return true;
      }
    }
    printCircularBug(task, path);
    return false;
  }

  /**
   * Port of {@code check_noncircular()} (a breadth-first {@code __bfs_forwards()}): the
   * shortest chain of dependencies from {@code source} to {@code target}, both included, or
   * {@code null} when there is none. Caller holds {@code graphLock}.
   */
  private static List<LockClass> checkNoncircular(LockClass source, LockClass target) {
    Map<LockClass, LockClass> parent = new IdentityHashMap<>();
    ArrayDeque<LockClass> queue = new ArrayDeque<>();
    parent.put(source, source);
    queue.add(source);
    while (!queue.isEmpty()) {
      LockClass c = queue.poll();
      for (LockClass n : c.afterOrder) {
        if (parent.containsKey(n)) {
          continue;
        }
        parent.put(n, c);
        if (n == target) {
          ArrayDeque<LockClass> path = new ArrayDeque<>();
          for (LockClass p = n; p != source; p = parent.get(p)) {
            path.addFirst(p);
          }
          path.addFirst(source);
          return List.copyOf(path);
        }
        queue.add(n);
      }
    }
    return null;
  }

  /**
   * Port of {@code print_circular_bug()}: {@code path} runs from the lock being acquired
   * ({@code #0}) to the held lock it already depends on ({@code #N}); each entry but
   * {@code #0} shows where its dependency was first seen, {@code #0} the current stack.
   */
  private void printCircularBug(Task task, List<LockClass> path) {
    List<String> classes = new ArrayList<>(path.size());
    for (LockClass c : path) {
      classes.add(c.name);
    }
    if (alreadyReported(LockdepReport.Kind.CIRCULAR, classes)) {
      return;
    }
    List<String> trace = saveTrace();
    int last = path.size() - 1;
    StringBuilder sb = header(LockdepReport.Kind.CIRCULAR);
    sb.append(task).append(" is trying to acquire lock:\n");
    printLock(sb, path.get(0).name);
    sb.append("\nbut task is already holding lock:\n");
    printLock(sb, path.get(last).name);
    sb.append("\nwhich lock already depends on the new lock.\n\n");
    sb.append("\nthe existing dependency chain (in reverse order) is:\n");
    for (int depth = last; depth >= 1; depth--) {
      List<String> edgeTrace = path.get(depth - 1).after.get(path.get(depth)).lines();
      printCircularBugEntry(sb, depth, path.get(depth).name, edgeTrace);
    }
    printCircularBugEntry(sb, 0, path.get(0).name, trace);
    sb.append("\nother info that might help us debug this:\n\n");
    printHeldLocks(sb, task);
    dumpStack(sb, task, trace);
    addReport(LockdepReport.Kind.CIRCULAR, classes, sb.toString());
  }

  /** Port of {@code print_circular_bug_entry()}. */
  private static void printCircularBugEntry(
      StringBuilder sb, int depth, String name, List<String> trace) {
    sb.append("\n-> #").append(depth);
    sb.append(" (").append(name).append("):\n");
    for (String frame : trace) {
      sb.append("       ").append(frame).append('\n');
    }
  }

  /** Port of {@code print_deadlock_bug()}: {@code task} takes a class it already holds. */
  private void printDeadlockBug(Task task, String name) {
    List<String> classes = List.of(name);
    if (alreadyReported(LockdepReport.Kind.RECURSIVE, classes)) {
      return;
    }
    StringBuilder sb = header(LockdepReport.Kind.RECURSIVE);
    sb.append(task).append(" is trying to acquire lock:\n");
    printLock(sb, name);
    sb.append("\nbut task is already holding lock:\n");
    printLock(sb, name);
    sb.append("\nother info that might help us debug this:\n");
    printHeldLocks(sb, task);
    dumpStack(sb, task, saveTrace());
    addReport(LockdepReport.Kind.RECURSIVE, classes, sb.toString());
  }

  /** The banner, title, {@code print_kernel_version()} and rule that open every splat. */
  private static StringBuilder header(LockdepReport.Kind kind) {
    String title = kind.title();
    StringBuilder sb = new StringBuilder(1024);
    sb.append('\n').append("=".repeat(title.length())).append('\n');
    sb.append(title).append('\n');
    sb.append(KERNEL_RELEASE).append('\n');
    sb.append("-".repeat(title.length())).append('\n');
    return sb;
  }

  /** Port of {@code print_lock()}, without the acquire site. */
  private static void printLock(StringBuilder sb, String name) {
    sb.append(" (").append(name).append(")\n");
  }

  /** Port of {@code lockdep_print_held_locks()}; on {@code task}'s own thread. */
  private static void printHeldLocks(StringBuilder sb, Task task) {
    HeldLocks held = HeldLocks.of(task);
    int depth = held.size();
    if (depth == 0) {
      sb.append("no locks held by ").append(task).append(".\n");
      return;
    }
    sb.append(depth).append(depth > 1 ? " locks" : " lock");
    sb.append(" held by ").append(task).append(":\n");
    for (int i = 0; i < depth; i++) {
      sb.append(" #").append(i).append(": ");
      printLock(sb, held.lockAt(i).name(held.subclassAt(i)));
    }
  }

  /** Port of the {@code stack backtrace:} part, {@code dump_stack()}. */
  private static void dumpStack(StringBuilder sb, Task task, List<String> trace) {
    sb.append("\nstack backtrace:\n");
    sb.append("Pid: ").append(task.pid()).append(", comm: ").append(task.name());
    sb.append(' ').append(KERNEL_RELEASE).append('\n');
    sb.append("Call Trace:\n");
    for (String frame : trace) {
      sb.append(' ').append(frame).append('\n');
    }
  }

  /**
   * Port of {@code save_trace()} for the dependencies: every new dependency of every machine
   * saves the stack where it was first seen, and only a circular-locking report prints it, so
   * the frames are kept as the walker gives them and formatted on first print
   * ({@link #saveTrace()} gives the same lines at once).
   */
  private static final class SavedTrace {
    private final List<StackWalker.StackFrame> frames;
    /** The formatted lines, set on first print; a race sets equal lists. */
    private volatile List<String> lines;

    private SavedTrace(List<StackWalker.StackFrame> frames) {
      this.frames = frames;
    }

    /** The caller's frames, lockdep's own left out, at most {@value #TRACE_DEPTH}. */
    static SavedTrace capture() {
      SavedTrace t = new SavedTrace(WALKER.walk(
          frames -> frames
              .filter(Lockdep::keep)
              .limit(TRACE_DEPTH)
              .toList()));
      if (EAGER_TRACES) {
        t.lines();
      }
      return t;
    }

    /** The frames as {@link #saveTrace()} formats them. */
    List<String> lines() {
      List<String> l = lines;
      if (l == null) {
        l = frames.stream().map(StackWalker.StackFrame::toString).toList();
        lines = l;
      }
      return l;
    }
  }

  /**
   * Does a saved trace keep {@code f}? Not lockdep's own frames, and not the reflection frames
   * a default {@link StackWalker} hides ({@code Method.invoke()} and its implementation).
   */
  private static boolean keep(StackWalker.StackFrame f) {
    String c = f.getClassName();
    return !OWN_FRAMES.contains(c) && !c.startsWith("jdk.internal.reflect.")
        && !c.equals("java.lang.reflect.Method") && !c.equals("java.lang.reflect.Constructor");
  }

  /** Port of {@code save_trace()}: the caller's Java frames, lockdep's own left out. */
  private static List<String> saveTrace() {
    return WALKER.walk(
        frames ->
            frames
                .filter(Lockdep::keep)
                .limit(TRACE_DEPTH)
                .map(StackWalker.StackFrame::toString)
                .toList());
  }

  private boolean alreadyReported(LockdepReport.Kind kind, List<String> classes) {
    synchronized (reports) {
      return reported.contains(List.of(kind, classes));
    }
  }

  private void addReport(LockdepReport.Kind kind, List<String> classes, String text) {
    synchronized (reports) {
      if (reported.add(List.of(kind, List.copyOf(classes)))) {
        reports.add(new LockdepReport(kind, classes, text));
      }
    }
  }

  /**
   * Port of {@code register_lock_class()} behind a {@code look_up_lock_class()} that takes no
   * lock: the class of ({@code key}, {@code subclass}), registered on first use.
   */
  private LockClass lookupClass(LockClassKey key, MutexSubclass subclass) {
    AtomicReferenceArray<LockClass> slots = classHash.get(key);
    if (slots != null) {
      LockClass c = slots.get(subclass.ordinal());
      if (c != null) {
        return c;
      }
    }
    synchronized (graphLock) {
      slots = classHash.computeIfAbsent(key, k -> new AtomicReferenceArray<>(SUBCLASSES));
      LockClass c = slots.get(subclass.ordinal());
      if (c == null) {
        c = new LockClass(key, subclass);
        slots.set(subclass.ordinal(), c);
        classList.add(c);
      }
      return c;
    }
  }

  /** Every report so far, in order. */
  public List<LockdepReport> reports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }

  /** The reports of one kind, in order. */
  public List<LockdepReport> reports(LockdepReport.Kind kind) {
    synchronized (reports) {
      return reports.stream().filter(r -> r.kind() == kind).toList();
    }
  }

  /**
   * Forgets the reports, so that the same splat is reported again; the dependencies learned so
   * far stay (see {@link #reset} to forget those too).
   */
  public void clear() {
    synchronized (reports) {
      reports.clear();
      reported.clear();
    }
  }

  /**
   * Port of {@code lockdep_reset()}: forgets the reports, the classes and every dependency.
   * Call it only while no task of this kernel is taking or releasing a lock; the tasks' held
   * locks stay as they are.
   */
  public void reset() {
    synchronized (graphLock) {
      classHash = new ConcurrentHashMap<>();
      classList.clear();
      dependencyList.clear();
    }
    clear();
  }

  /** Every dependency in the order it was found, for a Graphviz export. */
  public List<Dependency> dependencies() {
    synchronized (graphLock) {
      return List.copyOf(dependencyList);
    }
  }

  /**
   * The stack trace lockdep saved when it first found {@code d} (the trace of its
   * {@code locks_after} entry), innermost frame first, lockdep's own frames left out, as the
   * lines a report prints (a lazy trace is formatted now, once); empty when it knows no such
   * dependency.
   */
  public List<String> trace(Dependency d) {
    synchronized (graphLock) {
      for (LockClass c : classList) {
        if (c.name.equals(d.from())) {
          for (Map.Entry<LockClass, SavedTrace> e : c.after.entrySet()) {
            if (e.getKey().name.equals(d.to())) {
              return e.getValue().lines();
            }
          }
        }
      }
      return List.of();
    }
  }

  /** The name ({@code CLASS/SUBCLASS}) of every class seen, in the order it was first taken. */
  public List<String> classes() {
    synchronized (graphLock) {
      List<String> names = new ArrayList<>(classList.size());
      for (LockClass c : classList) {
        names.add(c.name);
      }
      return List.copyOf(names);
    }
  }
}
