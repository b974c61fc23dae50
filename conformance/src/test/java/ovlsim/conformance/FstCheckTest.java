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
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FstCheckTest {
  private static final Script SCRIPT = FstParser.parse("s.fst", """
      lower mkdir d 0755
      lower create d/f 0644
      mount
      expect 0 unlink d/f
      expect symlink -l upper lstat d/f type
      expect ENOENT stat d/f type
      """);

  private record Out(FstCheck.Summary summary, String text) {}

  private static Out run(FstCheck.Against against, String kernelWhy, Deviations deviations) {
    StringWriter w = new StringWriter();
    FstCheck.Summary s = FstCheck.run(List.of(SCRIPT), against,
        ModelBackend.of(OvlVersion.V6), new KernelBackend(), deviations, kernelWhy,
        new PrintWriter(w));
    return new Out(s, w.toString());
  }

  @Test
  void aKernelThatCannotRunIsSkippedSayingWhyNeverPassed() {
    Out k = run(FstCheck.Against.KERNEL, "kernel backend skipped: not root (euid 1000)",
        Deviations.load());
    assertEquals("""
        # kernel backend skipped: not root (euid 1000)
        # s.fst on kernel %s
        # skipped
        0 passed, 0 failed, 3 skipped
        """.formatted(System.getProperty("os.version", "?")), k.text());
    assertFalse(k.summary().ok());
    Out both = run(FstCheck.Against.BOTH, "kernel backend skipped: no overlay", Deviations.load());
    assertTrue(both.text().startsWith("# kernel backend skipped: no overlay\n"), both.text());
    assertTrue(both.text().endsWith("3 passed, 0 failed, 3 skipped\n"), both.text());
    assertFalse(both.summary().ok());
  }

  @Test
  void theModelAlone() {
    Out m = run(FstCheck.Against.MODEL, "ignored", Deviations.none());
    assertEquals("# s.fst on model v6\nok 1\nok 2\nok 3\n3 passed, 0 failed\n", m.text());
    assertTrue(m.summary().ok());
  }

  @Test
  void bothMarksDeclaredAndUndeclaredDisagreements() {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    String kernel = new KernelBackend().name();
    Out declared = run(FstCheck.Against.BOTH, null, Deviations.load());
    assertEquals("""
        # s.fst on model v6 and %1$s
        ok 1
        ok 2
        # differ 2 - s.fst:5: expect symlink -l upper lstat d/f type: model v6 symlink, %1$s char (declared deviation whiteout-format)
        ok 3
        # disagreements between model and kernel: 1
        3 passed, 0 failed
        """.formatted(kernel), declared.text());
    Out undeclared = run(FstCheck.Against.BOTH, null, Deviations.none());
    assertTrue(undeclared.text().contains("""
        not ok 2 - s.fst:5: expect symlink -l upper lstat d/f type: %1$s: expected symlink, got char
        # differ 2 - s.fst:5: expect symlink -l upper lstat d/f type: model v6 symlink, %1$s char
        """.formatted(kernel)), undeclared.text());
    assertTrue(undeclared.text().endsWith("2 passed, 1 failed\n"), undeclared.text());
    assertFalse(undeclared.summary().ok());
  }
}
