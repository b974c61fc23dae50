package ovlsim.races.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.Target;
import ovlsim.conformance.fst.OpCall;
import ovlsim.conformance.fst.SetupStep;
import ovlsim.conformance.fst.SourceLine;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;

/**
 * A parsed scenario file ({@code docs/scenarios.md}): the layers and the mount as in
 * {@code .fst}, two or more tasks each with its lines of {@code .fst} ops, the observations
 * made after every task finished, and the named outcome classes with their grades.
 *
 * @param name the scenario's name: its file name without {@code .scn}
 * @param file the file as given to the parser, for messages
 * @param about one line on what it shows ({@code about}), or empty
 * @param header the comment block at the top of the file without its {@code #}s: what the
 *     scenario is and the tasks' timeline in kernel terms (the race run's summary page shows
 *     it), or empty
 * @param setup the {@code lower}/{@code upper} lines
 * @param mountLine the {@code mount} line
 * @param readOnly {@code mount ro}
 * @param upperOptions the upper filesystem's mount options ({@code upper-fs} line; empty: none)
 * @param coldDcache {@code dcache cold}: the upper filesystem's unused dentries are pruned after
 *     the mount, as after a reboot, so that the tasks' lookups of the layer's names reach its
 *     {@code ->lookup}
 * @param stack how many overlays are stacked ({@code stack N}; 1 without the line): level K
 *     mounts an overlay on {@code /stackK} whose lower layer is level K-1's mount
 * @param tasks the tasks, in the order they were first named (a schedule names them so)
 * @param observations the {@code observe} lines in order
 * @param outcomes the {@code outcome} lines in order (a schedule's outcome joins their names)
 * @param replay the {@code replay} line's schedule text, or {@code null}
 */
public record Scenario(
    String name,
    String file,
    String about,
    String header,
    List<SetupStep> setup,
    SourceLine mountLine,
    boolean readOnly,
    String upperOptions,
    boolean coldDcache,
    int stack,
    List<TaskDef> tasks,
    List<Observation> observations,
    List<OutcomeClass> outcomes,
    String replay) {
  /** What every schedule's observations hold besides the lines and the {@code observe}s. */
  public static final Set<String> BUILTINS = Set.of("warn", "bug", "lockdep", "deadlock");

  /** The observation of a task line that did not run (an earlier oops, a deadlock). */
  public static final String NOT_RUN = "not-run";

  /** The result of a task line whose op hit a kernel BUG (the task is killed). */
  public static final String OOPS = "oops";

  /** The outcome name of a schedule that no outcome class matched. */
  public static final String UNCLASSIFIED = "unclassified";

  /** The most overlays a {@code stack} line may stack. */
  public static final int MAX_STACK = 4;

  /** The observation of the mount of stacked level {@code k} ({@code stack.2}). */
  public static String stackObservation(int k) {
    return "stack." + k;
  }

  public Scenario {
    Objects.requireNonNull(header);
    Objects.requireNonNull(upperOptions);
    if (stack < 1 || stack > MAX_STACK) {
      throw new IllegalArgumentException("stack " + stack + " is not in 1.." + MAX_STACK);
    }
    setup = List.copyOf(setup);
    tasks = List.copyOf(tasks);
    observations = List.copyOf(observations);
    outcomes = List.copyOf(outcomes);
  }

  /** One task: its name, its creds, its lines in order (those marked {@code before} first). */
  public record TaskDef(String name, Creds creds, List<TaskLine> lines) {
    public TaskDef {
      lines = List.copyOf(lines);
    }

    /** The lines that run before the tasks start, one task after the other. */
    public List<TaskLine> beforeLines() {
      return lines.stream().filter(TaskLine::before).toList();
    }

    /** The lines that run concurrently with the other tasks. */
    public List<TaskLine> concurrentLines() {
      return lines.stream().filter(l -> !l.before()).toList();
    }
  }

  /**
   * One line of a task.
   *
   * @param id its observation name: {@code A.1} for task A's first line
   * @param before runs before the tasks start ({@code task A before ...})
   */
  public record TaskLine(String id, SourceLine line, boolean before, List<OpCall> ops) {
    public TaskLine {
      ops = List.copyOf(ops);
    }

    /** The ops as written, for timelines. */
    public String text() {
      return String.join(" : ", ops.stream().map(OpCall::toString).toList());
    }
  }

  /**
   * An {@code observe} line.
   *
   * @param asTask the task whose fd table and creds it uses ({@code as A}), or {@code null}
   */
  public record Observation(
      String name, SourceLine line, Creds creds, Target target, String asTask, List<OpCall> ops) {
    public Observation {
      ops = List.copyOf(ops);
    }
  }

  /** Which versions an {@code on} group of an outcome line names. */
  public record Selector(List<String> versionNames, List<OvlPatch> with, List<OvlPatch> without) {
    public Selector {
      versionNames = List.copyOf(versionNames);
      with = List.copyOf(with);
      without = List.copyOf(without);
    }

    /** Does the group apply to {@code v}: named, or has a {@code with} patch, or lacks a {@code without} one? */
    public boolean matches(OvlVersion v) {
      return versionNames.contains(v.optionName())
          || with.stream().anyMatch(v::has)
          || without.stream().anyMatch(p -> !v.has(p));
    }
  }

  /**
   * An {@code outcome} line: a named class, its grade (with per-version groups, the first
   * that applies wins), its condition ({@code null}: {@code otherwise}), and what it means
   * (the {@code means} line after it, or empty).
   */
  public record OutcomeClass(
      String name, SourceLine line, Grade grade, Map<Selector, Grade> on, Predicate when,
      String meaning) {
    public OutcomeClass {
      Objects.requireNonNull(name);
      Objects.requireNonNull(meaning);
      on = new LinkedHashMap<>(on);
    }

    /** This class with {@code text} as its meaning. */
    OutcomeClass withMeaning(String text) {
      return new OutcomeClass(name, line, grade, on, when, text);
    }

    /** The grade on {@code version}. */
    public Grade gradeOn(OvlVersion version) {
      for (Map.Entry<Selector, Grade> e : on.entrySet()) {
        if (e.getKey().matches(version)) {
          return e.getValue();
        }
      }
      return grade;
    }

    /** Is this the {@code otherwise} class? */
    public boolean otherwise() {
      return when == null;
    }
  }

  /** The task named {@code taskName}, or null. */
  public TaskDef task(String taskName) {
    for (TaskDef t : tasks) {
      if (t.name().equals(taskName)) {
        return t;
      }
    }
    return null;
  }

  /** The index of {@code taskName} among the tasks, or -1. */
  public int taskIndex(String taskName) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).name().equals(taskName)) {
        return i;
      }
    }
    return -1;
  }

  /** The class named {@code className}, or null. */
  public OutcomeClass outcome(String className) {
    for (OutcomeClass c : outcomes) {
      if (c.name().equals(className)) {
        return c;
      }
    }
    return null;
  }

  /**
   * One line per part of the outcome {@code outcomeName} ({@code resurrected+warn}), for
   * people: {@code PART: MEANING} where the part's class has a {@code means} line, else the
   * part alone.
   */
  public List<String> explain(String outcomeName) {
    List<String> lines = new ArrayList<>();
    for (String part : outcomeName.split("\\+")) {
      OutcomeClass c = outcome(part);
      lines.add(c == null || c.meaning().isEmpty() ? part : part + ": " + c.meaning());
    }
    return lines;
  }

  /** The task names in order. */
  public List<String> taskNames() {
    return tasks.stream().map(TaskDef::name).toList();
  }

  /**
   * The outcome of one schedule on {@code version}: the names of every class whose condition
   * holds, in file order, joined by {@code +}; the {@code otherwise} class when none does; else
   * {@value #UNCLASSIFIED} (forbidden). Its grade is the worst of its parts'.
   */
  public Outcome classify(Function<String, String> observations, OvlVersion version) {
    List<String> parts = new ArrayList<>();
    Grade grade = Grade.ACCEPTABLE;
    for (OutcomeClass c : outcomes) {
      if (!c.otherwise() && c.when().test(observations)) {
        parts.add(c.name());
        grade = grade.worst(c.gradeOn(version));
      }
    }
    if (parts.isEmpty()) {
      for (OutcomeClass c : outcomes) {
        if (c.otherwise()) {
          return new Outcome(c.name(), c.gradeOn(version));
        }
      }
      return new Outcome(UNCLASSIFIED, Grade.FORBIDDEN);
    }
    return new Outcome(String.join("+", parts), grade);
  }

  /** A schedule's outcome: its name ({@code resurrected+warn}) and grade. */
  public record Outcome(String name, Grade grade) {
    public Outcome {
      Objects.requireNonNull(name);
      Objects.requireNonNull(grade);
    }

    /** {@code GRADE NAME}: the jcstress harnesses' state strings, graded by their prefix. */
    public String state() {
      return grade.word() + " " + name;
    }
  }
}
