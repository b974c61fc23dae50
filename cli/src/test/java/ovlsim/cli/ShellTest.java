package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ovlsim shell} fed scripted sessions: Al Viro's interleaving walked by hand, with the
 * dentry tree and the held locks asserted at each step; the same on the version with the
 * recheck; a task that would wait for another's mutex or for the other end of a FIFO; the mistakes; expect lines; help for every command; JLine's reader.
 */
class ShellTest {
  @TempDir Path tmp;

  /** The review's layers, two root tasks, A parked at the review's window. */
  private static final String SETUP = """
      lower mkdir d 0755
      lower create d/f 0644 "lower data"
      upper mkdir d 0755
      mount
      task A
      task B
      break A ovl_copy_up_one:before_lock
      """;

  /**
   * A session split at each {@code --- NAME} line: the output each part printed, by name (the
   * echo of each command included).
   */
  private static Map<String, String> session(OvlVersion v, String script) throws IOException {
    Map<String, String> parts = new LinkedHashMap<>();
    StringWriter sw = new StringWriter();
    Shell shell = new Shell(v, new PrintWriter(sw, true));
    String name = "setup";
    StringBuilder chunk = new StringBuilder();
    List<String> order = new ArrayList<>();
    for (String line : (script + "--- end\n").split("\n")) {
      if (line.startsWith("--- ")) {
        sw.getBuffer().setLength(0);
        shell.runScript(new BufferedReader(new StringReader(chunk.toString())), "test");
        parts.put(name, sw.toString());
        order.add(name);
        name = line.substring(4);
        chunk.setLength(0);
      } else {
        chunk.append(line).append('\n');
      }
    }
    return parts;
  }

  private static void assertLine(String out, String regex) {
    Pattern p = Pattern.compile(regex);
    assertTrue(out.lines().anyMatch(l -> p.matcher(l).find()), "no line matching " + regex
        + " in:\n" + out);
  }

  private static String walk() {
    return SETUP + """
        --- A opens
        A open d/f O_RDWR : close 0
        dentries overlay
        locks
        --- B renames
        B rename d/f d/g
        dentries
        locks
        --- B unlinks
        B unlink d/g
        dentries overlay
        --- A steps
        step A
        locks
        --- A steps again
        step A
        locks
        dentries upper
        --- A goes on
        continue A
        dentries overlay
        merged
        log
        locks
        """;
  }

  @Test
  void alViroInterleavingByHandOnTheVersionWithoutTheRecheck() throws IOException {
    OvlVersion v = OvlVersion.V6;
    assertFalse(v.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK));
    Map<String, String> s = session(v, walk());
    assertTrue(s.get("setup").contains("mounted the overlay (v6) on /mnt"), s.get("setup"));

    // A stops in the window: it decided to copy up f and holds no i_mutex yet
    String a = s.get("A opens");
    assertLine(a, "^A stopped at ovl_copy_up_one:before_lock \\(breakpoint, \\d+ steps\\)$");
    assertLine(a, "^      f +reg +ino \\d+ +d_count \\d+ +upper - +lower /d/f$");
    assertLine(a, "^A \\(at ovl_copy_up_one:before_lock\\): holds no lock$");
    assertLine(a, "^B: holds no lock$");

    // B copies f up, renames it: d_move() turns A's overlay dentry f into g
    String b = s.get("B renames");
    assertLine(b, "^B: = 0 \\(\\d+ steps\\)$");
    assertLine(b, "^      g +reg +ino \\d+ +d_count \\d+ +upper /d/g +lower /d/f$");
    assertFalse(b.lines().anyMatch(l -> l.matches("^      f .*upper /d/f.*")), b);
    assertLine(b, "^A \\(at ovl_copy_up_one:before_lock\\): holds no lock$");

    // B unlinks g: the overlay dentry is dropped, its upper dentry negative
    String u = s.get("B unlinks");
    assertLine(u, "^      g +reg +ino \\d+ +d_count \\d+ +UNHASHED +upper /d/g\\(negative\\)"
        + " +lower /d/f$");

    // A takes the upper parent's i_mutex, as the review says
    String s1 = s.get("A steps");
    assertLine(s1, "^  A  mutex_lock:&type->i_mutex_dir_key#upperfs/1 +\\(about to take i_mutex"
        + " upperfs:/d\\)$");
    assertLine(s1, "^A \\(at mutex_lock:&type->i_mutex_dir_key#upperfs/1\\): about to take"
        + " i_mutex upperfs:/d \\(&type->i_mutex_dir_key#upperfs/1\\)$");
    String s2 = s.get("A steps again");
    assertLine(s2, "^A \\(at mutex_lock:[^)]*\\): holds i_mutex upperfs:/d"
        + " \\(&type->i_mutex_dir_key#upperfs/1\\); about to take ");
    assertLine(s2, "^    d +dir +ino \\d+ +d_count \\d+ +i_mutex held by A$");

    // A copies the lower f into B's new name: the unlinked file is back, with a WARN_ON
    String end = s.get("A goes on");
    assertLine(end, "^A: = 0 \\(\\d+ steps\\)$");
    // A's close put the last reference to its unhashed overlay dentry: it is freed
    assertFalse(end.lines().anyMatch(l -> l.startsWith("      g ") && l.contains("lower /d/f")),
        end);
    assertLine(end, "^      g +reg 0644 ino \\d+ \\(upper\\) \"lower data\"$");
    assertLine(end, "^WARN_ON \\[A\\]: ovl_dentry_update: .*already has an upper dentry$");
    assertLine(end, "^A: holds no lock$");
  }

  /**
   * v7-fix: the recheck leaves nothing to copy; B's unlink of the renamed (by v7's rename,
   * opaque) g wrote a whiteout through the upper dentry A's entry holds, so A's open succeeds
   * (on that whiteout) and nothing of the lower data comes back.
   */
  @Test
  void theRecheckLeavesNothingToCopy() throws IOException {
    OvlVersion v = OvlVersion.V7_FIX;
    assertTrue(v.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK));
    Map<String, String> s = session(v, walk());
    String end = s.get("A goes on");
    assertLine(end, "^A: = 0 \\(\\d+ steps?\\)$");
    assertFalse(end.contains("\"lower data\""), end);
    assertTrue(end.contains("(no WARN_ON, no BUG, no lockdep report)"), end);
  }

  @Test
  void waitingForAMutexIsShownNotHung() throws IOException {
    Map<String, String> s = session(OvlVersion.V6, SETUP + """
        --- A parks holding d
        unbreak A
        break A ovl_rename:after_vfs_rename
        A rename d/f d/g
        locks
        --- B waits
        B unlink d/f
        tasks
        --- A goes on
        continue A
        continue B
        """);
    String a = s.get("A parks holding d");
    assertLine(a, "^A stopped at ovl_rename:after_vfs_rename \\(breakpoint, \\d+ steps\\)$");
    assertLine(a, "^A \\(at ovl_rename:after_vfs_rename\\): holds i_mutex overlayfs:/d ");
    String b = s.get("B waits");
    assertLine(b, "^B waits at mutex_lock:&type->i_mutex_key#overlayfs/\\d for i_mutex"
        + " overlayfs:/d, held by A: step or continue A first");
    assertLine(b, "^B: uid 0 gid 0, parked at mutex_lock:.* in 'unlink d/f'$");
    String c = s.get("A goes on");
    assertLine(c, "^A: = 0 ");
    assertLine(c, "^B: = ENOENT ");
  }

  @Test
  void aFifoOpenThatWaitsForTheOtherEndIsShownNotHung() throws IOException {
    Map<String, String> s = session(OvlVersion.newest(), """
        upper mkfifo p 0644
        mount
        task A
        task B
        --- A opens for reading
        A open p O_RDONLY
        --- B opens for writing
        B open p O_WRONLY
        --- A goes on
        continue A
        """);
    assertLine(s.get("A opens for reading"), "^A sleeps at .* on &pipe->wait: another task must wake it");
    assertLine(s.get("B opens for writing"), "^B: = 0 ");
    assertLine(s.get("A goes on"), "^A: = 0 ");
  }

  @Test
  void mistakesInAScriptStopItWithOneLineNamingTheLine() throws IOException {
    for (String[] bad : new String[][] {
        {"lower mkdir d 0755\nfrobnicate\n", "test:2: unknown command or task 'frobnicate'"},
        {"task A\n", "test:1: a task needs the overlay mounted"},
        {"mount\nlower mkdir d 0755\n", "test:2: the overlay is mounted: layers are set up"},
        {"mount\ntask A\nA open nothere O_RDONLY\nA frob\n", "test:4: unknown op 'frob'"},
        {"mount\ntask A\nA close 0\n", "test:3: close: fd 0 was never opened"},
        {"mount\ntask A\ntask A\n", "test:3: there is a task A already"},
        {"mount\ntask step\n", "test:2: 'step' is a command"},
        {"mount\ntask A -u x\n", "test:2: "},
        {"mount\nstep Z\n", "test:2: no task Z (tasks: none yet"},
        {"mount\ntask A\nstep A\n", "test:3: A runs no line"},
        {"lower create f 0644\nlower create f 0644\nmount\n",
            "test:3: mount: the lower setup line at test:2 failed: EEXIST"},
        {"mount\nsave /nonexistent/dir/x.html\n", "test:2: save /nonexistent/dir/x.html:"},
        {"help frob\n", "test:1: no command 'frob'"},
        {"version v99\n", "test:1: "},
        {"lower mkdir \"unterminated\n", "test:1: "},
    }) {
      Shell shell = new Shell(OvlVersion.newest(), new PrintWriter(new StringWriter(), true));
      UsageException e = assertThrows(UsageException.class, () -> shell.runScript(
          new BufferedReader(new StringReader(bad[0])), "test"), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void expectLinesRunAsTasksOfTheirOwnAndAFailureIsExitOne() throws IOException {
    StringWriter sw = new StringWriter();
    Shell shell = new Shell(OvlVersion.newest(), new PrintWriter(sw, true));
    int code = shell.runScript(new BufferedReader(new StringReader("""
        lower create a 0644 "xyz"
        mount
        expect "xyz" open a O_RDONLY : read 0 8
        expect EACCES -u 65534 -g 65534 open a O_WRONLY
        expect ENOENT -l upper stat a type
        expect 0 unlink a
        """)), "test");
    String out = sw.toString();
    assertLine(out, "^ok expect \"xyz\", got xyz$");
    assertLine(out, "^ok expect EACCES, got EACCES$");
    assertLine(out, "^ok expect ENOENT, got ENOENT$");
    assertLine(out, "^ok expect 0, got 0$");
    assertEquals(Main.OK, code);
    code = shell.runScript(new BufferedReader(new StringReader("expect 0 open a O_RDONLY\n")),
        "test");
    assertLine(sw.toString(), "^FAILED expect 0, got ENOENT$");
    assertEquals(Main.FAILED, code);
  }

  @Test
  void everyCommandHasHelp() throws IOException {
    StringWriter sw = new StringWriter();
    Shell shell = new Shell(OvlVersion.newest(), new PrintWriter(sw, true));
    shell.execute("help");
    String all = sw.toString();
    for (Shell.Command c : Shell.COMMANDS) {
      assertTrue(all.contains(c.usage()), c.name() + ": " + all);
      sw.getBuffer().setLength(0);
      shell.execute("help " + c.name());
      assertTrue(sw.toString().startsWith(c.usage() + "\n  " + c.help()), c.name() + ": " + sw);
    }
  }

  @Test
  void aScenarioAsSetupMountsItsLayersAndMakesItsTasksAndStdinIsAScript() throws IOException {
    ShellCommand cmd = new ShellCommand();
    CommandLine cl = Main.configure(new CommandLine(cmd));
    Path html = tmp.resolve("session.html");
    cmd.in = new ByteArrayInputStream(("break A ovl_copy_up_one:before_lock\n"
        + "A open d/f O_RDWR : close 0\nB rename d/f d/g : unlink d/g\ncontinue A\nmerged\n"
        + "save " + html + "\n").getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(cl, new String[] {"-O", "v6", "copyup-vs-rename-unlink"},
        new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, code, err.toString());
    String o = out.toString();
    assertLine(o, "^task A: uid 0 gid 0; its lines in the file: open d/f O_RDWR : close 0$");
    assertLine(o, "^ovl> A open d/f O_RDWR : close 0$");
    assertLine(o, "^      g +reg 0644 ino \\d+ \\(upper\\) \"lower data\"$");
    assertLine(o, "^saved \\d+ steps to ");
    String page = Files.readString(html);
    assertTrue(page.contains("ovlsim shell on v6"), page.substring(0, 200));
  }

  @Test
  void aTerminalSessionReadsThroughJlineAndGoesOnAfterAMistake() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String input = "mount\nfrobnicate\ntask A\nA mkdir x 0755\nquit\n";
    StringWriter sw = new StringWriter();
    Shell shell = new Shell(OvlVersion.newest(), new PrintWriter(sw, true));
    try (Terminal t = new DumbTerminal(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), bytes)) {
      int code = ShellCommand.interactive(shell, t, new PrintWriter(sw, true));
      assertEquals(0, code);
    }
    String term = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(term.contains("error: unknown command or task 'frobnicate'"), term);
    assertLine(sw.toString(), "^A: = 0 \\(\\d+ steps\\)$");
    assertTrue(shell.quit());
  }
}
