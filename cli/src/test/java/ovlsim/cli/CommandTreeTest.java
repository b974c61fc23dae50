package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks the whole command tree: every command and subcommand answers {@code --help},
 * {@code -h}, {@code help PATH...} and {@code -V}; its description is made of whole
 * paragraphs; and a set of bad inputs for each of its options and parameters ends in one line
 * on stderr and exit 2, never a stack trace.
 */
class CommandTreeTest {
  /** Every command path below the top, {@code []} being {@code ovlsim} itself. */
  static List<List<String>> paths() {
    List<List<String>> out = new ArrayList<>();
    walk(Main.commandLine(), new ArrayList<>(), out);
    return out;
  }

  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
      path.add(e.getKey());
      walk(e.getValue(), path, out);
      path.remove(path.size() - 1);
    }
  }

  private static CommandSpec spec(List<String> path) {
    CommandLine c = Main.commandLine();
    for (String p : path) {
      c = c.getSubcommands().get(p);
    }
    return c.getCommandSpec();
  }

  private static String[] args(List<String> path, String... more) {
    List<String> a = new ArrayList<>(path);
    a.addAll(Arrays.asList(more));
    return a.toArray(new String[0]);
  }

  private static void assertNoTrace(MainTest.Run r, String what) {
    for (String s : new String[] {r.out(), r.err()}) {
      assertFalse(s.contains("\tat "), what + ": " + s);
      assertFalse(s.contains("Exception"), what + ": " + s);
    }
  }

  @Test
  void theTreeIsWhatTheReadmeShows() {
    List<String> names = paths().stream().map(p -> String.join(" ", p)).toList();
    assertEquals(List.of("", "demo", "explore", "shell", "race", "race list", "race run",
        "race help", "fstest", "lockdep", "help"), names);
  }

  @Test
  void everyCommandHasHelpAndVersion() {
    for (List<String> path : paths()) {
      String name = String.join(" ", path);
      String qualified = ("ovlsim " + name).trim();
      MainTest.Run help = MainTest.run(args(path, "--help"));
      assertEquals(0, help.code(), name + " --help: " + help.err());
      assertTrue(help.out().startsWith("Usage: " + qualified + " "), name + ": " + help.out());
      assertEquals("", help.err(), name);
      assertEquals(help.out(), MainTest.run(args(path, "-h")).out(), name + " -h");
      if (!path.contains("help")) {
        // help PATH... from the top, and from the parent of PATH
        MainTest.Run viaHelp = MainTest.run(args(List.of("help"), path.toArray(new String[0])));
        assertEquals(0, viaHelp.code(), "help " + name + ": " + viaHelp.err());
        assertEquals(help.out(), viaHelp.out(), "help " + name);
        if (path.size() == 2) {
          MainTest.Run inParent = MainTest.run(path.get(0), "help", path.get(1));
          assertEquals(help.out(), inParent.out(), path.get(0) + " help " + path.get(1));
        }
      }
      MainTest.Run version = MainTest.run(args(path, "-V"));
      assertEquals(0, version.code(), name + " -V");
      assertTrue(version.out().startsWith("ovlsim "), name + " -V: " + version.out());
      assertEquals(version.out(), MainTest.run(args(path, "--version")).out(), name);
    }
  }

  @Test
  void descriptionsAreWholeParagraphs() {
    for (List<String> path : paths()) {
      CommandSpec s = spec(path);
      String[] description = s.usageMessage().description();
      assertTrue(description.length > 0, path + " has no description");
      for (String d : description) {
        assertFalse(d.contains("\n") || d.contains("%n"), path + ": a line break in " + d);
        assertTrue(d.endsWith(".") || d.endsWith(")"), path + ": not a whole paragraph: " + d);
      }
      for (OptionSpec o : s.options()) {
        for (String d : o.description()) {
          assertTrue(d.endsWith(".") || d.endsWith(")"), path + " " + o.longestName() + ": " + d);
        }
      }
    }
    // The commands list shows each summary whole.
    String top = MainTest.run("--help").out();
    assertTrue(top.contains("lockdep  Runs one random workload of concurrent model tasks on the"
        + " overlay"), top);
    assertFalse(top.contains("with lockdep on, under a\n"), top);
  }

  @Test
  void theOverlayVersionOptionNamesEveryVersionAndNoneByHand() {
    String names = String.join(", ", Arrays.stream(OvlVersion.values())
        .map(OvlVersion::optionName).toList());
    for (String[] cmd : new String[][] {
        {"fstest"}, {"lockdep"}, {"race", "run"}, {"demo"}, {"explore"}, {"shell"}}) {
      String help = MainTest.run(args(List.of(cmd), "--help")).out();
      assertTrue(help.contains("-O, --ovl-version="), String.join(" ", cmd) + ": " + help);
      assertTrue(help.replaceAll("\\s+", " ").contains(names), String.join(" ", cmd) + ": " + help);
    }
    MainTest.Run bad = MainTest.run("race", "run", "--all", "-O", "v99");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("(one of " + names + ", all)"), bad.err());
    MainTest.Run explore = MainTest.run("explore", "ro-rw-inconsistency", "-O", "v99");
    assertEquals(2, explore.code());
    assertTrue(explore.err().contains("(one of " + names + ", all)"), explore.err());
  }

  /** Values no option or parameter of any command accepts. */
  private static final String[] BAD_VALUES = {
    "", "\0", "-", "%n%s%d", "v99", "99999999999999999999", "-1", "/nonexistent/dir/x",
    "x".repeat(5000), "\u00e9\u0301\ud83d\ude00", "--", "@/nonexistent-args-file",
  };

  /** Paths no output option can write: no such place, not a directory, too long, a NUL. */
  private static final String[] BAD_OUTPUTS = {
    "", "\0", "/dev/null/x", "/proc/nonexistent/x", "x".repeat(5000), "/etc",
  };

  @Test
  void badInputsAreOneLineAndExitTwoNeverAStackTrace() {
    for (List<String> path : paths()) {
      CommandSpec s = spec(path);
      List<String[]> cases = new ArrayList<>();
      cases.add(args(path, "--no-such-option"));
      cases.add(args(path, "-Z"));
      cases.add(args(path, "--help=x"));
      if (s.positionalParameters().isEmpty() && !path.contains("help")) {
        cases.add(args(path, "surplus"));
      }
      if (path.isEmpty()) {
        cases.add(new String[] {"nosuchcommand"});
      }
      for (OptionSpec o : s.options()) {
        if (o.arity().max() > 0) {
          cases.add(args(path, o.longestName())); // no value
          boolean output = o.longestName().equals("--dot") || o.longestName().equals("--results")
              || o.longestName().equals("--html");
          for (String v : output ? BAD_OUTPUTS : BAD_VALUES) {
            if (o.longestName().equals("--seed") && v.equals("-1")) {
              continue; // a seed may be negative: it would run
            }
            cases.add(args(path, o.longestName(), v));
            cases.add(args(path, o.longestName() + "=" + v));
          }
        }
      }
      if (path.equals(List.of("fstest"))) {
        for (String v : BAD_VALUES) {
          if (!v.equals("--") && !v.equals("-")) {
            cases.add(args(path, v));
          }
        }
      }
      if (path.equals(List.of("explore"))) {
        for (String v : BAD_VALUES) {
          if (!v.equals("--") && !v.equals("-")) {
            cases.add(args(path, v));
          }
        }
        // each option's bad values with a scenario that would run, and the usage mistakes
        for (OptionSpec o : s.options()) {
          if (o.arity().max() > 0) {
            for (String v : BAD_VALUES) {
              if (o.longestName().equals("--replay")
                  && (v.equals("-") || v.isEmpty() || v.equals("--"))) {
                continue; // '-' is no decisions; '' and '--' give the file's replay line: it runs
              }
              cases.add(args(path, "ro-rw-inconsistency", o.longestName(), v));
            }
          }
        }
        cases.add(args(path));
        cases.add(args(path, "ro-rw-inconsistency", "concurrent-copyup"));
        cases.add(args(path, "--merge"));
      }
      if (path.equals(List.of("shell"))) {
        // a SETUP that is no file and no scenario; ('--' and '-' would read stdin)
        for (String v : BAD_VALUES) {
          if (!v.equals("--") && !v.equals("-")) {
            cases.add(args(path, v));
          }
        }
        cases.add(args(path, "ro-rw-inconsistency", "concurrent-copyup"));
      }
      if (path.equals(List.of("race", "run"))) {
        for (String v : BAD_VALUES) {
          if (!v.equals("--") && !v.equals("-")) {
            cases.add(args(path, v));
          }
        }
        cases.add(args(path));
        cases.add(args(path, "--all", "concurrent-copyup"));
      }
      for (String[] a : cases) {
        String what = String.join(" ", a).replace("\0", "\\0");
        if (what.length() > 120) {
          what = what.substring(0, 120) + "...";
        }
        MainTest.Run r = MainTest.run(a);
        assertEquals(2, r.code(), what + ": " + r.out() + r.err());
        assertEquals(1, r.err().lines().count(), what + ": " + r.err());
        assertNoTrace(r, what);
      }
    }
  }
}
