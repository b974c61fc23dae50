package ovlsim.races;

import java.io.IOException;

/**
 * The main class of the child JVM {@link RaceRunner} starts: jcstress's own main, and a
 * watcher on standard input, which the parent holds open and never writes. When the parent
 * dies in any way (SIGKILL included, where no shutdown hook runs), the pipe closes; the
 * watcher then stops the JVMs jcstress forked and ends this one, so no run outlives the
 * {@code ovlsim} that started it.
 */
public final class JcstressChild {
  /** The exit code after the parent went away: 128 + SIGTERM, as if it had been killed. */
  static final int ORPHANED = 143;

  private JcstressChild() {}

  public static void main(String[] args) throws Exception {
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent writes nothing; anything read is ignored
        }
      } catch (IOException e) {
        // closed as well
      }
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
      Runtime.getRuntime().halt(ORPHANED);
    }, "ovlsim-parent-watch");
    watch.setDaemon(true);
    watch.start();
    org.openjdk.jcstress.Main.main(args);
  }
}
