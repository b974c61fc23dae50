package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ovlsim lockdep}: the command line, output shape, DOT file and exit codes. */
class LockdepCommandTest {
  @TempDir Path tmp;

  @Test
  void runsSeededWorkloadAndWritesDot() throws IOException {
    Path dot = tmp.resolve("g.dot");
    MainTest.Run r = MainTest.run("lockdep", "-O", "v7", "--seed", "42", "--tasks", "3",
        "--ops", "4", "--dot", dot.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.lastLine().startsWith("lockdep: v7 seed 42: 3 tasks, 12 operations, "),
        r.lastLine());
    assertTrue(r.lastLine().endsWith(": OK"), r.lastLine());
    assertTrue(r.out().contains("dependencies ("), r.out());
    assertTrue(r.out().contains("#overlayfs/1 -> "), r.out());
    String graph = Files.readString(dot);
    assertTrue(graph.startsWith("digraph lockdep {\n  label=\"ovlsim lockdep: overlay v7, seed 42:"
        + " 3 tasks x 4 operations\";\n"), graph);
    assertTrue(graph.contains("label=\"upperfs\""), graph);
    // Each arrow says which operation first made it.
    assertTrue(graph.contains("\"&type->i_mutex_key#overlayfs/0\" -> \"&type->i_mutex_dir_key#"
        + "upperfs/0\" [label=\"mkdir(): ovl_lookup_real()\""), graph);
    assertTrue(graph.contains("legend [shape=note"), graph);
    assertTrue(graph.contains("/1 I_MUTEX_PARENT\\l"), graph);
  }

  @Test
  void sameSeedSameRun() {
    MainTest.Run a = MainTest.run("lockdep", "--seed", "7", "--tasks", "2", "--ops", "3");
    MainTest.Run b = MainTest.run("lockdep", "--seed", "7", "--tasks", "2", "--ops", "3");
    assertEquals(a.out(), b.out());
  }

  @Test
  void badUsageIsExitTwo() {
    assertEquals(2, MainTest.run("lockdep", "--tasks", "0").code());
    assertEquals(2, MainTest.run("lockdep", "--ovl-version", "v5").code());
    assertEquals(2, MainTest.run("lockdep", "--version", "v7").code());
    assertEquals(2, MainTest.run("lockdep", "--check", "maybe").code());
  }
}
