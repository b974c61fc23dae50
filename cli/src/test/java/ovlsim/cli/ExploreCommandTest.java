package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ovlsim explore}: its exit codes, one-line mistakes, replay, json and merge. */
class ExploreCommandTest {
  @TempDir Path tmp;

  private static void assertOneLine(MainTest.Run r) {
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void aCompleteSearchWithNothingForbiddenExitsZeroWithTheSummaryAndATable() {
    MainTest.Run r = MainTest.run("explore", "ro-rw-inconsistency", "--preemptions", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("old-after-write"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.matches(
        "explored [0-9]+ schedules \\(bound 1, complete\\): 1 outcome, 0 forbidden")), r.out());
    assertTrue(r.out().contains("(* interesting, ! forbidden)"), r.out());
  }

  @Test
  void aCappedSearchIsIncompleteWithItsOwnExitCode() {
    MainTest.Run r = MainTest.run("explore", "copyup-vs-rename-unlink", "-O", "v6",
        "--max-schedules", "5");
    assertEquals(Main.INCOMPLETE, r.code(), r.err());
    assertTrue(r.lastLine().startsWith("replay one:") || r.out().contains("incomplete"), r.out());
    assertTrue(r.out().contains("explored 5 schedules (bound 2, incomplete)"), r.out());
  }

  @Test
  void aForbiddenOutcomeExitsOneAndItsScheduleReplays() throws IOException {
    Path f = tmp.resolve("forbid.scn");
    Files.writeString(f, """
        lower mkdir d 0755
        lower create d/f 0644 "lower data"
        upper mkdir d 0755
        mount
        task A open d/f O_RDWR : close 0
        task B rename d/f d/g : unlink d/g
        observe d readdir d
        outcome lost forbidden when d has f
        outcome fine acceptable otherwise
        """);
    MainTest.Run r = MainTest.run("explore", f.toString(), "-O", "v6", "--preemptions", "1");
    assertEquals(Main.FAILED, r.code(), r.out() + r.err());
    String line = r.out().lines().filter(l -> l.trim().startsWith("lost")).findFirst()
        .orElseThrow();
    String schedule = line.substring(line.indexOf("shortest ") + 9, line.indexOf(" ("));
    MainTest.Run replay = MainTest.run("explore", f.toString(), "-O", "v6", "--replay",
        schedule);
    assertEquals(Main.FAILED, replay.code(), replay.err());
    assertTrue(replay.out().contains("A                   "), replay.out());
    assertTrue(replay.out().contains("| syscall: rename d/f d/g : unlink d/g"), replay.out());
    assertTrue(replay.out().contains("outcome    lost (forbidden)"), replay.out());
    // the file has no replay line: --replay needs a schedule
    MainTest.Run none = MainTest.run("explore", f.toString(), "-O", "v6", "--replay");
    assertEquals(Main.USAGE, none.code(), none.err());
    assertTrue(none.err().contains("--replay needs a SCHEDULE: " + f + " has no replay line"),
        none.err());
  }

  @Test
  void theScenariosOwnReplayLineRunsWithoutAnArgument() {
    MainTest.Run r = MainTest.run("explore", "copyup-vs-rename-unlink", "-O", "v6", "--replay");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("schedule A@ovl_copy_up_one:before_lock>B"), r.out());
    assertTrue(r.out().contains("outcome    resurrected+warn (interesting)"), r.out());
    assertTrue(r.out().contains("g          lower data"), r.out());
  }

  @Test
  void shardsWrittenAsJsonMergeIntoTheWholeSearch() throws IOException {
    String whole = null;
    Path[] parts = new Path[3];
    for (int i = 1; i <= 3; i++) {
      MainTest.Run r = MainTest.run("explore", "creds-override-isolation", "-O", "v6",
          "--shard", i + "/3", "--format", "json");
      assertEquals(0, r.code(), r.err());
      parts[i - 1] = tmp.resolve("s" + i + ".json");
      Files.writeString(parts[i - 1], r.out());
    }
    MainTest.Run all = MainTest.run("explore", "creds-override-isolation", "-O", "v6");
    whole = all.out().lines().filter(l -> l.startsWith("explored")).findFirst().orElseThrow();
    MainTest.Run merged = MainTest.run("explore", "--merge", parts[0].toString(),
        parts[1].toString(), parts[2].toString());
    assertEquals(0, merged.code(), merged.err());
    assertTrue(merged.out().contains(whole), merged.out() + "\nvs " + whole);
    MainTest.Run two = MainTest.run("explore", "--merge", parts[0].toString(),
        parts[1].toString());
    assertEquals(Main.INCOMPLETE, two.code(), two.out());
  }

  @Test
  void mistakesAreOneLineExitTwo() throws IOException {
    Path bad = tmp.resolve("bad.scn");
    Files.writeString(bad, "lower mkdir d 0755\nmount\ntask A frob d\n");
    MainTest.Run r = MainTest.run("explore", bad.toString());
    assertEquals(Main.USAGE, r.code());
    assertOneLine(r);
    assertTrue(r.err().contains(bad + ":3: unknown op 'frob'"), r.err());
    for (String[] args : new String[][] {
        {"explore", "no-such-scenario"},
        {"explore", "copyup-vs-rename-unlink", "--shard", "0/3"},
        {"explore", "copyup-vs-rename-unlink", "-O", "v99"},
        {"explore", "copyup-vs-rename-unlink", "--preemptions", "-1"},
        {"explore", "copyup-vs-rename-unlink", "--format", "xml"},
        {"explore", "copyup-vs-rename-unlink", "--replay", "3>Z"},
        {"explore", "--merge", bad.toString()},
        {"explore", "--merge", tmp.toString()},
        {"explore", "--merge", tmp.resolve("none.json").toString()},
        {"explore", "copyup-vs-rename-unlink", "--max-schedules", "-1"},
        {"explore", "copyup-vs-rename-unlink", "-V", "v6"},
        {"explore"},
    }) {
      MainTest.Run m = MainTest.run(args);
      assertEquals(Main.USAGE, m.code(), String.join(" ", args) + ": " + m.err());
      assertOneLine(m);
    }
  }

  @Test
  void scenarioPathsSayWhatIsWrongBeforeAnyScheduleRuns() throws Exception {
    MainTest.Run dir = MainTest.run("explore", tmp.toString());
    assertEquals("ovlsim explore: " + tmp + ": not a regular file (a directory)\n", dir.err());
    assertEquals(Main.USAGE, dir.code());
    Path bin = Files.write(tmp.resolve("b.scn"), new byte[] {'#', ' ', (byte) 0xc3, '(', '\n'});
    MainTest.Run notUtf8 = MainTest.run("explore", bin.toString());
    assertEquals("ovlsim explore: " + bin + ": not UTF-8 at byte 2 (a binary file? scripts are"
        + " UTF-8 text)\n", notUtf8.err());
    MainTest.Run missing = MainTest.run("explore", "no/such.scn");
    assertTrue(missing.err().startsWith("ovlsim explore: no/such.scn: no such file, and no"
        + " catalogue scenario of that name (one of copyup-vs-rename-unlink, "), missing.err());
    Path setup = tmp.resolve("setup.scn");
    Files.writeString(setup, """
        lower create d/f 0644
        mount
        task A unlink f
        task B unlink g
        outcome x acceptable otherwise
        """);
    MainTest.Run failing = MainTest.run("explore", setup.toString());
    assertEquals(Main.USAGE, failing.code(), failing.err());
    assertTrue(failing.err().startsWith("ovlsim explore: " + setup + ":1: lower setup failed"),
        failing.err());
    assertOneLine(failing);
    assertEquals("", failing.out());
  }

  @Test
  void theHelpNamesEveryVersionAndTheExitCodes() {
    String help = MainTest.run("explore", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("-O, --ovl-version=VERSION|all"), help);
    assertTrue(help.contains("3: incomplete"), help);
  }
}
