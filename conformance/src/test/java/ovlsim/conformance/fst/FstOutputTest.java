package ovlsim.conformance.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import ovlsim.conformance.backend.ModelBackend;
import org.junit.jupiter.api.Test;

class FstOutputTest {
  private static String print(ScriptResult r) {
    StringWriter w = new StringWriter();
    try (PrintWriter p = new PrintWriter(w)) {
      FstOutput.print(r, p);
    }
    return w.toString();
  }

  @Test
  void okAndNotOkLines() {
    Script s = FstParser.parse("dir/x.fst", """
        upper mkdir a 0755
        mount
        # two expectations
        expect 0 mkdir a/new 0755
        expect EEXIST   mkdir a/new2 0755   # comment
        expect "a b" readlink a
        """);
    ScriptResult r = FstRunner.run(s, ModelBackend.upperOnly());
    assertEquals("""
        # dir/x.fst on model upper-fs only
        ok 1
        not ok 2 - dir/x.fst:5: expect EEXIST mkdir a/new2 0755: expected EEXIST, got 0
        not ok 3 - dir/x.fst:6: expect "a b" readlink a: expected "a b", got EINVAL
        """, print(r));
    assertEquals(1, r.passed());
    assertEquals(2, r.failed());
    assertEquals("1 passed, 2 failed", FstOutput.summary(r.passed(), r.failed(), 0));
    assertEquals("3 passed, 0 failed, 4 skipped", FstOutput.summary(3, 0, 4));
  }

  @Test
  void aFailedSetupLineIsAnError() {
    Script s = FstParser.parse("y.fst", """
        lower mkdir a 0755
        lower mkdir a/b/c 0755
        mount
        expect 0 rmdir a
        """);
    ScriptResult r = FstRunner.run(s, ModelBackend.upperOnly());
    assertEquals("""
        # y.fst on model upper-fs only
        error: y.fst:2: lower mkdir a/b/c 0755: lower setup failed: ENOENT
        """, print(r));
    assertEquals(1, r.failed());
  }

  @Test
  void deviationsAndOddResultsAreMarked() {
    Script s = FstParser.parse("z.fst", "mount\nexpect x readdir .\n");
    Expectation e = s.expectations().get(0);
    Expectation dev = e.withResult(ResultPattern.of(new Token("", true)), "some-id");
    assertEquals("ok 1 # deviation some-id", FstOutput.line(new LineResult(dev, "", true)));
    assertEquals("not ok 1 - z.fst:2: expect x readdir .: expected x, got \"\"",
        FstOutput.line(new LineResult(e, "", false)));
    assertEquals("not ok 1 - z.fst:2: expect x readdir .: expected x, got \"a\\nb\"",
        FstOutput.line(new LineResult(e, "a\nb", false)));
    ScriptResult skipped = new ScriptResult(s, "kernel", List.of(), "not root", null);
    assertEquals("# z.fst on kernel\n# skipped: not root\n", print(skipped));
  }
}
