package ovlsim.conformance.deviation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ovlsim.conformance.CorpusTest;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.Script;
import org.junit.jupiter.api.Test;

class DeviationsTest {
  private static final String FILE = """
      # comment
      [res]
      match:  expect EPERM chmod (\\S+) 0644
      kernel: expect 0
      reason: first line
              second line

      [swap]
      match: expect (\\S+) rmdir (\\S+)
      files: *.fst
      kernel: line expect $1 unlink $2
      reason: r

      [drop]
      match: upper mkdir gone 0755
      kernel: skip
      reason: r
      """;

  private static final String SCRIPT = """
      upper mkdir gone 0755
      upper mkdir kept 0755
      mount
      expect EPERM chmod a 0644
      expect ENOENT rmdir b
      expect 0 mkdir c 0755
      """;

  @Test
  void readsEntries() {
    Deviations d = Deviations.parse("dev.txt", FILE);
    assertEquals(List.of("res", "swap", "drop"),
        d.entries().stream().map(Deviation::id).toList());
    Deviation res = d.entries().get(0);
    assertEquals("first line second line", res.reason());
    assertEquals("dev.txt:2", res.declaredAt());
    assertEquals("*", res.files());
    assertEquals(new Deviation.Expect("0"), res.action());
  }

  @Test
  void appliesEachKindOfAction() {
    Deviations d = Deviations.parse("dev.txt", FILE);
    Deviations.Applied a = d.apply(FstParser.parse("s.fst", SCRIPT));
    assertEquals(Set.of("res", "swap", "drop"), a.used());
    Script s = a.script();
    assertEquals(List.of("upper mkdir kept 0755"),
        s.setup().stream().map(st -> st.line().code()).toList());
    assertEquals("res", s.expectations().get(0).deviation());
    assertTrue(s.expectations().get(0).result().matches("0"));
    assertFalse(s.expectations().get(0).result().matches("EPERM"));
    assertEquals("expect ENOENT unlink b", s.expectations().get(1).line().code());
    assertEquals(5, s.expectations().get(1).line().number());
    assertEquals("swap", s.expectations().get(1).deviation());
    assertNull(s.expectations().get(2).deviation());
  }

  @Test
  void filesGlobLimitsAnEntry() {
    Deviations d = Deviations.parse("dev.txt", FILE);
    Deviations.Applied a = d.apply(FstParser.parse("s.txt", SCRIPT));
    assertEquals(Set.of("res", "drop"), a.used());
  }

  @Test
  void misfitsAreErrorsOfTheLine() {
    Deviations two = Deviations.parse("d", """
        [a]
        match: expect 0 mkdir c 0755
        kernel: expect 1
        reason: r
        [b]
        match: expect 0 mkdir .*
        kernel: expect 2
        reason: r
        """);
    FstSyntaxException e = assertThrows(FstSyntaxException.class,
        () -> two.apply(FstParser.parse("s.fst", SCRIPT)));
    assertEquals("s.fst:6: the line matches two deviations, a and b", e.getMessage());
    Deviations skipExpect = Deviations.parse("d", """
        [a]
        match: expect 0 mkdir c 0755
        kernel: skip
        reason: r
        """);
    assertEquals("s.fst:6: deviation a (d:1) does not fit this line: 'kernel: skip' fits setup"
            + " lines only",
        assertThrows(FstSyntaxException.class,
            () -> skipExpect.apply(FstParser.parse("s.fst", SCRIPT))).getMessage());
    Deviations kindChange = Deviations.parse("d", """
        [a]
        match: expect 0 mkdir c 0755
        kernel: line upper mkdir c 0755
        reason: r
        """);
    assertThrows(FstSyntaxException.class,
        () -> kindChange.apply(FstParser.parse("s.fst", SCRIPT)));
  }

  @Test
  void malformedFiles() {
    assertEquals("d:2: deviation a has no reason",
        assertThrows(IllegalArgumentException.class,
            () -> Deviations.parse("d", "\n[a]\nmatch: x\nkernel: skip\n")).getMessage());
    assertEquals("d:5: duplicate id a",
        assertThrows(IllegalArgumentException.class, () -> Deviations.parse("d",
            "[a]\nmatch: x\nkernel: skip\nreason: r\n[a]\n")).getMessage());
    assertEquals("d:2: unknown key 'kernal' (match, files, kernel, model, versions, reason)",
        assertThrows(IllegalArgumentException.class,
            () -> Deviations.parse("d", "[a]\nkernal: skip\n")).getMessage());
    assertEquals("d:1: deviation a: kernel must be 'expect RESULT', 'line TEXT' or 'skip'",
        assertThrows(IllegalArgumentException.class, () -> Deviations.parse("d",
            "[a]\nmatch: x\nkernel: ignore\nreason: r\n")).getMessage());
    assertEquals("d:1: deviation a: versions: goes with model: (and model: needs it)",
        assertThrows(IllegalArgumentException.class, () -> Deviations.parse("d",
            "[a]\nmatch: x\nmodel: skip\nreason: r\n")).getMessage());
    assertEquals("d:1: deviation a: unknown overlay version 'v9' (known: v6, v7, v7-fix, v10,"
        + " v11, v15)",
        assertThrows(IllegalArgumentException.class, () -> Deviations.parse("d",
            "[a]\nmatch: x\nmodel: skip\nversions: v7, v9\nreason: r\n")).getMessage());
    assertEquals("d:1: deviation a needs exactly one of kernel: and model:",
        assertThrows(IllegalArgumentException.class, () -> Deviations.parse("d",
            "[a]\nmatch: x\nkernel: skip\nmodel: skip\nversions: v7\nreason: r\n"))
            .getMessage());
    assertEquals("d:1: a key outside an entry: begin one with [id]",
        assertThrows(IllegalArgumentException.class,
            () -> Deviations.parse("d", "match: x\n")).getMessage());
  }

  /** Every shipped entry is needed by some line of the corpus. */
  @Test
  void everyDeclaredDeviationIsUsedByTheCorpus() {
    Deviations d = Deviations.load();
    assertFalse(d.entries().isEmpty());
    Set<String> used = new TreeSet<>();
    for (Path f : CorpusTest.corpusFiles()) {
      used.addAll(d.apply(FstParser.parse(f)).used());
      for (ovlsim.overlay.OvlVersion v : ovlsim.overlay.OvlVersion.values()) {
        used.addAll(d.applyModel(FstParser.parse(f), v).used());
      }
    }
    Set<String> unused = d.entries().stream().map(Deviation::id)
        .filter(id -> !used.contains(id)).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), unused, "deviations no corpus line uses: " + unused);
  }
}
