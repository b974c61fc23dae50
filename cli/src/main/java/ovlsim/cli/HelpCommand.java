package ovlsim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim help [COMMAND...]}: the help of the command a path of names leads to, from
 * the command this one belongs to ({@code ovlsim help race run} is {@code ovlsim race run
 * --help}). picocli's own help command reads only one name.
 */
@Command(
    name = "help",
    mixinStandardHelpOptions = true,
    versionProvider = OvlsimCommand.Version.class,
    helpCommand = true,
    description = "Shows the help of a command: 'help race run' is 'race run --help'.")
final class HelpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "COMMAND",
      description = "The names leading to the command, as they are typed after the parent.")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    CommandLine at = spec.parent().commandLine();
    for (String n : names) {
      Map<String, CommandLine> subs = at.getSubcommands();
      CommandLine next = subs.get(n);
      if (next == null || n.equals("help")) {
        List<String> known = new ArrayList<>(subs.keySet());
        known.remove("help");
        throw new ParameterException(spec.commandLine(), "no command '" + n + "' in '"
            + at.getCommandSpec().qualifiedName() + "'" + (known.isEmpty() ? ""
                : " (one of " + String.join(", ", known) + ")"));
      }
      at = next;
    }
    PrintWriter out = spec.commandLine().getOut();
    at.usage(out, spec.commandLine().getColorScheme());
    out.flush();
    return Main.OK;
  }
}
