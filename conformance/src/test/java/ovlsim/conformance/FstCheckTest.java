package ovlsim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.conformance.backend.ModelBackend;
import ovlsim.conformance.deviation.Deviations;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.report.ReportFormat;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FstCheckTest {
  private static final String TEXT = """
      lower mkdir d 0755
      lower create d/f 0644
      mount
      expect 0 unlink d/f
      expect symlink -l upper lstat d/f type
      expect ENOENT stat d/f type
      """;
  private static final Script SCRIPT = FstParser.parse("s.fst", TEXT);

  private record Out(FstCheck.Summary summary, String text) {}

  private static Out run(List<Scripts.Item> items, FstCheck.Against against, String kernelWhy,
      Deviations deviations, ReportFormat format) {
    StringWriter w = new StringWriter();
    FstCheck.Summary s = FstCheck.run(items, against, ModelBackend.of(OvlVersion.V6),
        new KernelBackend(), deviations, kernelWhy, List.of(), format.on(new PrintWriter(w)));
    return new Out(s, w.toString());
  }

  private static Out run(FstCheck.Against against, String kernelWhy, Deviations deviations) {
    return run(List.of(new Scripts.Item("s.fst", SCRIPT, null)), against, kernelWhy, deviations,
        ReportFormat.TAP);
  }

  private static List<Scripts.Item> items(String... nameAndText) {
    List<Scripts.Source> sources = new java.util.ArrayList<>();
    for (int i = 0; i < nameAndText.length; i += 2) {
      sources.add(new Scripts.Source(java.nio.file.Path.of(nameAndText[i]), nameAndText[i + 1]));
    }
    return Scripts.parse(sources);
  }

  @Test
  void aKernelThatCannotRunIsSkippedSayingWhyNeverPassed() {
    Out k = run(FstCheck.Against.KERNEL, "kernel backend skipped: not root (euid 1000)",
        Deviations.load());
    assertEquals("""
        TAP version 13
        1..3
        # kernel backend skipped: not root (euid 1000)
        # s.fst on kernel %1$s
        ok 1 - s.fst:4: expect 0 unlink d/f # SKIP kernel backend skipped: not root (euid 1000)
        ok 2 - s.fst:5: expect symlink -l upper lstat d/f type # SKIP kernel backend skipped: not root (euid 1000)
        ok 3 - s.fst:6: expect ENOENT stat d/f type # SKIP kernel backend skipped: not root (euid 1000)
        # 0 passed, 0 failed, 3 skipped
        """.formatted(System.getProperty("os.version", "?")), k.text());
    assertFalse(k.summary().ok());
    Out both = run(FstCheck.Against.BOTH, "kernel backend skipped: no overlay", Deviations.load());
    assertTrue(both.text().startsWith("TAP version 13\n1..3\n# kernel backend skipped: no overlay\n"),
        both.text());
    assertTrue(both.text().contains("ok 1 - s.fst:4: expect 0 unlink d/f # SKIP held on model v6;"
        + " kernel backend skipped: no overlay\n"), both.text());
    assertTrue(both.text().endsWith("# 0 passed, 0 failed, 3 skipped\n"), both.text());
    assertFalse(both.summary().ok());
  }

  @Test
  void theModelAlone() {
    Out m = run(FstCheck.Against.MODEL, "ignored", Deviations.none());
    assertEquals("""
        TAP version 13
        1..3
        # s.fst on model v6
        ok 1 - s.fst:4: expect 0 unlink d/f
        ok 2 - s.fst:5: expect symlink -l upper lstat d/f type
        ok 3 - s.fst:6: expect ENOENT stat d/f type
        # 3 passed, 0 failed
        """, m.text());
    assertTrue(m.summary().ok());
  }

  @Test
  void oneNumberingOverTheRunAMalformedScriptAndAFailedSetupAreFailedPoints() {
    List<Scripts.Item> items = items(
        "a.fst", TEXT,
        "bad.fst", "mount\nexpect 0 open a O_WRITE\nexpect 0 open b O_RDONLY\n",
        "setup.fst", "lower mkdir x/y 0755\nmount\nexpect 0 rmdir x\nexpect 0 rmdir y\n",
        "empty.fst", "lower mkdir x 0755\nmount\n",
        "z.fst", "mount\nexpect 0 mkdir n 0755\nexpect 0 mkdir n 0755 # comment\n"
            + "expect \"#\" readlink n\n");
    assertEquals(3 + 1 + 2 + 1 + 3, FstCheck.points(items));
    Out m = run(items, FstCheck.Against.MODEL, null, Deviations.none(), ReportFormat.TAP);
    assertEquals("""
        TAP version 13
        1..10
        # a.fst on model v6
        ok 1 - a.fst:4: expect 0 unlink d/f
        ok 2 - a.fst:5: expect symlink -l upper lstat d/f type
        ok 3 - a.fst:6: expect ENOENT stat d/f type
        # bad.fst on the parser
        not ok 4 - bad.fst:2: open: unknown open flag 'O_WRITE' (known: O_RDONLY,O_WRONLY,O_RDWR,O_CREAT,O_EXCL,O_NOCTTY,O_TRUNC,O_APPEND,O_NONBLOCK,O_DSYNC,O_DIRECT,O_LARGEFILE,O_DIRECTORY,O_NOFOLLOW,O_NOATIME,O_CLOEXEC,O_SYNC) (the script does not parse)
        # setup.fst on model v6
        not ok 5 - setup.fst:1: lower mkdir x/y 0755: lower setup failed: ENOENT (on model v6)
        ok 6 - setup.fst:4: expect 0 rmdir y # SKIP not run: the script's setup failed at line 1
        # empty.fst on model v6
        ok 7 - empty.fst:2: mount: setup and mount (the script has no expect line)
        # z.fst on model v6
        ok 8 - z.fst:2: expect 0 mkdir n 0755
        not ok 9 - z.fst:3: expect 0 mkdir n 0755
        # expected 0, got EEXIST
        not ok 10 - z.fst:4: expect "\\#" readlink n
        # expected "#", got EINVAL
        # 5 passed, 4 failed, 1 skipped
        """, m.text());
    assertFalse(m.summary().ok());
  }

  @Test
  void junitAndJsonCarryTheSamePoints() {
    List<Scripts.Item> items = items("a.fst", TEXT,
        "bad.fst", "mount\nexpect 0 open a O_WRITE\n",
        "f.fst", "mount\nexpect 0 rmdir <none>\n");
    Out j = run(items, FstCheck.Against.MODEL, null, Deviations.none(), ReportFormat.JUNIT);
    assertTrue(j.text().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<testsuites name=\"ovlsim fstest\" tests=\"5\">\n"), j.text());
    assertTrue(j.text().contains("<testsuite name=\"a.fst\" hostname=\"model v6\" tests=\"3\""
        + " failures=\"0\" errors=\"0\" skipped=\"0\">"), j.text());
    assertTrue(j.text().contains("<failure message=\"expected 0, got ENOENT\">"), j.text());
    assertTrue(j.text().contains("name=\"5 - f.fst:2: expect 0 rmdir &lt;none&gt;\""), j.text());
    assertTrue(j.text().endsWith("  <!-- 3 passed, 2 failed -->\n</testsuites>\n"), j.text());
    Out js = run(items, FstCheck.Against.MODEL, null, Deviations.none(), ReportFormat.JSON);
    List<String> lines = js.text().lines().toList();
    assertEquals("{\"event\":\"plan\",\"tests\":5}", lines.get(0));
    assertTrue(lines.contains("{\"event\":\"test\",\"n\":5,\"status\":\"failed\",\"file\":"
        + "\"f.fst\",\"line\":2,\"description\":\"f.fst:2: expect 0 rmdir <none>\","
        + "\"diagnostics\":[\"expected 0, got ENOENT\"]}"), js.text());
    assertEquals("{\"event\":\"summary\",\"passed\":3,\"failed\":2,\"skipped\":0,"
        + "\"text\":\"3 passed, 2 failed\"}", lines.get(lines.size() - 1));
  }

  @Test
  void bothMarksDeclaredAndUndeclaredDisagreements() {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    String kernel = new KernelBackend().name();
    Out declared = run(FstCheck.Against.BOTH, null, Deviations.load());
    assertEquals("""
        TAP version 13
        1..3
        # s.fst on model v6 and %1$s
        ok 1 - s.fst:4: expect 0 unlink d/f
        ok 2 - s.fst:5: expect symlink -l upper lstat d/f type
        # differ: model v6 symlink, %1$s char (declared deviation whiteout-format)
        ok 3 - s.fst:6: expect ENOENT stat d/f type
        # disagreements between model and kernel: 1
        # 3 passed, 0 failed
        """.formatted(kernel), declared.text());
    Out undeclared = run(FstCheck.Against.BOTH, null, Deviations.none());
    assertTrue(undeclared.text().contains("""
        not ok 2 - s.fst:5: expect symlink -l upper lstat d/f type
        # %1$s: expected symlink, got char
        # differ: model v6 symlink, %1$s char
        """.formatted(kernel)), undeclared.text());
    assertTrue(undeclared.text().endsWith("# 2 passed, 1 failed\n"), undeclared.text());
    assertFalse(undeclared.summary().ok());
  }
}
