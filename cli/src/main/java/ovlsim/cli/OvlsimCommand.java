package ovlsim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ovlsim}: the top command. It only dispatches; each subcommand is a class listed in
 * {@code subcommands} below, so adding one ({@code race}, {@code demo}, {@code lockdep}, ...) is
 * one line there. Every command has {@code -h/--help} and {@code -V/--version} (the tool's own
 * version; the overlay version a command runs is {@code -O/--ovl-version}).
 */
@Command(
    name = "ovlsim",
    mixinStandardHelpOptions = true,
    versionProvider = OvlsimCommand.Version.class,
    description = "A model of the Linux 2.6.38 VFS with the 2011 overlayfs patch series, to"
        + " replay its races, check it against the running kernel and watch its locks.",
    footer = {"", "Exit codes: 0 every check held, 1 a check failed or could not run, 2 bad"
        + " usage, 3 nothing failed but the search was incomplete (explore), 70 an internal"
        + " error (its stack trace is written to a file)."},
    subcommands = {
      DemoCommand.class,
      ExploreCommand.class,
      ShellCommand.class,
      RaceCommand.class,
      FstestCommand.class,
      LockdepCommand.class,
      HelpCommand.class,
    })
public final class OvlsimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code ovlsim} alone: usage on stderr, bad usage. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("ovlsim: missing subcommand (see 'ovlsim --help')");
    return Main.USAGE;
  }

  /** The jar's Implementation-Version, or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = OvlsimCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ovlsim " + (v == null ? "dev" : v)};
    }
  }
}
