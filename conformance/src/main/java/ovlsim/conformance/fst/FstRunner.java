package ovlsim.conformance.fst;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ovlsim.conformance.backend.Backend;
import ovlsim.conformance.backend.BackendUnavailableException;
import ovlsim.conformance.backend.SetupException;

/**
 * Runs a {@link Script} on a {@link Backend}: a fresh instance; the setup lines on their layers
 * (as root, each op must succeed); the mount; every expectation, each with its own creds and
 * fd table. The instance is closed (unmounted, removed) however the run ends. A listener hears
 * of each expectation as soon as it ran, so a report can stream line by line.
 */
public final class FstRunner {
  private FstRunner() {}

  public static ScriptResult run(Script script, Backend backend) {
    return run(script, backend, l -> { });
  }

  /** {@link #run(Script, Backend)}, telling {@code onLine} of each expectation as it ends. */
  public static ScriptResult run(Script script, Backend backend, Consumer<LineResult> onLine) {
    List<LineResult> lines = new ArrayList<>();
    try (Backend.Instance inst = backend.start(script.name())) {
      for (SetupStep step : script.setup()) {
        LineExecutor.Result r =
            inst.run(step.creds(), step.layer(), sys -> LineExecutor.run(sys, step.ops()));
        if (r.failed()) {
          return new ScriptResult(script, backend.name(), lines, null,
              step.line() + ": " + step.layer().scriptName() + " setup failed: " + r.text(),
              inst.notes());
        }
      }
      try {
        inst.mount(script.readOnly());
      } catch (SetupException e) {
        return new ScriptResult(script, backend.name(), lines, null,
            script.mountLine() + ": " + e.getMessage(), inst.notes());
      }
      for (Expectation e : script.expectations()) {
        String actual;
        try {
          actual = inst.run(e.creds(), e.target(), sys -> LineExecutor.run(sys, e.ops())).text();
        } catch (BackendUnavailableException ex) {
          throw ex;
        } catch (RuntimeException ex) {
          actual = "exception " + ex;
        }
        LineResult l = new LineResult(e, actual, e.result().matches(actual));
        lines.add(l);
        onLine.accept(l);
      }
      return new ScriptResult(script, backend.name(), lines, null, null, inst.notes());
    } catch (BackendUnavailableException e) {
      return new ScriptResult(script, backend.name(), List.of(), e.getMessage(), null);
    }
  }
}
