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
        {"fstest", "--version", "v9", SEED},
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
  void aScriptThatDoesNotParseNamesItsLine() throws IOException {
    Path bad = Files.writeString(tmp.resolve("bad.fst"), "mount\nexpect 0 open a O_WRITE\n");
    Run r = run("fstest", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith(bad + ":2: open: unknown open flag 'O_WRITE'"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void theSeedCorpusHoldsOnTheModel() {
    for (String v : new String[] {"v6", "v7"}) {
      Run r = run("fstest", "--version", v, SEED);
      assertEquals(0, r.code(), r.out());
      assertTrue(r.out().contains(" on model " + v + "\n"), r.out());
      assertTrue(r.lastLine().matches("\\d+ passed, 0 failed"), r.lastLine());
    }
  }

  @Test
  void aFailedExpectationExitsOne() throws IOException {
    Path f = Files.writeString(tmp.resolve("f.fst"), "mount\nexpect 0 rmdir nothing\n");
    Run r = run("fstest", f.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("not ok 1 - " + f + ":2: expect 0 rmdir nothing: expected 0,"
        + " got ENOENT\n"), r.out());
    assertEquals("0 passed, 1 failed", r.lastLine());
  }

  @Test
  void theKernelSaysWhyItCannotRunOrRuns() {
    Run r = run("fstest", "--against", "kernel", SEED);
    String why = KernelBackend.availability();
    if (why != null) {
      assertEquals(1, r.code());
      assertTrue(r.out().startsWith("# " + why + "\n"), r.out());
      assertTrue(r.lastLine().matches("0 passed, 0 failed, \\d+ skipped"), r.lastLine());
    } else {
      assertEquals(0, r.code(), r.out());
      assertTrue(r.out().contains("# deviation whiteout-format"), r.out());
    }
  }

  @Test
  void bothPrintsWhereModelAndKernelDisagree() {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    Run r = run("fstest", "--against", "both", SEED + "/dirs.fst");
    assertEquals(0, r.code(), r.out());
    String differ = "# differ 5 - " + SEED + "/dirs.fst:17: expect symlink -l upper lstat d/l1"
        + " type: model v7 symlink, " + new KernelBackend().name()
        + " char (declared deviation whiteout-format)\n";
    assertTrue(r.out().contains(differ), r.out());
    assertTrue(r.lastLine().matches("\\d+ passed, 0 failed"), r.lastLine());
  }
}
