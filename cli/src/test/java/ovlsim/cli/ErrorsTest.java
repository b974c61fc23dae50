package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The user mistakes of the issue, each one line on stderr naming the file or option and the
 * reason, exit 2, before any work; and an internal error, exit 70 with its trace in a file.
 * (What needs another user or a real process is in {@code JarTest}.)
 */
class ErrorsTest {
  @TempDir Path tmp;

  private static void assertUsage(MainTest.Run r, String err) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(err + "\n", r.err());
    assertFalse(r.out().contains("seed"), "the work started: " + r.out());
  }

  @Test
  void dotPathsAreCheckedBeforeTheWorkload() throws IOException {
    assertUsage(MainTest.run("lockdep", "--dot", "/nonexistent/x.dot"),
        "ovlsim lockdep: --dot /nonexistent/x.dot: no such directory: /nonexistent");
    assertUsage(MainTest.run("lockdep", "--dot", tmp.toString()),
        "ovlsim lockdep: --dot " + tmp + ": is a directory (name a file in it)");
    assertUsage(MainTest.run("lockdep", "--dot", ""),
        "ovlsim lockdep: --dot: an empty path names no file");
    assertUsage(MainTest.run("lockdep", "--dot", "/dev/null/x.dot"),
        "ovlsim lockdep: --dot /dev/null/x.dot: not a directory: /dev/null");
    assertUsage(MainTest.run("lockdep", "--dot", tmp.resolve("x".repeat(300)).toString()),
        "ovlsim lockdep: --dot " + tmp.resolve("x".repeat(300)).toString().substring(0, 200)
            + "...: cannot create this file: file name too long");
    // the output path first: a bad --dot wins over a bad --tasks
    assertUsage(MainTest.run("lockdep", "--tasks", "0", "--dot", "/nonexistent/x.dot"),
        "ovlsim lockdep: --dot /nonexistent/x.dot: no such directory: /nonexistent");
    assertFalse(Files.exists(tmp.resolve("x".repeat(300))));
  }

  @Test
  void resultsFoldersAreCheckedBeforeTheRun() throws IOException {
    Path full = Files.createDirectory(tmp.resolve("full"));
    Files.writeString(full.resolve("old.log"), "x");
    assertUsage(MainTest.run("race", "run", "--all", "--results", full.toString()),
        "ovlsim race run: --results " + full + ": not empty (each run needs a folder of its own;"
            + " name a new one)");
    assertUsage(MainTest.run("demo", "--results", "/dev/null/r"),
        "ovlsim demo: --results /dev/null/r: cannot be created (/dev/null is not a directory)");
    assertUsage(MainTest.run("race", "run", "--all", "--results", ""),
        "ovlsim race run: --results: an empty path names no folder");
    // checked before NAME: the output first
    assertUsage(MainTest.run("race", "run", "--results", full.toString()),
        "ovlsim race run: --results " + full + ": not empty (each run needs a folder of its own;"
            + " name a new one)");
  }

  @Test
  void scriptPathsSayWhatIsWrong() throws IOException, InterruptedException {
    assertUsage(MainTest.run("fstest", "/dev/zero"),
        "ovlsim fstest: /dev/zero: not a regular file (a character device)");
    Path fifo = tmp.resolve("f.fst");
    Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    assertUsage(MainTest.run("fstest", fifo.toString()),
        "ovlsim fstest: " + fifo + ": not a regular file (a FIFO)");
    Files.delete(fifo);
    Path bin = Files.write(tmp.resolve("b.fst"), new byte[] {'#', ' ', (byte) 0xc3, '(', '\n'});
    assertUsage(MainTest.run("fstest", bin.toString()),
        "ovlsim fstest: " + bin + ": not UTF-8 at byte 2 (a binary file? scripts are UTF-8"
            + " text)");
    assertUsage(MainTest.run("fstest", "a\0b"),
        "ovlsim fstest: FILE|DIR a\\0b: not a valid path (Nul character not allowed: a\\0b)");
  }

  @Test
  void twoRunsInTheSameSecondGetFoldersOfTheirOwn() {
    Path a = Outputs.freshFolderIn(tmp.resolve("results"), "race");
    Path b = Outputs.freshFolderIn(tmp.resolve("results"), "race");
    Path c = Outputs.freshFolderIn(tmp.resolve("results"), "race");
    assertTrue(a.getFileName().toString().matches("race-\\d{8}-\\d{6}"), a.toString());
    assertFalse(a.equals(b) || b.equals(c) || a.equals(c));
    assertTrue(Files.isDirectory(a) && Files.isDirectory(b) && Files.isDirectory(c));
  }

  @Test
  void theOldVersionOptionSaysWhatItIsNow() {
    MainTest.Run r = MainTest.run("demo", "--version", "v6");
    assertUsage(r, "ovlsim demo: -V/--version prints ovlsim's own version; the overlay version"
        + " is -O/--ovl-version v6 (see 'ovlsim demo --help')");
    assertUsage(MainTest.run("race", "run", "--all", "--version", "v7"), "ovlsim race run:"
        + " -V/--version prints ovlsim's own version; the overlay version is -O/--ovl-version"
        + " v7 (see 'ovlsim race run --help')");
    assertEquals(2, MainTest.run("fstest", "--version", "v7", "x.fst").code());
    assertEquals(2, MainTest.run("race", "run", "--all", "-V", "all").code());
    assertUsage(MainTest.run("demo", "--version", "x"), "ovlsim demo: unmatched argument 'x'"
        + " (see 'ovlsim demo --help')");
  }

  /** A command that fails as only a bug would. */
  @Command(name = "boom", mixinStandardHelpOptions = true)
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the model broke\nacross lines");
    }
  }

  @Test
  void anInternalErrorIsOneLineExitSeventyAndItsTraceIsInAFile() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.configure(new CommandLine(new Boom()));
    int code = Main.run(cl, new String[0], new PrintWriter(out), new PrintWriter(err));
    assertEquals(Main.INTERNAL, code);
    assertEquals(70, code);
    assertEquals(1, err.toString().lines().count(), err.toString());
    Matcher m = Pattern.compile("^boom: internal error: java.lang.IllegalStateException: the model"
        + " broke across lines; the stack trace is in (\\S+\\.txt) \\(exit 70\\)\n$")
        .matcher(err.toString());
    assertTrue(m.matches(), err.toString());
    Path trace = Path.of(m.group(1));
    String text = Files.readString(trace);
    assertTrue(text.contains("\tat ovlsim.cli.ErrorsTest$Boom.call("), text);
    assertTrue(trace.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), trace.toString());
    Files.delete(trace);
    assertFalse(err.toString().contains("\tat "), err.toString());
  }
}
