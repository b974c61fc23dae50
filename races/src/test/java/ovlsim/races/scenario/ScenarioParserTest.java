package ovlsim.races.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;

/** The scenario format: what it reads, and a FILE:LINE error for every malformed line. */
class ScenarioParserTest {
  private static final String GOOD = """
      about "two tasks"
      lower mkdir d 0755
      lower create d/f 0644 "x"
      mount
      task A -u 1000 -g 1000 before open d/f O_RDONLY
      task A pread 0 1 0
      task B rename d/f d/g
      observe d readdir d
      observe again as A pread 0 1 0
      outcome gone interesting on v6 with recheck-copy-up-under-lock: forbidden when d lacks f and B.1 = 0
      outcome same acceptable when A.2 = $again and (d = g or d ~ "f|g" )
      outcome other forbidden otherwise
      replay A@ovl_copy_up_one:before_lock>B
      """;

  @Test
  void readsEveryPart() {
    Scenario s = ScenarioParser.parse("t.scn", GOOD);
    assertEquals("t", s.name());
    assertEquals("two tasks", s.about());
    assertEquals(2, s.setup().size());
    assertEquals(List.of("A", "B"), s.taskNames());
    Scenario.TaskDef a = s.task("A");
    assertEquals(1000, a.creds().uid());
    assertEquals(1, a.beforeLines().size());
    assertEquals("A.2", a.concurrentLines().get(0).id());
    assertEquals("A", s.observations().get(1).asTask());
    Scenario.OutcomeClass gone = s.outcomes().get(0);
    for (OvlVersion v : OvlVersion.values()) {
      Grade expected = v == OvlVersion.V6 || v.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK)
          ? Grade.FORBIDDEN : Grade.INTERESTING;
      assertEquals(expected, gone.gradeOn(v), v.toString());
    }
    assertNull(s.outcomes().get(2).when());
    assertEquals("A@ovl_copy_up_one:before_lock>B", s.replay());
  }

  @Test
  void oneTaskTheUpperFilesystemsOptionsAndAStackOfOverlays() {
    Scenario s = ScenarioParser.parse("t.scn", """
        upper-fs size=16k
        lower mkdir d 0755
        mount
        stack 3
        dcache cold
        task A stat d type
        outcome deep acceptable when stack.2 = 0 and stack.3 = 0
        outcome refused interesting otherwise
        replay -
        """);
    assertEquals(List.of("A"), s.taskNames());
    assertEquals("size=16k", s.upperOptions());
    assertEquals(3, s.stack());
    assertTrue(s.coldDcache());
    Scenario plain = ScenarioParser.parse("t.scn", "mount\ntask A stat . type\n"
        + "outcome x acceptable otherwise\n");
    assertEquals("", plain.upperOptions());
    assertEquals(1, plain.stack());
  }

  @Test
  void theHeaderIsTheTopCommentBlockAndMeansLinesExplainTheirOutcome() {
    Scenario s = ScenarioParser.parse("t.scn", """
        # t: a question.
        #
        # task A: unlink("f")   | task B: rename("f", "g")
        #   "quotes" and # kept |
        #

        # not the header any more
        lower create f 0644
        mount
        task A unlink f
        task B rename f g
        outcome gone interesting when A.1 = 0 and B.1 = 0
        means "both \\"won\\": the rename's source went" # a comment
        outcome other acceptable otherwise
        """);
    assertEquals("t: a question.\n\ntask A: unlink(\"f\")   | task B: rename(\"f\", \"g\")\n"
        + "  \"quotes\" and # kept |", s.header());
    assertEquals("both \"won\": the rename's source went", s.outcome("gone").meaning());
    assertEquals("", s.outcome("other").meaning());
    assertEquals(List.of("gone: both \"won\": the rename's source went", "other"),
        s.explain("gone+other"));
    assertEquals("", ScenarioParser.parse("t.scn", GOOD).header());
  }

  @Test
  void classifiesByEveryMatchingClassInFileOrderAndTheWorstGrade() {
    Scenario s = ScenarioParser.parse("t.scn", GOOD);
    Map<String, String> obs = Map.of("A.1", "0", "A.2", "x", "B.1", "0", "d", "g",
        "again", "x", "warn", "", "bug", "", "lockdep", "", "deadlock", "no");
    Scenario.Outcome o = s.classify(obs::get, OvlVersion.V6);
    assertEquals("gone+same", o.name());
    assertEquals(Grade.FORBIDDEN, o.grade());
    Map<String, String> other = Map.of("A.1", "0", "A.2", "y", "B.1", "EXDEV", "d", "f",
        "again", "x", "warn", "", "bug", "", "lockdep", "", "deadlock", "no");
    assertEquals("other", s.classify(other::get, OvlVersion.V6).name());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "task A open f O_RDONLY|1|before mount",
    "mount\\nmount|2|a second mount line",
    "mount\\ntask A frob f|2|unknown op 'frob'",
    "mount\\ntask A open f O_RDONLY : read 1 3|2|fd 1 was never opened",
    "mount\\ntask A unlink f\\ntask A -u 3 unlink f|3|belong on its first line",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x bad when A.1 = 0|4|a grade is",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden when A.9 = 0|4|reads 'A.9'",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden when A.1 @ 0|4|unknown comparison",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden when (A.1 = 0|4|without its ')'",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden on v99: acceptable when A.1 = 0|4|unknown overlay version",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden on without nopatch: acceptable when A.1 = 0|4|unknown patch",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden otherwise\\noutcome y forbidden otherwise|5|a second 'otherwise'",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden otherwise\\nreplay 3>C|5|names no task 'C'",
    "mount\\noutcome x forbidden otherwise|2|a scenario needs a task",
    "mount\\nupper-fs size=16k|2|upper-fs after the mount",
    "upper-fs size=16k\\nupper-fs jffs2|2|a second upper-fs line",
    "upper-fs\\nmount|1|upper-fs takes one OPTIONS word",
    "stack 2\\nmount|1|stack comes right after the mount line",
    "mount\\nstack 9|2|stack takes a number of overlays from 2 to 4",
    "mount\\nstack 2\\nstack 3|3|a second stack line",
    "dcache cold\\nmount|1|dcache comes after the mount line",
    "mount\\ndcache warm|2|dcache takes one word: cold",
    "mount\\ndcache cold\\ndcache cold|3|a second dcache line",
    "mount\\ntask A unlink f\\nstack 2|3|stack comes right after the mount line",
    "mount\\ntask A unlink f\\noutcome x forbidden when stack.2 = 0|3|reads 'stack.2'",
    "mount\\ntask A unlink f\\ntask B unlink g|3|no outcome line",
    "mount\\ntask A unlink f\\ntask B unlink g\\nobserve warn readdir .|4|already an observation",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden otherwise\\ntask C unlink h|5|the order is",
    "mount\\nfrobnicate|2|unknown line 'frobnicate'",
    "mount\\ntask A unlink f\\ntask B unlink g\\nmeans \"x\"|4|right after the outcome line",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden otherwise\\nmeans|5|means needs a line of text",
    "mount\\ntask A unlink f\\ntask B unlink g\\noutcome x forbidden otherwise\\nmeans a\\nmeans b|6|one for each outcome",
    "mount\\ntask A \"unterminated|2|unterminated quoted string",
  })
  void everyMalformedLineIsAnErrorNamingFileAndLine(String text, int line, String reason) {
    FstSyntaxException e = assertThrows(FstSyntaxException.class,
        () -> ScenarioParser.parse("bad.scn", text.replace("\\n", "\n")));
    assertEquals("bad.scn", e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("bad.scn:" + line + ": "), e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
  }

  @Test
  void schedulesReadBackAsWritten() {
    List<String> names = List.of("A", "B");
    for (String t : new String[] {"-", "0>B,12>A", "A@ovl_rename:after_unlock#2>B,40>A"}) {
      assertEquals(t, Schedule.parse(t, names).format(names));
    }
    assertThrows(IllegalArgumentException.class, () -> Schedule.parse("5>A,3>B", names));
    assertThrows(IllegalArgumentException.class, () -> Schedule.parse("x", names));
  }
}
