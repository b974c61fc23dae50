package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  /** The conformance module's seed corpus, from this module's directory. */
  static final String SEED = "../conformance/fst/seed";

  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.split("\n");
      return lines[lines.length - 1];
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private static void assertOneLine(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("\tat "), err);
  }

  @Test
  void helpAndVersion() {
    Run help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("fstest"), help.out());
    Run version = run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("ovlsim "), version.out());
    Run sub = run("fstest", "--help");
    assertEquals(0, sub.code());
    assertTrue(sub.out().contains("--against=model|kernel|both"), sub.out());
    assertEquals(0, run("help", "fstest").code());
  }

  @Test
  void badUsageIsOneLineAndExitTwo() {
    Run none = run();
    assertEquals(2, none.code());
    assertOneLine(none.err());
    for (String[] args : new String[][] {
        {"frobnicate"},
        {"fstest"},
        {"fstest", "--bogus", SEED},
        {"fstest", "--against", "moon", SEED},
        {"fstest", "-O", "v9", SEED},
        {"fstest", "--ovl-version", "v9", SEED},
        {"fstest", "--format", "xml", SEED},
        {"fstest", tmp.resolve("missing.fst").toString()},
        {"fstest", tmp.toString()},
    }) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertOneLine(r.err());
      assertEquals("", r.out());
    }
    assertEquals("ovlsim fstest: --against takes model, kernel or both, not 'moon' (see"
        + " 'ovlsim fstest --help')\n", run("fstest", "--against", "moon", SEED).err());
  }

  @Test
  void aScriptThatDoesNotParseIsAFailedPointAndTheOthersRun() throws IOException {
    Path bad = Files.writeString(tmp.resolve("a-bad.fst"), "mount\nexpect 0 open a O_WRITE\n");
    Files.writeString(tmp.resolve("b-good.fst"), "mount\nexpect 0 mkdir d 0755\n");
    Run r = run("fstest", tmp.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("TAP version 13\n1..2\n"), r.out());
    assertTrue(r.out().contains("\nnot ok 1 - " + bad + ":2: open: unknown open flag 'O_WRITE'"),
        r.out());
    assertTrue(r.out().contains("\nok 2 - " + tmp.resolve("b-good.fst") + ":2: expect 0 mkdir d"
        + " 0755\n"), r.out());
    assertEquals("# 1 passed, 1 failed", r.lastLine());
  }

  @Test
  void theSeedCorpusHoldsOnTheModel() {
    for (String v : new String[] {"v6", "v7"}) {
      Run r = run("fstest", "-O", v, SEED);
      assertEquals(0, r.code(), r.out());
      assertTrue(r.out().contains(" on model " + v + "\n"), r.out());
      assertTrue(r.lastLine().matches("# \\d+ passed, 0 failed"), r.lastLine());
    }
    assertEquals(run("fstest", "-O", "v6", SEED).out(),
        run("fstest", "--ovl-version", "v6", SEED).out());
  }

  @Test
  void aFailedExpectationExitsOne() throws IOException {
    Path f = Files.writeString(tmp.resolve("f.fst"), "mount\nexpect 0 rmdir nothing\n");
    Run r = run("fstest", f.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("not ok 1 - " + f + ":2: expect 0 rmdir nothing\n"
        + "# expected 0, got ENOENT\n"), r.out());
    assertEquals("# 0 passed, 1 failed", r.lastLine());
  }

  @Test
  void listShowsTheScriptsAndTheirExpectations() throws IOException {
    Files.writeString(tmp.resolve("a.fst"), "mount\nexpect 0 mkdir d 0755\nexpect 0 rmdir d\n");
    Files.writeString(tmp.resolve("b.fst"), "mount\n");
    Run r = run("fstest", "--list", tmp.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(tmp.resolve("a.fst") + ": 2 expectations\n" + tmp.resolve("b.fst")
        + ": 0 expectations\n2 scripts, 2 expectations\n", r.out());
    Run corpus = run("fstest", "--list", "../conformance/fst");
    assertEquals(0, corpus.code());
    assertTrue(corpus.lastLine().matches("\\d+ scripts, \\d+ expectations"), corpus.lastLine());
    Files.writeString(tmp.resolve("c.fst"), "mount\nexpect 0 open /etc/passwd O_RDONLY\n");
    Run bad = run("fstest", "--list", tmp.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.out().contains(tmp.resolve("c.fst") + ": does not parse: "
        + tmp.resolve("c.fst") + ":2: open: the absolute path '/etc/passwd'"), bad.out());
    assertTrue(bad.lastLine().endsWith(", 1 that does not parse"), bad.lastLine());
  }

  @Test
  void formatsJunitAndJson() {
    Run j = run("fstest", "--format", "junit", SEED + "/dirs.fst");
    assertEquals(0, j.code(), j.err());
    assertTrue(j.out().startsWith("<?xml"), j.out());
    assertTrue(j.out().contains("<testsuite name=\"" + SEED + "/dirs.fst\""), j.out());
    Run js = run("fstest", "--format", "json", SEED + "/dirs.fst");
    assertEquals(0, js.code(), js.err());
    assertTrue(js.out().lines().allMatch(l -> l.startsWith("{\"event\":\"") && l.endsWith("}")),
        js.out());
  }

  @Test
  void theKernelSaysWhyItCannotRunOrRuns() {
    Run r = run("fstest", "--against", "kernel", SEED);
    String why = KernelBackend.availability();
    if (why != null) {
      assertEquals(1, r.code());
      assertTrue(r.out().matches("(?s)TAP version 13\n1\\.\\.\\d+\n# " + java.util.regex.Pattern.quote(why)
          + "\n.*"), r.out());
      assertTrue(r.out().contains(" # SKIP " + why + "\n"), r.out());
      assertTrue(r.lastLine().matches("# 0 passed, 0 failed, \\d+ skipped"), r.lastLine());
    } else {
      assertEquals(0, r.code(), r.out());
      assertTrue(r.out().contains("# deviation whiteout-format: the result is checked"
          + " against char instead of the script's"), r.out());
    }
  }

  @Test
  void bothPrintsWhereModelAndKernelDisagree() {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    Run r = run("fstest", "--against", "both", SEED + "/dirs.fst");
    assertEquals(0, r.code(), r.out());
    String differ = "ok 5 - " + SEED + "/dirs.fst:17: expect symlink -l upper lstat d/l1 type\n"
        + "# differ: model " + OvlVersion.newest().optionName() + " symlink, "
        + new KernelBackend().name()
        + " char (declared deviation whiteout-format)\n";
    assertTrue(r.out().contains(differ), r.out());
    assertTrue(r.lastLine().matches("# \\d+ passed, 0 failed"), r.lastLine());
  }
}
