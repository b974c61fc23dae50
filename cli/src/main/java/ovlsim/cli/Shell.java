package ovlsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ovlsim.cli.inspect.Recording;
import ovlsim.cli.inspect.Snapshot;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.fst.Expectation;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.OpCall;
import ovlsim.conformance.fst.Token;
import ovlsim.conformance.fst.Tokenizer;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Scenario;

/**
 * The commands of {@code ovlsim shell}, one line at a time, on a {@link ShellSession}: the
 * {@code .fst} setup lines and {@code mount}, named tasks that run {@code .fst} lines one
 * schedule point at a time, and the views of the machine. {@link #execute} runs one line; a
 * mistake is a {@link UsageException} whose message is one line.
 */
final class Shell {
  /** One command, for {@code help}. */
  record Command(String name, String usage, String help) {}

  /** Every command, in the order {@code help} lists them. */
  static final List<Command> COMMANDS = List.of(
      new Command("lower", "lower [-U UMASK] OP ARGS [: OP ARGS]...",
          "Before mount: an .fst setup line, run as root on the lower layer at 'mount'."),
      new Command("upper", "upper [-U UMASK] OP ARGS [: OP ARGS]...",
          "Before mount: an .fst setup line for the upper layer."),
      new Command("mount", "mount [ro]",
          "Builds the two layers from the setup lines and mounts the overlay on /mnt."),
      new Command("version", "version [VERSION]",
          "Prints the overlay version, or chooses it (before mount)."),
      new Command("task", "task NAME [-u UID] [-g GID[,GID...]] [-U UMASK]",
          "A new task NAME working in /mnt with those creds (default root: uid 0, every"
              + " capability; another uid has none)."),
      new Command("NAME", "NAME OP ARGS [: OP ARGS]...",
          "Task NAME runs the .fst line until it returns, stops at one of its breakpoints, or"
              + " would wait for a mutex another task holds; every other task stays parked."
              + " FD operands count the task's opens over all its lines."),
      new Command("start", "start NAME OP ARGS [: OP ARGS]...",
          "Task NAME starts the line and parks at its first step."),
      new Command("step", "step NAME [N]",
          "Task NAME runs to its next schedule point (N of them): each i_mutex acquire and"
              + " release and the overlay's named points, the points the explorer switches at."),
      new Command("continue", "continue NAME",
          "Task NAME goes on until its line returns or it reaches a breakpoint (also 'cont')."),
      new Command("break", "break [NAME POINT|PREFIX*]",
          "Task NAME stops when it reaches POINT (or any point starting with PREFIX);"
              + " without arguments lists the breakpoints."),
      new Command("unbreak", "unbreak NAME", "Removes task NAME's breakpoints."),
      new Command("expect", "expect RESULT [-u UID] [-g GIDS] [-U UMASK] [-l upper|lower] OP ...",
          "An .fst expectation, run to its end as a task of its own: prints ok or FAILED."),
      new Command("tasks", "tasks", "Every task: its creds, and where it is parked."),
      new Command("dentries", "dentries [overlay|upper|lower]",
          "The dentry caches: each dentry's inode or negative, d_count, UNHASHED, i_mutex"
              + " holder, and for the overlay its upper and lower dentries (d_fsdata)."),
      new Command("inodes", "inodes",
          "Every inode the dentries point at: i_ino, mode, i_nlink, i_count, i_mutex class"
              + " and holder."),
      new Command("layers", "layers", "The upper and the lower layer's contents as trees."),
      new Command("merged", "merged", "The merged view: what a reader of /mnt finds."),
      new Command("locks", "locks", "The locks each task holds or is about to take."),
      new Command("log", "log", "The WARN_ON and BUG log, and lockdep's reports."),
      new Command("lockdep", "lockdep",
          "The lock classes and dependencies lockdep has learned so far, and its reports."),
      new Command("timeline", "timeline", "Every step so far, a column per task."),
      new Command("trace", "trace on|off", "Print every step a task takes (default off)."),
      new Command("save", "save FILE",
          "Writes the session so far, step by step, as one self-contained web page."),
      new Command("help", "help [COMMAND]", "Lists the commands, or tells one."),
      new Command("quit", "quit", "Ends the session (also 'exit', or end of input)."));

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
  private static final Set<String> WORDS = COMMANDS.stream().map(Command::name)
      .collect(Collectors.toUnmodifiableSet());

  private final ShellSession session;
  private final PrintWriter out;
  private String source = "<stdin>";
  private int lineNo;
  private boolean traceSteps;
  private boolean quit;
  private int failedExpects;

  Shell(OvlVersion version, PrintWriter out) {
    this.session = new ShellSession(version);
    this.out = out;
  }

  ShellSession session() {
    return session;
  }

  boolean quit() {
    return quit;
  }

  int failedExpects() {
    return failedExpects;
  }

  /** The prompt: it says whether the layers are still being set up. */
  String prompt() {
    return session.mounted() ? "ovl> " : "ovl(setup)> ";
  }

  /**
   * Runs the lines of {@code in} (a script, or stdin that is not a terminal), echoing each
   * command after the prompt so the output reads as a session.
   *
   * @return {@link Main#OK}, {@link Main#FAILED} when an {@code expect} failed
   * @throws UsageException naming {@code name:LINE} at the first mistake
   */
  int runScript(BufferedReader in, String name) throws IOException {
    String saved = source;
    int savedNo = lineNo;
    source = name;
    lineNo = 0;
    try {
      String line;
      while (!quit && (line = in.readLine()) != null) {
        lineNo++;
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.println(prompt() + t);
        }
        try {
          execute(line);
        } catch (UsageException e) {
          throw new UsageException(name + ":" + lineNo + ": " + e.getMessage());
        }
        out.flush();
      }
    } finally {
      source = saved;
      lineNo = savedNo;
    }
    return failedExpects > 0 ? Main.FAILED : Main.OK;
  }

  /** Runs one line; a mistake throws {@link UsageException} with a one-line message. */
  void execute(String line) {
    List<Token> tokens;
    try {
      tokens = Tokenizer.split(line);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (tokens.isEmpty()) {
      return;
    }
    Token head = tokens.get(0);
    String word = head.quoted() ? "" : head.text();
    List<Token> rest = tokens.subList(1, tokens.size());
    try {
      dispatch(word, line, rest);
    } catch (FstSyntaxException e) {
      throw new UsageException(stripLocation(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(Main.oneLine(e.getMessage()));
    }
  }

  /** An .fst message without the {@code FILE:LINE: } that the shell adds itself. */
  private String stripLocation(String m) {
    String prefix = source + ":" + lineNo + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private void dispatch(String word, String line, List<Token> rest) {
    switch (word) {
      case "lower", "upper", "mount", "expect" -> fst(word, line);
      case "version" -> version(rest);
      case "task" -> task(rest);
      case "tasks" -> {
        noArgs(word, rest);
        tasks();
      }
      case "start" -> start(rest);
      case "step" -> step(rest);
      case "continue", "cont" -> cont(rest);
      case "break" -> brk(rest);
      case "unbreak" -> unbreak(rest);
      case "dentries" -> dentries(rest);
      case "inodes", "layers", "merged", "locks", "log", "lockdep", "timeline" -> {
        noArgs(word, rest);
        view(word);
      }
      case "trace" -> trace(rest);
      case "save" -> save(rest);
      case "help" -> help(rest);
      case "quit", "exit" -> {
        noArgs(word, rest);
        quit = true;
      }
      default -> {
        ShellSession.ShellTask t = session.task(word);
        if (t == null) {
          throw new UsageException("unknown command or task '" + Main.oneLine(word)
              + "' ('help' lists the commands; 'task " + (NAME.matcher(word).matches() ? word
                  : "NAME") + "' makes a task)");
        }
        runLine(t, rest);
      }
    }
  }

  private static void noArgs(String word, List<Token> rest) {
    if (!rest.isEmpty()) {
      throw new UsageException(word + " takes no argument ('help " + word + "')");
    }
  }

  /** One of the views that take no argument. */
  private void view(String word) {
    switch (word) {
      case "inodes" -> out.print(ShellText.inodes(session.snapshot()));
      case "layers" -> layers(session.snapshot());
      case "merged" -> out.print(ShellText.tree("merged view (/mnt)",
          session.snapshot().merged()));
      case "locks" -> locks(session.snapshot());
      case "log" -> log(session.snapshot());
      case "lockdep" -> lockdep();
      default -> timeline();
    }
  }

  /** A {@code lower}, {@code upper}, {@code mount} or {@code expect} line, read as .fst reads it. */
  private void fst(String word, String line) {
    if (word.equals("expect") && !session.mounted()) {
      throw new UsageException("expect needs the overlay mounted: 'mount' first");
    }
    FstParser.Line l = FstParser.parseLine(source, lineNo, line, 1);
    if (l instanceof FstParser.Setup s) {
      session.addSetup(s.step());
    } else if (l instanceof FstParser.Mount m) {
      session.mount(m.readOnly());
      out.println("mounted the overlay (" + session.version().optionName() + ") on /mnt: lower"
          + " on /lower, upper on /upper");
    } else if (l instanceof FstParser.Expect e) {
      expect(e.expectation());
    }
  }

  private void expect(Expectation e) {
    String text = e.ops().stream().map(OpCall::toString).collect(Collectors.joining(" : "));
    Map.Entry<ShellSession.ShellTask, ShellSession.Outcome> r =
        session.probe(e.creds(), e.target(), e.ops(), text);
    ShellSession.Outcome o = r.getValue();
    if (o.stop() == ShellSession.Stop.BLOCKED) {
      out.println("expect: the line waits as task " + r.getKey().name + ": "
          + blocked(r.getKey()) + "; 'continue " + r.getKey().name + "' once it is free");
      return;
    }
    String got = o.point();
    boolean ok = e.result().matches(got);
    if (!ok) {
      failedExpects++;
    }
    out.println((ok ? "ok " : "FAILED ") + "expect " + e.result() + ", got " + got);
  }

  private void version(List<Token> rest) {
    if (rest.isEmpty()) {
      out.println("overlay " + session.version().optionName()
          + (session.mounted() ? " (mounted)" : " (mount to use it)"));
      return;
    }
    if (rest.size() > 1) {
      throw new UsageException("version takes one VERSION");
    }
    try {
      session.version(OvlVersion.fromName(rest.get(0).text()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(Main.oneLine(e.getMessage()));
    }
    out.println("overlay " + session.version().optionName() + " at mount");
  }

  private void task(List<Token> rest) {
    if (rest.isEmpty()) {
      throw new UsageException("task needs a NAME ('help task')");
    }
    String name = rest.get(0).text();
    checkName(name);
    FstParser.LineOptions o = FstParser.options(rest.subList(1, rest.size()),
        Set.of("-u", "-g", "-U"));
    if (!o.rest().isEmpty()) {
      throw new UsageException("task takes only -u, -g and -U after its NAME, not '"
          + o.rest().get(0).source() + "'");
    }
    ShellSession.ShellTask t = session.addTask(name, o.creds());
    out.println("task " + t.name + ": " + creds(t.creds) + ", in /mnt");
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new UsageException("a task's NAME is a letter, then letters, digits or _ (at most"
          + " 32), not '" + Main.oneLine(name) + "'");
    }
    if (WORDS.contains(name) || name.equals("cont") || name.equals("exit")
        || name.startsWith("expect")) {
      throw new UsageException("'" + name + "' is a command: name the task otherwise");
    }
  }

  static String creds(Creds c) {
    String g = c.groups().length == 0 ? "" : " groups " + Arrays.stream(c.groups())
        .mapToObj(Integer::toString).collect(Collectors.joining(","));
    return "uid " + c.uid() + " gid " + c.gid() + g
        + (c.umask() == 0 ? "" : String.format(Locale.ROOT, " umask %03o", c.umask()));
  }

  private ShellSession.ShellTask taskArg(List<Token> rest, String what) {
    if (rest.isEmpty()) {
      throw new UsageException(what + " needs a task NAME ('help " + what + "')");
    }
    String name = rest.get(0).text();
    ShellSession.ShellTask t = session.task(name);
    if (t == null) {
      throw new UsageException("no task " + Main.oneLine(name) + " (tasks: " + taskNames()
          + ")");
    }
    return t;
  }

  private String taskNames() {
    List<ShellSession.ShellTask> ts = session.tasks();
    return ts.isEmpty() ? "none yet: 'task NAME'"
        : ts.stream().map(t -> t.name).collect(Collectors.joining(", "));
  }

  private List<OpCall> ops(ShellSession.ShellTask t, List<Token> words) {
    return FstParser.ops(words, t.opened, "the line of " + t.name);
  }

  private static String text(List<Token> words) {
    return words.stream().map(Token::source).collect(Collectors.joining(" "));
  }

  private void runLine(ShellSession.ShellTask t, List<Token> words) {
    List<OpCall> ops = ops(t, words);
    int before = stepsSoFar();
    session.start(t, ops, text(words));
    ShellSession.Outcome o = session.run(t, ShellSession.MAX_RUN, true);
    printNewSteps(before);
    report(t, o, stepsSoFar() - before);
  }

  private void start(List<Token> rest) {
    ShellSession.ShellTask t = taskArg(rest, "start");
    List<Token> words = rest.subList(1, rest.size());
    int before = stepsSoFar();
    session.start(t, ops(t, words), text(words));
    printSteps(before, true);
    out.println(t.name + " parked at the start of its line");
  }

  private void step(List<Token> rest) {
    ShellSession.ShellTask t = taskArg(rest, "step");
    int n = 1;
    if (rest.size() > 2) {
      throw new UsageException("step takes a NAME and a count");
    }
    if (rest.size() == 2) {
      try {
        n = Integer.parseInt(rest.get(1).text());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > ShellSession.MAX_RUN) {
        throw new UsageException("step: the count is 1 to " + ShellSession.MAX_RUN + ", not '"
            + Main.oneLine(rest.get(1).text()) + "'");
      }
    }
    int before = stepsSoFar();
    ShellSession.Outcome o = session.run(t, n, false);
    printSteps(before, true);
    if (o.stop() != ShellSession.Stop.STEPPED) {
      report(t, o, stepsSoFar() - before);
    }
  }

  private void cont(List<Token> rest) {
    ShellSession.ShellTask t = taskArg(rest, "continue");
    if (rest.size() > 1) {
      throw new UsageException("continue takes one task NAME");
    }
    int before = stepsSoFar();
    ShellSession.Outcome o = session.run(t, ShellSession.MAX_RUN, true);
    printNewSteps(before);
    report(t, o, stepsSoFar() - before);
  }

  private int stepsSoFar() {
    return session.recording().steps().size();
  }

  /** Prints the steps recorded since {@code from} when tracing (or {@code always}). */
  private void printSteps(int from, boolean always) {
    if (!always && !traceSteps) {
      return;
    }
    List<Recording.Step> steps = session.recording().steps();
    for (int i = Math.max(from, 1); i < steps.size(); i++) {
      Recording.Step s = steps.get(i);
      String words = ShellText.describe(steps.get(i - 1).snapshot(), s.snapshot(), s.task(),
          s.point());
      out.println("  " + s.task() + "  " + s.point() + (words.isEmpty() ? "" : "   (" + words
          + ")"));
    }
  }

  private void printNewSteps(int from) {
    printSteps(from, false);
  }

  private void report(ShellSession.ShellTask t, ShellSession.Outcome o, int steps) {
    String n = " (" + steps + " step" + (steps == 1 ? "" : "s") + ")";
    switch (o.stop()) {
      case ENDED -> out.println(t.name + ": = " + o.point() + n);
      case DEAD -> out.println(t.name + ": = " + o.point() + n + ": a kernel BUG killed "
          + t.name + "; the locks it held stay held ('log' shows it)");
      case BREAKPOINT -> out.println(t.name + " stopped at " + o.point() + " (breakpoint, "
          + n.substring(2));
      case BLOCKED -> out.println(t.name + " " + blocked(t) + n);
      case STEPPED -> out.println(t.name + " parked at " + o.point() + n);
    }
  }

  /** Why {@code t} waits: the mutex, its holder, and a deadlock when the holder waits back. */
  private String blocked(ShellSession.ShellTask t) {
    WaitChannel on = session.waitsFor(t);
    if (on == null) {
      return "is parked at " + session.parkedAt(t);
    }
    if (!(on instanceof KMutex m)) {
      return "sleeps at " + session.parkedAt(t) + " on " + on.describe()
          + ": another task must wake it (open the other end of the FIFO, write, or read)";
    }
    Snapshot s = session.snapshot();
    String lock = s.tasks().stream().filter(x -> x.name().equals(t.name))
        .flatMap(x -> x.locks().stream()).filter(l -> !l.held()).map(Snapshot.LockView::lock)
        .findFirst().orElse(m.toString());
    String owner = m.owner().name();
    StringBuilder sb = new StringBuilder("waits at " + session.parkedAt(t) + " for " + lock
        + ", held by " + owner);
    ShellSession.ShellTask o = session.task(owner);
    WaitChannel back = o == null ? null : session.waitsFor(o);
    if (o != null && o.dead) {
      sb.append(", which a kernel BUG killed while it held it: nobody will release it");
    } else if (back != null && back.holder() == t.task) {
      sb.append(", which waits for a mutex ").append(t.name).append(" holds: a deadlock (ABBA);"
          + " neither can go on");
    } else {
      sb.append(": step or continue ").append(owner).append(" first");
    }
    return sb.toString();
  }

  private void brk(List<Token> rest) {
    if (rest.isEmpty()) {
      boolean any = false;
      for (ShellSession.ShellTask t : session.tasks()) {
        if (!t.breaks.isEmpty()) {
          out.println(t.name + ": " + String.join(", ", t.breaks));
          any = true;
        }
      }
      if (!any) {
        out.println("no breakpoints");
      }
      return;
    }
    ShellSession.ShellTask t = taskArg(rest, "break");
    if (rest.size() != 2 || rest.get(1).text().isEmpty() || rest.get(1).text().equals("*")) {
      throw new UsageException("break takes a task NAME and a POINT (or PREFIX*), such as"
          + " 'break " + t.name + " ovl_copy_up_one:before_lock'");
    }
    t.breaks.add(rest.get(1).text());
    out.println(t.name + " stops at " + rest.get(1).text());
  }

  private void unbreak(List<Token> rest) {
    ShellSession.ShellTask t = taskArg(rest, "unbreak");
    t.breaks.clear();
    out.println(t.name + ": no breakpoints");
  }

  private void tasks() {
    if (session.tasks().isEmpty()) {
      out.println("no tasks yet: 'task NAME [-u UID] [-g GIDS]'");
      return;
    }
    for (ShellSession.ShellTask t : session.tasks()) {
      String at = session.parkedAt(t);
      out.println(t.name + ": " + creds(t.creds) + (t.dead ? ", dead (a kernel BUG)" : "")
          + (at == null ? ", idle" + (t.result == null ? "" : " (last line = " + t.result + ")")
              : ", parked at " + at + " in '" + t.line + "'"));
    }
  }

  private void dentries(List<Token> rest) {
    Snapshot s = session.snapshot();
    if (rest.size() > 1) {
      throw new UsageException("dentries takes one of overlay, upper, lower");
    }
    List<String> caches = List.of("overlay", "upper", "lower");
    if (rest.size() == 1) {
      String c = rest.get(0).text();
      if (!caches.contains(c)) {
        throw new UsageException("dentries takes overlay, upper or lower, not '"
            + Main.oneLine(c) + "'");
      }
      caches = List.of(c);
    }
    for (String c : caches) {
      out.print(ShellText.dentries(s, c));
    }
  }

  private void layers(Snapshot s) {
    out.print(ShellText.tree("upper layer (/upper)", s.upper()));
    out.print(ShellText.tree("lower layer (/lower)", s.lower()));
  }

  private void locks(Snapshot s) {
    if (s.tasks().isEmpty()) {
      out.println("no tasks yet");
    }
    for (Snapshot.TaskView t : s.tasks()) {
      ShellSession.ShellTask st = session.task(t.name());
      String at = st == null ? null : session.parkedAt(st);
      out.println(t.name() + (at == null ? "" : " (at " + at + ")") + ": "
          + ShellText.locks(t));
    }
  }

  private void log(Snapshot s) {
    if (s.log().isEmpty() && s.lockdep().isEmpty()) {
      out.println("(no WARN_ON, no BUG, no lockdep report)");
    }
    s.log().forEach(out::println);
    s.lockdep().forEach(l -> out.println("lockdep: " + l));
  }

  private void lockdep() {
    session.snapshot(); // mounted, or the usual mistake
    Lockdep lockdep = Lockdep.of(session.recording().kernel());
    Map<Lockdep.Dependency, List<String>> traces = new LinkedHashMap<>();
    for (Lockdep.Dependency d : lockdep.dependencies()) {
      traces.put(d, lockdep.trace(d));
    }
    out.print(LockGraph.summary(lockdep.classes(), lockdep.dependencies(), traces));
    for (LockdepReport r : lockdep.reports()) {
      out.print(r.text());
    }
  }

  private void timeline() {
    List<String> names = session.recording().taskNames();
    if (names.isEmpty()) {
      out.println("no steps yet");
      return;
    }
    out.print(session.trace().timeline(names.toArray(String[]::new)));
  }

  private void trace(List<Token> rest) {
    if (rest.size() != 1 || !Set.of("on", "off").contains(rest.get(0).text())) {
      throw new UsageException("trace takes on or off");
    }
    traceSteps = rest.get(0).text().equals("on");
    out.println("trace " + rest.get(0).text());
  }

  private void save(List<Token> rest) {
    if (rest.size() != 1) {
      throw new UsageException("save takes one FILE");
    }
    if (!session.mounted()) {
      throw new UsageException("save needs the overlay mounted: there is nothing to show yet");
    }
    String file = rest.get(0).text();
    Outputs.checkWritableFile("save", file);
    Recording rec = session.recording();
    String title = "ovlsim shell on " + session.version().optionName();
    Reports.write("save", file, title, List.of(Reports.run(session.version().optionName(),
        title + ": " + (rec.steps().size() - 1) + " steps", null, List.of(), Map.of(), rec)));
    out.println("saved " + rec.steps().size() + " steps to " + file
        + (rec.truncated() ? " (only the first " + ShellSession.MAX_STEPS + ")" : ""));
  }

  private void help(List<Token> rest) {
    if (rest.isEmpty()) {
      out.println("Commands (help COMMAND tells one):");
      for (Command c : COMMANDS) {
        out.printf("  %-58s %s%n", c.usage(), firstSentence(c.help()));
      }
      out.println("A session: set up the layers, mount, make tasks, give them lines; 'break'"
          + " and 'step' walk an interleaving, the views show the machine between steps.");
      return;
    }
    String w = rest.get(0).text();
    String name = w.equals("cont") ? "continue" : w.equals("exit") ? "quit" : w;
    for (Command c : COMMANDS) {
      if (c.name().equals(name)) {
        out.println(c.usage());
        out.println("  " + c.help());
        return;
      }
    }
    throw new UsageException("no command '" + Main.oneLine(w) + "' ('help' lists them)");
  }

  private static String firstSentence(String s) {
    int dot = s.indexOf(". ");
    return dot < 0 ? s : s.substring(0, dot + 1);
  }

  /** Sets up the layers, mounts and declares the tasks of a scenario file (not its lines). */
  void loadScenario(Scenario s) {
    s.setup().forEach(session::addSetup);
    session.mount(s.readOnly());
    out.println("loaded " + s.file() + (s.about().isEmpty() ? "" : ": " + s.about()));
    out.println("mounted the overlay (" + session.version().optionName() + ") on /mnt");
    for (Scenario.TaskDef d : s.tasks()) {
      session.addTask(d.name(), d.creds());
      out.println("task " + d.name() + ": " + creds(d.creds()) + "; its lines in the file: "
          + d.lines().stream().map(Scenario.TaskLine::text).collect(Collectors.joining("; ")));
    }
    if (s.replay() != null) {
      out.println("the file's replay: " + s.replay());
    }
  }
}
