package ovlsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.conformance.Scripts;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioParser;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim shell [-O VERSION] [SETUP]}: an interactive session on one model machine
 * ({@link Shell}). On a terminal it reads lines with JLine (history, line editing, completion
 * of the commands); otherwise it reads stdin as a script, echoing each command, and stops at
 * the first mistake with exit {@value Main#USAGE}.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = OvlsimCommand.Version.class,
    description = {
      "An interactive session on one model machine, for teaching and learning VFS internals:"
          + " set up the layers with .fst lines and mount (or give a SETUP file), make named"
          + " tasks with their own creds, give them .fst lines, and walk an interleaving one"
          + " schedule point at a time ('break', 'step', 'continue') while the other tasks stay"
          + " parked.",
      "Between steps it shows the dentry caches (hashed or not, negative, d_count, the"
          + " overlay's upper and lower dentries), the inodes and their i_mutex, the layers and"
          + " the merged view, each task's locks, the WARN/BUG log and the lock classes;"
          + " 'save FILE' writes the session step by step as a web page. 'help' in the shell"
          + " lists its commands.",
      "On a terminal it edits lines and keeps a history; otherwise it reads its commands from"
          + " stdin, echoing each, and exits 2 at the first mistake (one line naming the line),"
          + " 1 when an 'expect' failed, else 0."
    })
final class ShellCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-O", "--ovl-version"}, paramLabel = "VERSION",
      converter = VersionConverter.class, completionCandidates = VersionCandidates.class,
      description = "The overlay version to mount: ${COMPLETION-CANDIDATES} (default: the"
          + " newest).")
  OvlVersion version;

  @Parameters(arity = "0..1", paramLabel = "SETUP",
      description = "Commands to run first: a scenario file or the name of a catalogue"
          + " scenario (its layers mounted and its tasks made; 'ovlsim race list'), or a file"
          + " of shell lines, such as the setup and mount lines of a script for fstest.")
  String setup;

  /** Where commands come from when stdin is not a terminal; tests replace it. */
  InputStream in = System.in;

  @Override
  public Integer call() throws IOException {
    Loaded first = load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Shell shell = new Shell(version == null ? OvlVersion.newest() : version, out);
    if (first.scenario != null) {
      shell.loadScenario(first.scenario);
    } else if (first.script != null) {
      shell.runScript(new BufferedReader(new StringReader(first.script)), setup);
    }
    out.flush();
    if (shell.quit()) {
      return shell.failedExpects() > 0 ? Main.FAILED : Main.OK;
    }
    if (System.console() != null && in == System.in) {
      return interactive(shell, out);
    }
    int code = shell.runScript(new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8)), "<stdin>");
    out.flush();
    err.flush();
    return code;
  }

  /** The SETUP argument, read and checked before anything runs. */
  private record Loaded(Scenario scenario, String script) {}

  private Loaded load() {
    if (setup == null) {
      return new Loaded(null, null);
    }
    if (setup.isEmpty()) {
      throw new UsageException("an empty SETUP names no file");
    }
    try {
      Path p = Outputs.path("SETUP", setup);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Scripts.Source src = Scripts.read(List.of(p)).get(0);
        if (setup.endsWith(ScenarioParser.SUFFIX)) {
          return new Loaded(ScenarioParser.parse(setup, src.text()), null);
        }
        return new Loaded(null, src.text());
      }
      if (!setup.contains("/") && Catalogue.has(setup)) {
        return new Loaded(Catalogue.scenario(setup), null);
      }
    } catch (Scripts.BadPathException | FstSyntaxException e) {
      throw new UsageException(e.getMessage());
    }
    throw new UsageException(Main.oneLine(setup) + ": no such file, and no catalogue scenario"
        + " of that name (one of " + String.join(", ", Race.names()) + ")");
  }

  /** The terminal session: JLine's line editing, history and completion; mistakes go on. */
  private int interactive(Shell shell, PrintWriter out) throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      return interactive(shell, terminal, out);
    }
  }

  /**
   * Reads commands from {@code terminal} until {@code quit} or the end of input; a mistake is
   * printed ({@code error: ...}) and the session goes on.
   */
  static int interactive(Shell shell, Terminal terminal, PrintWriter out) {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("ovlsim")
        .completer(new StringsCompleter(Shell.COMMANDS.stream().map(Shell.Command::name)
            .filter(n -> !n.equals("NAME")).toList()))
        .build();
    PrintWriter tout = terminal.writer();
    tout.println("ovlsim shell: overlay " + shell.session().version().optionName()
        + "; 'help' lists the commands, 'quit' or Ctrl-D ends.");
    while (!shell.quit()) {
      String line;
      try {
        line = reader.readLine(shell.prompt());
      } catch (UserInterruptException e) {
        continue; // Ctrl-C: a fresh line
      } catch (EndOfFileException e) {
        break;
      }
      try {
        shell.execute(line);
      } catch (UsageException e) {
        out.flush();
        tout.println("error: " + e.getMessage());
      }
      out.flush();
      tout.flush();
    }
    out.flush();
    return shell.failedExpects() > 0 ? Main.FAILED : Main.OK;
  }
}
