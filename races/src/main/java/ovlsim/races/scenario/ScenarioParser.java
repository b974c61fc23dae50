package ovlsim.races.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.Target;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.OpCall;
import ovlsim.conformance.fst.SetupStep;
import ovlsim.conformance.fst.SourceLine;
import ovlsim.conformance.fst.Token;
import ovlsim.conformance.fst.Tokenizer;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;

/**
 * Reads scenario files ({@code .scn}; the reference is {@code docs/scenarios.md}). The setup
 * and mount lines are {@code .fst} lines, read by {@link FstParser}; then, in this order:
 *
 * <pre>
 * upper-fs OPTIONS                    (before the mount: the upper filesystem's mount options)
 * stack N                             (after the mount: N overlays stacked, the tasks in the top)
 * dcache cold                         (after the mount: the upper fs's unused dentries pruned)
 * task NAME [-u UID] [-g GID[,GID...]] [-U UMASK] [before] OP ARGS [: OP ARGS]...
 * observe NAME [-u UID] [-g GIDS] [-U UMASK] [-l upper|lower] [as TASK] OP ARGS [: OP ARGS]...
 * outcome NAME GRADE [on SELECTOR... : GRADE]... when CONDITION | otherwise
 * means TEXT
 * replay SCHEDULE
 * </pre>
 *
 * and {@code about TEXT} anywhere; a {@code means} line right after the outcome line it
 * explains. The comment lines at the top of the file are its header ({@link Scenario#header}).
 * Every line it cannot read is a {@link FstSyntaxException} whose message begins
 * {@code FILE:LINE:}.
 */
public final class ScenarioParser {
  /** The file name suffix of scenario files. */
  public static final String SUFFIX = ".scn";

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern TASK = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private enum Phase { SETUP, TASKS, OBSERVE, OUTCOME, REPLAY }

  private final String file;
  private final List<SetupStep> setup = new ArrayList<>();
  private final Map<String, TaskBuilder> tasks = new LinkedHashMap<>();
  private final List<Scenario.Observation> observations = new ArrayList<>();
  private final List<Scenario.OutcomeClass> outcomes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, Integer> opened = new HashMap<>();
  private SourceLine mount;
  private boolean readOnly;
  private String upperOptions = "";
  private int upperOptionsLine;
  private int stack = 1;
  private boolean coldDcache;
  private int coldLine;
  private int stackLine;
  private String about = "";
  private String replay;
  private int replayLine;
  private Phase phase = Phase.SETUP;
  private int lastCode = 1;
  /** Was the last line with code an {@code outcome} line (so a {@code means} line may follow)? */
  private boolean afterOutcome;

  private static final class TaskBuilder {
    final String name;
    final Creds creds;
    final int firstLine;
    final List<Scenario.TaskLine> lines = new ArrayList<>();

    TaskBuilder(String name, Creds creds, int firstLine) {
      this.name = name;
      this.creds = creds;
      this.firstLine = firstLine;
    }
  }

  private ScenarioParser(String file) {
    this.file = file;
  }

  /** Reads the scenario in {@code path} (UTF-8), named by the path as given. */
  public static Scenario parse(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return parse(path.toString(), text);
  }

  /** Reads the scenario {@code text}, named {@code file} in messages. */
  public static Scenario parse(String file, String text) {
    return new ScenarioParser(file).read(text);
  }

  /** The scenario's name: the file's name without directory and {@value #SUFFIX}. */
  static String nameOf(String file) {
    String n = Path.of(file).getFileName().toString();
    return n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : n;
  }

  private Scenario read(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      try {
        line(number, lines[i]);
      } catch (IllegalArgumentException e) {
        throw new FstSyntaxException(file, number, e.getMessage());
      }
    }
    if (mount == null) {
      throw new FstSyntaxException(file, lastCode,
          "no mount line: a scenario needs 'mount' (or 'mount ro') after its setup");
    }
    List<Scenario.TaskDef> defs = new ArrayList<>();
    for (TaskBuilder b : tasks.values()) {
      if (b.lines.stream().allMatch(Scenario.TaskLine::before)) {
        throw new FstSyntaxException(file, b.firstLine,
            "task " + b.name + " has only 'before' lines: a task needs a line that runs"
                + " concurrently");
      }
      defs.add(new Scenario.TaskDef(b.name, b.creds, b.lines));
    }
    if (defs.isEmpty()) {
      throw new FstSyntaxException(file, lastCode, "a scenario needs a task ('task NAME OP"
          + " ARGS'): one for a sequential question, two or more for a race");
    }
    if (outcomes.isEmpty()) {
      throw new FstSyntaxException(file, lastCode,
          "no outcome line: name the outcomes ('outcome NAME GRADE when CONDITION')");
    }
    Scenario s = new Scenario(nameOf(file), file, about, header(lines), setup, mount, readOnly,
        upperOptions, coldDcache, stack, defs, observations, outcomes, replay);
    checkNames(s);
    if (replay != null) {
      try {
        Schedule.parse(replay, s.taskNames());
      } catch (IllegalArgumentException e) {
        throw new FstSyntaxException(file, replayLine, "replay: " + e.getMessage());
      }
    }
    return s;
  }

  /**
   * The header: the lines at the top that begin with {@code #}, up to the first that does
   * not, each without its {@code #} and one blank after it; blank lines at its end dropped.
   */
  static String header(String[] lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      if (!l.startsWith("#")) {
        break;
      }
      String t = l.substring(1);
      out.add((t.startsWith(" ") ? t.substring(1) : t).stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out);
  }

  private void line(int number, String text) {
    List<Token> tokens;
    try {
      tokens = Tokenizer.split(text);
    } catch (IllegalArgumentException e) {
      throw new FstSyntaxException(file, number, e.getMessage());
    }
    if (tokens.isEmpty()) {
      return;
    }
    lastCode = number;
    Token head = tokens.get(0);
    String word = head.quoted() ? "" : head.text();
    boolean follows = afterOutcome;
    afterOutcome = word.equals("outcome");
    List<Token> rest = tokens.subList(1, tokens.size());
    SourceLine where = new SourceLine(file, number,
        tokens.stream().map(Token::source).collect(Collectors.joining(" ")));
    switch (word) {
      case "lower", "upper", "mount" -> fstLine(number, text, word);
      case "upper-fs" -> upperFs(number, rest);
      case "stack" -> stack(number, rest);
      case "dcache" -> dcache(number, rest);
      case "about" -> {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("about needs a line of text");
        }
        about = rest.stream().map(Token::text).collect(Collectors.joining(" "));
      }
      case "task" -> task(where, rest);
      case "observe" -> observe(where, rest);
      case "outcome" -> outcome(where, rest);
      case "means" -> means(follows, rest);
      case "replay" -> {
        advance(Phase.REPLAY, "replay");
        if (replay != null) {
          throw new IllegalArgumentException("a second replay line");
        }
        if (rest.size() != 1) {
          throw new IllegalArgumentException("replay takes one SCHEDULE (no blanks; quote it)");
        }
        replay = rest.get(0).text();
        replayLine = number;
      }
      default -> throw new IllegalArgumentException("unknown line '" + head.source()
          + "': a line begins with about, upper-fs, lower, upper, mount, stack, dcache, task,"
          + " observe, outcome, means or replay");
    }
  }

  private void fstLine(int number, String text, String word) {
    if (phase != Phase.SETUP || (mount != null && !word.equals("mount"))) {
      throw new IllegalArgumentException(word + " after "
          + (mount != null ? "the mount (line " + mount.number() + ")" : "the tasks")
          + ": the layers are set up, then mounted, before the tasks");
    }
    if (word.equals("mount") && mount != null) {
      throw new IllegalArgumentException("a second mount line (the first is line "
          + mount.number() + ")");
    }
    FstParser.Line l = FstParser.parseLine(file, number, text, 1);
    if (l instanceof FstParser.Setup s) {
      setup.add(s.step());
    } else if (l instanceof FstParser.Mount m) {
      mount = m.line();
      readOnly = m.readOnly();
    }
  }

  /**
   * {@code upper-fs OPTIONS}: the upper filesystem's mount options ({@code size=16k} to make a
   * copy-up run out of space, {@code jffs2} for jffs2's locking), before the mount line.
   */
  private void upperFs(int number, List<Token> rest) {
    if (phase != Phase.SETUP || mount != null) {
      throw new IllegalArgumentException("upper-fs after the mount: the upper filesystem's"
          + " options come before the 'mount' line");
    }
    if (upperOptionsLine != 0) {
      throw new IllegalArgumentException("a second upper-fs line (the first is line "
          + upperOptionsLine + ")");
    }
    if (rest.size() != 1 || rest.get(0).text().isEmpty()) {
      throw new IllegalArgumentException("upper-fs takes one OPTIONS word (comma-separated, as"
          + " mount -o: size=16k)");
    }
    upperOptions = rest.get(0).text();
    upperOptionsLine = number;
  }

  /**
   * {@code dcache cold}: after the mount (and the stack), the upper filesystem's unused dentries
   * are pruned, as a reboot leaves them: the layers were written before the boot.
   */
  private void dcache(int number, List<Token> rest) {
    if (mount == null || phase != Phase.SETUP) {
      throw new IllegalArgumentException("dcache comes after the mount line, before the tasks");
    }
    if (coldLine != 0) {
      throw new IllegalArgumentException("a second dcache line (the first is line " + coldLine
          + ")");
    }
    if (rest.size() != 1 || !rest.get(0).text().equals("cold")) {
      throw new IllegalArgumentException("dcache takes one word: cold");
    }
    coldDcache = true;
    coldLine = number;
  }

  /** {@code stack N}: N overlays stacked, right after the mount line. */
  private void stack(int number, List<Token> rest) {
    if (mount == null || phase != Phase.SETUP) {
      throw new IllegalArgumentException("stack comes right after the mount line, before the"
          + " tasks");
    }
    if (stackLine != 0) {
      throw new IllegalArgumentException("a second stack line (the first is line " + stackLine
          + ")");
    }
    int n;
    try {
      n = rest.size() == 1 ? Integer.parseInt(rest.get(0).text()) : -1;
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 2 || n > Scenario.MAX_STACK) {
      throw new IllegalArgumentException("stack takes a number of overlays from 2 to "
          + Scenario.MAX_STACK);
    }
    stack = n;
    stackLine = number;
  }

  private void advance(Phase to, String what) {
    if (mount == null) {
      throw new IllegalArgumentException(what + " before mount: add a 'mount' line above it");
    }
    if (to.compareTo(phase) < 0) {
      throw new IllegalArgumentException(what + " lines come after the "
          + phase.name().toLowerCase(Locale.ROOT) + " lines' place: the order is setup, mount,"
          + " task, observe, outcome, replay");
    }
    phase = to;
  }

  private void task(SourceLine where, List<Token> rest) {
    advance(Phase.TASKS, "task");
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("task needs a NAME and an op");
    }
    String name = name(rest.get(0), TASK, "task name");
    FstParser.LineOptions o =
        FstParser.options(rest.subList(1, rest.size()), Set.of("-u", "-g", "-U"));
    List<Token> ops = o.rest();
    boolean before = !ops.isEmpty() && !ops.get(0).quoted() && ops.get(0).text().equals("before");
    if (before) {
      ops = ops.subList(1, ops.size());
    }
    TaskBuilder b = tasks.get(name);
    boolean hasOptions = o.rest().size() != rest.size() - 1;
    if (b == null) {
      if (names.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' already names an observation");
      }
      b = new TaskBuilder(name, o.creds(), where.number());
      tasks.put(name, b);
    } else if (hasOptions) {
      throw new IllegalArgumentException("task " + name + "'s -u/-g/-U belong on its first line"
          + " (line " + b.firstLine + ")");
    }
    if (before && b.lines.stream().anyMatch(l -> !l.before())) {
      throw new IllegalArgumentException("a 'before' line of task " + name
          + " after one of its concurrent lines: its before lines come first");
    }
    int n = opened.getOrDefault(name, 0);
    List<OpCall> calls = FstParser.ops(ops, n, "task line");
    opened.put(name, n + (int) calls.stream().filter(c -> c.kind().opensFd()).count());
    b.lines.add(new Scenario.TaskLine(name + "." + (b.lines.size() + 1), where, before, calls));
  }

  private void observe(SourceLine where, List<Token> rest) {
    advance(Phase.OBSERVE, "observe");
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("observe needs a NAME and an op");
    }
    String name = name(rest.get(0), NAME, "observation name");
    if (Scenario.BUILTINS.contains(name) || tasks.containsKey(name) || !names.add(name)) {
      throw new IllegalArgumentException("'" + name + "' is already an observation ("
          + "built in: " + String.join(", ", Scenario.BUILTINS.stream().sorted().toList())
          + "; task lines are TASK.N)");
    }
    FstParser.LineOptions o =
        FstParser.options(rest.subList(1, rest.size()), Set.of("-u", "-g", "-U", "-l"));
    List<Token> ops = o.rest();
    String as = null;
    if (ops.size() >= 2 && !ops.get(0).quoted() && ops.get(0).text().equals("as")) {
      as = ops.get(1).text();
      if (!tasks.containsKey(as)) {
        throw new IllegalArgumentException("observe ... as " + as + ": no task " + as
            + " (tasks: " + String.join(", ", tasks.keySet()) + ")");
      }
      if (o.rest().size() != rest.size() - 1) {
        throw new IllegalArgumentException("an observation 'as " + as + "' runs with "
            + as + "'s creds and in the mount: no -u/-g/-U/-l");
      }
      ops = ops.subList(2, ops.size());
    }
    List<OpCall> calls;
    if (as != null) {
      int n = opened.getOrDefault(as, 0);
      calls = FstParser.ops(ops, n, "observe line");
      opened.put(as, n + (int) calls.stream().filter(c -> c.kind().opensFd()).count());
    } else {
      calls = FstParser.ops(ops, 0, "observe line");
    }
    observations.add(new Scenario.Observation(name, where, o.creds(), o.target(), as, calls));
  }

  private void outcome(SourceLine where, List<Token> rest) {
    advance(Phase.OUTCOME, "outcome");
    if (rest.size() < 3) {
      throw new IllegalArgumentException(
          "outcome NAME GRADE [on SELECTOR...: GRADE]... when CONDITION | otherwise");
    }
    String name = name(rest.get(0), NAME, "outcome name");
    for (Scenario.OutcomeClass c : outcomes) {
      if (c.name().equals(name)) {
        throw new IllegalArgumentException("a second outcome " + name + " (the first is line "
            + c.line().number() + ")");
      }
    }
    Grade grade = Grade.of(rest.get(1).text());
    int i = 2;
    Map<Scenario.Selector, Grade> on = new LinkedHashMap<>();
    while (i < rest.size() && !rest.get(i).quoted() && rest.get(i).text().equals("on")) {
      i++;
      List<String> versions = new ArrayList<>();
      List<OvlPatch> with = new ArrayList<>();
      List<OvlPatch> without = new ArrayList<>();
      boolean closed = false;
      while (i < rest.size() && !closed) {
        String w = rest.get(i).text();
        i++;
        if (w.equals(":")) {
          closed = true;
          break;
        }
        if (w.endsWith(":")) {
          w = w.substring(0, w.length() - 1);
          closed = true;
        }
        if (w.equals("with") || w.equals("without")) {
          if (closed || i >= rest.size()) {
            throw new IllegalArgumentException("'" + w + "' needs a PATCH ("
                + patchNames() + ")");
          }
          String p = rest.get(i).text();
          i++;
          if (p.endsWith(":")) {
            p = p.substring(0, p.length() - 1);
            closed = true;
          }
          (w.equals("with") ? with : without).add(patch(p));
        } else {
          versions.add(version(w));
        }
      }
      if (!closed || i >= rest.size()) {
        throw new IllegalArgumentException("'on VERSION...' needs ': GRADE' after its versions");
      }
      if (versions.isEmpty() && with.isEmpty() && without.isEmpty()) {
        throw new IllegalArgumentException("'on' names no version");
      }
      on.put(new Scenario.Selector(versions, with, without), Grade.of(rest.get(i).text()));
      i++;
    }
    if (i >= rest.size()) {
      throw new IllegalArgumentException("outcome " + name + " needs 'when CONDITION' or"
          + " 'otherwise'");
    }
    String w = rest.get(i).text();
    Predicate when;
    if (w.equals("otherwise") && i == rest.size() - 1) {
      for (Scenario.OutcomeClass c : outcomes) {
        if (c.otherwise()) {
          throw new IllegalArgumentException("a second 'otherwise' outcome (the first is "
              + c.name() + ", line " + c.line().number() + ")");
        }
      }
      when = null;
    } else if (w.equals("when") && i < rest.size() - 1) {
      when = Predicate.parse(rest.subList(i + 1, rest.size()));
    } else {
      throw new IllegalArgumentException("expected 'when CONDITION' or 'otherwise' at '"
          + rest.get(i).source() + "'");
    }
    outcomes.add(new Scenario.OutcomeClass(name, where, grade, on, when, ""));
  }

  /** {@code means TEXT}: what the outcome on the line before means. */
  private void means(boolean follows, List<Token> rest) {
    if (!follows) {
      throw new IllegalArgumentException("a means line comes right after the outcome line it"
          + " explains (one for each outcome)");
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("means needs a line of text");
    }
    int last = outcomes.size() - 1;
    outcomes.set(last, outcomes.get(last).withMeaning(
        rest.stream().map(Token::text).collect(Collectors.joining(" "))));
  }

  private static String name(Token t, Pattern p, String what) {
    if (t.quoted() || !p.matcher(t.text()).matches()) {
      throw new IllegalArgumentException(what + " '" + t.text() + "' is not a name (letters,"
          + " digits" + (p == TASK ? ", _" : ", - and _") + ", starting with a letter)");
    }
    return t.text();
  }

  private static String version(String w) {
    return OvlVersion.fromName(w).optionName();
  }

  private static OvlPatch patch(String w) {
    String n = w.toUpperCase(Locale.ROOT).replace('-', '_');
    for (OvlPatch p : OvlPatch.values()) {
      if (p.name().equals(n)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown patch '" + w + "' (known: " + patchNames() + ")");
  }

  private static String patchNames() {
    return String.join(", ", Arrays.stream(OvlPatch.values())
        .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
  }

  /** Every name a condition reads must be an observation. */
  private void checkNames(Scenario s) {
    Set<String> known = new HashSet<>(Scenario.BUILTINS);
    for (int k = 2; k <= s.stack(); k++) {
      known.add(Scenario.stackObservation(k));
    }
    s.observations().forEach(o -> known.add(o.name()));
    s.tasks().forEach(t -> t.lines().forEach(l -> known.add(l.id())));
    for (Scenario.OutcomeClass c : s.outcomes()) {
      if (c.otherwise()) {
        continue;
      }
      List<String> used = new ArrayList<>();
      c.when().names(used);
      for (String u : used) {
        if (!known.contains(u)) {
          throw new FstSyntaxException(file, c.line().number(), "outcome " + c.name()
              + " reads '" + u + "', which is no observation (known: "
              + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      }
    }
  }
}
