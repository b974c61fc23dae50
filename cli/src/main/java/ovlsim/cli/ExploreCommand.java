package ovlsim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.explore.ExploreResult;
import ovlsim.races.explore.Explorer;
import ovlsim.races.explore.OutcomeStats;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Grade;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioParser;
import ovlsim.races.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim explore}: every interleaving of a scenario file at the schedule points, up to
 * a preemption bound; or one schedule replayed with its timeline; or the merge of shard
 * results. Exit codes: {@value #OK} every schedule explored and no forbidden outcome,
 * {@value #FORBIDDEN} a forbidden outcome found, {@value Main#USAGE} bad usage or a scenario
 * that does not parse, {@value #INCOMPLETE} no forbidden outcome but the search was capped or
 * shards are missing.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Explores every interleaving of a scenario file (races/scenarios/*.scn, or your own; the"
          + " format is in docs/scenarios.md) at the schedule points, on a fresh machine per"
          + " schedule, with iterative preemption bounding: first every schedule without a"
          + " preemption, then those with one, ... up to --preemptions. Prints each distinct"
          + " outcome with its grade, how many schedules reached it and the shortest of them,"
          + " then 'explored N schedules (bound K, complete): M outcomes, F forbidden'.",
      "Exit 0: complete, nothing forbidden; 1: a forbidden outcome; 2: bad usage;"
          + " 3: incomplete (capped, or shards missing from a merge)."
    })
final class ExploreCommand implements Callable<Integer> {
  /** Exit code: complete and nothing forbidden. */
  static final int OK = Main.OK;
  /** Exit code: a forbidden outcome was found. */
  static final int FORBIDDEN = 1;
  /** Exit code: nothing forbidden found, but the search did not cover every schedule. */
  static final int INCOMPLETE = 3;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE|NAME",
      description = "A scenario file, or the name of a catalogue scenario ('ovlsim race list');"
          + " with --merge: the JSON results to merge.")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION|all", defaultValue = "all",
      description = "The overlay version, or all for an outcome x version table"
          + " (default: ${DEFAULT-VALUE}).")
  String versionName;

  @Option(names = "--preemptions", paramLabel = "K", defaultValue = "2",
      description = "The preemption bound (default: ${DEFAULT-VALUE}).")
  int preemptions;

  @Option(names = "--no-reduction",
      description = "Explore every schedule of the bound, without the partial-order reduction.")
  boolean noReduction;

  @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "0",
      description = "Stop after N schedules per version; the summary then says incomplete"
          + " (default: no cap).")
  long maxSchedules;

  @Option(names = "--shard", paramLabel = "I/N", defaultValue = "1/1",
      description = "Explore the I-th of N deterministic parts of the schedule tree; merge the"
          + " parts' --format json results with --merge.")
  String shard;

  @Option(names = "--merge", description = "Merge the JSON results given as arguments.")
  boolean merge;

  @Option(names = "--replay", arity = "0..1", fallbackValue = "", paramLabel = "SCHEDULE",
      description = "Run one schedule (an explorer's shortest schedule, or the scenario's"
          + " own replay line when none is given) and print the A | B timeline and the"
          + " observations.")
  String replay;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json, for tools and --merge.")
  String format;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format takes text or json, not '" + format + "'");
    }
    if (merge) {
      return merge();
    }
    if (inputs.size() != 1) {
      throw usage(inputs.isEmpty() ? "give a scenario FILE or NAME"
          : "give one scenario (got " + inputs.size() + ")");
    }
    if (preemptions < 0) {
      throw usage("--preemptions must be 0 or more, not " + preemptions);
    }
    int[] sh = parseShard();
    List<OvlVersion> versions = versions();
    ScenarioRunner runner = load(inputs.get(0));
    if (replay != null) {
      return replay(runner, versions);
    }
    Explorer.Options opts = new Explorer.Options(preemptions, !noReduction, maxSchedules,
        sh[0], sh[1]);
    List<ExploreResult> results = new ArrayList<>();
    Progress progress = new Progress(spec.commandLine().getErr());
    for (OvlVersion v : versions) {
      progress.begin(runner.scenario().name() + " " + v.optionName());
      results.add(Explorer.explore(runner, v, opts, progress::update));
      progress.end();
    }
    return report(runner.scenario(), results);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private int[] parseShard() {
    String[] parts = shard.split("/", -1);
    try {
      if (parts.length == 2) {
        int i = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        if (n >= 1 && i >= 1 && i <= n) {
          return new int[] {i, n};
        }
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw usage("--shard takes I/N with 1 <= I <= N, not '" + shard + "'");
  }

  private List<OvlVersion> versions() {
    if (versionName.equals("all")) {
      return Arrays.asList(OvlVersion.values());
    }
    try {
      return List.of(OvlVersion.fromName(versionName));
    } catch (IllegalArgumentException e) {
      throw usage("-O/--ovl-version: " + e.getMessage() + " or all");
    }
  }

  /** The scenario a FILE or a catalogue NAME gives, prepared; a mistake is one line, exit 2. */
  private ScenarioRunner load(String input) {
    Path p = Path.of(input);
    try {
      if (Files.isRegularFile(p)) {
        if (!Files.isReadable(p)) {
          throw new UsageException(input + ": cannot read the file");
        }
        return ScenarioRunner.prepare(ScenarioParser.parse(p));
      }
      if (Catalogue.has(input)) {
        return Catalogue.prepared(input);
      }
    } catch (FstSyntaxException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UsageException(input + ": " + e.getCause().getMessage());
    }
    throw new UsageException(input + ": no such file, and no catalogue scenario of that name"
        + " (see 'ovlsim race list')");
  }

  private int replay(ScenarioRunner runner, List<OvlVersion> versions) throws IOException {
    Scenario s = runner.scenario();
    String schedule = replay.isEmpty() ? s.replay() : replay;
    if (schedule == null) {
      throw usage("--replay needs a SCHEDULE: " + s.file() + " has no replay line");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> json = new ArrayList<>();
    boolean forbidden = false;
    for (OvlVersion v : versions) {
      Explorer.Replay r;
      try {
        r = Explorer.replay(runner, v, schedule);
      } catch (IllegalArgumentException e) {
        throw usage("--replay: " + e.getMessage());
      }
      forbidden |= r.outcome().grade() == Grade.FORBIDDEN;
      if (format.equals("json")) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", s.name());
        m.put("version", v.optionName());
        m.put("schedule", schedule);
        m.put("outcome", r.outcome().name());
        m.put("grade", r.outcome().grade());
        m.put("preemptions", r.preemptions());
        m.put("steps", r.steps());
        m.put("observations", r.observations().values());
        m.put("timeline", r.timeline());
        json.add(m);
        continue;
      }
      out.printf("=== %s on %s, schedule %s (%d preemption%s, %d steps) ===%n", s.name(),
          v.optionName(), schedule, r.preemptions(), r.preemptions() == 1 ? "" : "s", r.steps());
      out.print(r.timeline());
      out.println();
      r.observations().values().forEach((k, val) -> out.printf("%-10s %s%n", k,
          val.isEmpty() ? "(empty)" : val.replace("\n", "\\n")));
      r.observations().lockdep().forEach(l -> out.println(l.text()));
      if (r.observations().failure() != null) {
        out.println(r.observations().failure());
      }
      out.printf("outcome    %s (%s)%n%n", r.outcome().name(), r.outcome().grade().word());
    }
    if (format.equals("json")) {
      out.println(mapper().writeValueAsString(json));
    }
    out.flush();
    return forbidden ? FORBIDDEN : OK;
  }

  private int merge() throws IOException {
    if (inputs.isEmpty()) {
      throw usage("--merge needs the JSON results of the shards");
    }
    List<ExploreResult> all = new ArrayList<>();
    for (String f : inputs) {
      Path p = Path.of(f);
      if (!Files.isReadable(p)) {
        throw new UsageException(f + ": cannot read the file");
      }
      try {
        ExploreResult[] rs = mapper().readValue(Files.readString(p, StandardCharsets.UTF_8),
            ExploreResult[].class);
        all.addAll(Arrays.asList(rs));
      } catch (JsonProcessingException e) {
        throw new UsageException(f + ": not the JSON of 'ovlsim explore --format json' ("
            + e.getOriginalMessage() + ")");
      }
    }
    Map<String, List<ExploreResult>> bySearch = new LinkedHashMap<>();
    for (ExploreResult r : all) {
      bySearch.computeIfAbsent(r.scenario() + " " + r.version() + " " + r.bound() + " "
          + r.reduction(), k -> new ArrayList<>()).add(r);
    }
    List<ExploreResult> merged = new ArrayList<>();
    try {
      for (List<ExploreResult> parts : bySearch.values()) {
        merged.add(ExploreResult.merge(parts));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("--merge: " + e.getMessage());
    }
    return report(null, merged);
  }

  /** Prints the results; the exit code they call for. */
  private int report(Scenario s, List<ExploreResult> results) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(mapper().writeValueAsString(results));
    } else {
      for (ExploreResult r : results) {
        out.printf("%s on %s (shard %s, reduction %s, %,d runs, %.1f s)%n", r.scenario(),
            r.version(), String.join("+", r.shards()), r.reduction() ? "on" : "off", r.runs(),
            r.millis() / 1000.0);
        for (OutcomeStats o : r.sorted()) {
          out.printf("  %-36s %-11s %,9d  shortest %s (%d preemption%s, %d steps)%n", o.name(),
              o.grade() == Grade.FORBIDDEN ? "FORBIDDEN" : o.grade().word(), o.count(),
              o.shortest(), o.preemptions(), o.preemptions() == 1 ? "" : "s", o.steps());
        }
        out.println(r.summary());
      }
      if (results.size() > 1) {
        table(out, results);
      }
      if (results.stream().anyMatch(r -> r.outcomes().values().stream()
          .anyMatch(o -> o.grade() != Grade.ACCEPTABLE)) && !results.isEmpty()) {
        out.println("replay one: ovlsim explore " + (s != null && inputs.size() == 1
            ? inputs.get(0) : "FILE") + " -O VERSION --replay SCHEDULE");
      }
    }
    out.flush();
    boolean forbidden = results.stream().anyMatch(r -> r.forbidden() > 0);
    boolean complete = results.stream().allMatch(ExploreResult::complete);
    return forbidden ? FORBIDDEN : complete ? OK : INCOMPLETE;
  }

  /** The outcome x version table: how many schedules reached each outcome on each version. */
  private static void table(PrintWriter out, List<ExploreResult> results) {
    TreeSet<String> names = new TreeSet<>();
    results.forEach(r -> names.addAll(r.outcomes().keySet()));
    int w = Math.max(7, names.stream().mapToInt(String::length).max().orElse(7));
    out.println();
    StringBuilder head = new StringBuilder(String.format("%-" + w + "s", "outcome"));
    for (ExploreResult r : results) {
      head.append(String.format(" %12s", r.version()));
    }
    out.println(head);
    for (String n : names) {
      StringBuilder row = new StringBuilder(String.format("%-" + w + "s", n));
      for (ExploreResult r : results) {
        OutcomeStats o = r.outcomes().get(n);
        row.append(String.format(" %12s", o == null ? "-"
            : String.format(Locale.ROOT, "%,d", o.count())
                + (o.grade() == Grade.FORBIDDEN ? "!" : o.grade() == Grade.INTERESTING ? "*" : "")));
      }
      out.println(row);
    }
    out.println("(* interesting, ! forbidden)");
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Progress on stderr: one line rewritten in place, with an estimate, on a terminal; a plain
   * line every few seconds otherwise (logs of batch systems).
   */
  static final class Progress {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long TTY_EVERY_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean tty = System.console() != null;
    private String what;
    private long start;
    private long last;
    private boolean shown;

    Progress(PrintWriter err) {
      this.err = err;
    }

    void begin(String label) {
      what = label;
      start = System.nanoTime();
      last = start;
      shown = false;
    }

    void update(Explorer.Status s) {
      long now = System.nanoTime();
      if (now - last < (tty ? TTY_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
        return;
      }
      last = now;
      double secs = (now - start) / 1e9;
      double rate = s.explored() / Math.max(secs, 1e-9);
      long left = Math.max(0, s.estimateAtK() - s.atK());
      String line = String.format(Locale.ROOT,
          "%s: bound %d, %,d schedules (%,.0f/s), about %,d more at this bound (~%.0f s)",
          what, s.k(), s.explored(), rate, left, left / Math.max(rate, 1e-9));
      if (tty) {
        err.print("\r" + line + "\u001b[K");
      } else {
        err.println(line);
      }
      err.flush();
      shown = true;
    }

    void end() {
      if (tty && shown) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }
}
