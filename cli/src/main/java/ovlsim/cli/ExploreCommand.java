package ovlsim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import ovlsim.cli.report.HtmlReport;
import ovlsim.conformance.Scripts;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
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
 * results. Exit codes: {@value Main#OK} every schedule explored and no forbidden outcome,
 * {@value Main#FAILED} a forbidden outcome found, {@value Main#USAGE} bad usage or a scenario
 * that does not parse (checked before any schedule runs), {@value Main#INCOMPLETE} no
 * forbidden outcome but the search was capped or shards are missing. It writes no file: the
 * report goes to stdout, progress to stderr.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = OvlsimCommand.Version.class,
    description = {
      "Explores every interleaving of a scenario file (races/scenarios/*.scn, or your own; the"
          + " format is in docs/scenarios.md) at the schedule points, on a fresh machine per"
          + " schedule, with iterative preemption bounding: first every schedule without a"
          + " preemption, then those with one, ... up to --preemptions. Prints each distinct"
          + " outcome with its grade, how many schedules reached it and the shortest of them,"
          + " then 'explored N schedules (bound K, complete): M outcomes, F forbidden'.",
      "Progress, with an estimate of the schedules and the time left at the bound under way,"
          + " goes to stderr: a status line on a terminal, a plain line every 5 s elsewhere.",
      "Exit 0: complete, nothing forbidden; 1: a forbidden outcome; 2: bad usage or a scenario"
          + " that does not parse; 3: incomplete (capped, or shards missing from a merge)."
    })
final class ExploreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE|NAME",
      description = "A scenario file, or the name of a catalogue scenario ('ovlsim race list');"
          + " with --merge: the JSON results to merge.")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION|all",
      converter = VersionsConverter.class, completionCandidates = VersionCandidates.WithAll.class,
      description = "The overlay version to explore: ${COMPLETION-CANDIDATES} (default: all,"
          + " every version, with an outcome x version table).")
  List<OvlVersion> versions;

  @Option(names = "--preemptions", paramLabel = "K", defaultValue = "2",
      description = "The preemption bound (default: ${DEFAULT-VALUE}).")
  int preemptions;

  @Option(names = "--no-reduction",
      description = "Explore every schedule of the bound, without the partial-order reduction.")
  boolean noReduction;

  @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "0",
      description = "Stop after N schedules per version; the summary then says incomplete"
          + " (default: 0, no cap).")
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

  @Option(names = "--html", paramLabel = "FILE",
      description = "With --replay: also write the replay step by step as one self-contained web"
          + " page (timeline, dentries, layers, locks at every step; a slider and the arrow"
          + " keys) to FILE.")
  String html;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json, for tools and --merge.")
  String format;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format takes text or json, not '" + format + "'");
    }
    if (html != null) {
      if (replay == null) {
        throw usage("--html goes with --replay: the page shows one schedule step by step");
      }
      Outputs.checkWritableFile("--html", html);
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
    if (maxSchedules < 0) {
      throw usage("--max-schedules must be 0 (no cap) or more, not " + maxSchedules);
    }
    int[] sh = parseShard();
    List<OvlVersion> vs = versions == null ? Arrays.asList(OvlVersion.values()) : versions;
    ScenarioRunner runner = load(inputs.get(0));
    if (replay != null) {
      return replay(runner, vs);
    }
    Explorer.Options opts = new Explorer.Options(preemptions, !noReduction, maxSchedules,
        sh[0], sh[1]);
    List<ExploreResult> results = new ArrayList<>();
    ExploreProgress progress =
        new ExploreProgress(spec.commandLine().getErr(), System.console() != null);
    for (OvlVersion v : vs) {
      progress.begin(runner.scenario().name() + " " + v.optionName());
      try {
        results.add(Explorer.explore(runner, v, opts, progress));
      } finally {
        progress.end();
      }
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

  /**
   * The scenario a FILE or a catalogue NAME gives, prepared. A path that exists is read as a
   * file, with the reasons of {@link Scripts#read} (not a regular file, permission denied, not
   * UTF-8 at byte N); a word that names no file is a catalogue name. A mistake is one line,
   * exit 2.
   */
  private ScenarioRunner load(String input) {
    try {
      if (input.isEmpty()) {
        throw new UsageException("an empty name names no scenario (a FILE or a NAME of"
            + " 'ovlsim race list')");
      }
      Path p = Outputs.path("FILE", input);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Scripts.Source src = Scripts.read(List.of(p)).get(0);
        return ScenarioRunner.prepare(ScenarioParser.parse(input, src.text()));
      }
      if (!input.contains("/") && Catalogue.has(input)) {
        return Catalogue.prepared(input);
      }
    } catch (Scripts.BadPathException e) {
      throw new UsageException(e.getMessage());
    } catch (FstSyntaxException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      // a setup line that fails says FILE:LINE itself
      String m = Main.oneLine(e.getMessage());
      throw new UsageException(m.startsWith(input) ? m : input + ": " + m);
    }
    throw new UsageException(Main.oneLine(input) + ": no such file, and no catalogue scenario"
        + " of that name (one of " + String.join(", ", Race.names()) + ")");
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
    List<HtmlReport.Run> pages = new ArrayList<>();
    for (OvlVersion v : versions) {
      Explorer.Replay r;
      try {
        if (html != null) {
          Reports.Recorded rec = Reports.replay(runner, v, schedule);
          pages.add(Reports.run(runner, v, rec));
          r = rec.replay();
        } else {
          r = Explorer.replay(runner, v, schedule);
        }
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
    if (html != null) {
      Reports.write("--html", html, s.name() + ", schedule " + schedule, pages);
      spec.commandLine().getErr().println("explore: wrote the step-by-step page " + html);
    }
    out.flush();
    return forbidden ? Main.FAILED : Main.OK;
  }

  private int merge() throws IOException {
    if (inputs.isEmpty()) {
      throw usage("--merge needs the JSON results of the shards");
    }
    List<ExploreResult> all = new ArrayList<>();
    List<Scripts.Source> sources;
    try {
      List<Path> paths = new ArrayList<>();
      for (String f : inputs) {
        if (f.isEmpty()) {
          throw new UsageException("--merge: an empty path names no file");
        }
        paths.add(Outputs.path("--merge", f));
      }
      sources = Scripts.read(paths);
    } catch (Scripts.BadPathException e) {
      throw new UsageException(e.getMessage());
    }
    for (Scripts.Source src : sources) {
      try {
        ExploreResult[] rs = mapper().readValue(src.text(), ExploreResult[].class);
        if (rs == null) {
          throw new UsageException(src.path() + ": not the JSON of 'ovlsim explore --format"
              + " json' (null)");
        }
        all.addAll(Arrays.asList(rs));
      } catch (JsonProcessingException e) {
        throw new UsageException(src.path() + ": not the JSON of 'ovlsim explore --format json'"
            + " (" + Main.oneLine(e.getOriginalMessage()) + ")");
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
            ? inputs.get(0) : "FILE") + " -O VERSION --replay 'SCHEDULE'");
      }
    }
    out.flush();
    boolean forbidden = results.stream().anyMatch(r -> r.forbidden() > 0);
    boolean complete = results.stream().allMatch(ExploreResult::complete);
    return forbidden ? Main.FAILED : complete ? Main.OK : Main.INCOMPLETE;
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
}
