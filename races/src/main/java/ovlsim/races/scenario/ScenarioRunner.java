package ovlsim.races.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.LayerSnapshot;
import ovlsim.conformance.backend.SetupException;
import ovlsim.conformance.backend.Target;
import ovlsim.conformance.fst.LineExecutor;
import ovlsim.conformance.fst.SetupStep;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Cred;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.SchedHook;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.sched.TaskScheduler;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OverlayFsType;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * Runs a {@link Scenario} on model machines. {@link #prepare} runs the setup lines once, as the
 * {@code .fst} model backend does (each layer's lines as root on a scratch upper-fs, read back
 * into a {@link Layer}); {@link #boot} then makes a fresh machine from those layers per run, so
 * a run costs a boot, the tasks and the observations.
 */
public final class ScenarioRunner {
  private final Scenario scenario;
  private final Layer lower;
  private final Layer upper;

  private ScenarioRunner(Scenario scenario, Layer lower, Layer upper) {
    this.scenario = scenario;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * Runs {@code scenario}'s setup lines into its two layers.
   *
   * @throws IllegalArgumentException naming {@code FILE:LINE} when a setup op fails
   */
  public static ScenarioRunner prepare(Scenario scenario) {
    Objects.requireNonNull(scenario);
    return new ScenarioRunner(scenario, layer(scenario, Target.LOWER),
        layer(scenario, Target.UPPER));
  }

  private static Layer layer(Scenario s, Target which) {
    Machine scratch = Machine.builder().staged().boot();
    for (SetupStep step : s.setup()) {
      if (step.layer() != which) {
        continue;
      }
      Task t = scratch.spawnIn("setup", Cred.root(), Machine.UPPER);
      ModelSys sys = ModelSys.of(t);
      sys.umask(step.creds().umask());
      LineExecutor.Result r = LineExecutor.run(sys, step.ops());
      if (r.failed()) {
        throw new IllegalArgumentException(step.line().location() + ": "
            + which.scriptName() + " setup failed: " + r.text());
      }
    }
    try {
      return LayerSnapshot.of(scratch.sys(), Machine.UPPER);
    } catch (SetupException e) {
      throw new IllegalArgumentException(s.file() + ": " + e.getMessage(), e);
    }
  }

  public Scenario scenario() {
    return scenario;
  }

  /** A fresh machine with the scenario's layers, the overlay of {@code version} mounted. */
  public World boot(OvlVersion version) {
    return new World(this, version);
  }

  /**
   * One run's machine: the tasks spawned (in the mount, with their creds), each with its own fd
   * table over all its lines, and the results of the lines that ran.
   */
  public static final class World {
    private final ScenarioRunner runner;
    private final OvlVersion version;
    private final Machine machine;
    private final List<Task> tasks = new ArrayList<>();
    private final List<LineExecutor.Session> sessions = new ArrayList<>();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    /** The tasks killed by a kernel BUG (or a crash of the model): their later lines do not run. */
    private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
    private volatile SchedHook trace;
    /** Where the tasks and the observations of the overlay start: the top level's mount. */
    private final String top;

    private World(ScenarioRunner runner, OvlVersion version) {
      this.runner = runner;
      this.version = Objects.requireNonNull(version);
      Scenario s = runner.scenario;
      Machine.Builder b = Machine.builder().lower(runner.lower).upper(runner.upper)
          .overlayOptions(version.mountOption()).readOnly(s.readOnly());
      if (!s.upperOptions().isEmpty()) {
        b.upperOptions("mode=0755," + s.upperOptions());
      }
      this.machine = b.boot();
      this.top = stack(s, version);
      if (s.coldDcache()) {
        // as after a reboot: the layers' names are on the upper fs, not in its dcache
        for (VfsMount m : Vfs.of(machine.kernel()).mounts()) {
          if (m.mntSb.sType().name().equals(Machine.UPPER_FS)) {
            Dcache.shrinkDcacheParent(m.mntSb.sRoot);
          }
        }
      }
      for (Scenario.TaskDef d : s.tasks()) {
        Task t = spawn(d.name(), d.creds(), top);
        tasks.add(t);
        sessions.add(LineExecutor.session(ModelSys.of(t)));
      }
    }

    /**
     * Mounts the levels of a {@code stack N} line, as root: level K is an overlay on
     * {@code /stackK} over level K-1's mount ({@code /mnt} for level 1) with the upper layer
     * {@code /stackK-upper}, a directory of the root filesystem, the overlay's own version.
     * Each mount's result is the observation {@code stack.K}; a level that fails to mount ends
     * the stack. Returns where the tasks start: the top level that mounted.
     */
    private String stack(Scenario s, OvlVersion v) {
      String below = Machine.MOUNT;
      ModelSys root = machine.sys();
      for (int k = 2; k <= s.stack(); k++) {
        String at = "/stack" + k;
        check(root.mkdir(at, 0755), "mkdir " + at);
        check(root.mkdir(at + "-upper", 0755), "mkdir " + at + "-upper");
        int r = root.mount("overlay" + k, at, OverlayFsType.NAME, 0, "lowerdir=" + below
            + ",upperdir=" + at + "-upper," + v.mountOption());
        results.put(Scenario.stackObservation(k), r < 0 ? Errno.ofResult(r).name() : "0");
        if (r < 0) {
          for (int j = k + 1; j <= s.stack(); j++) {
            results.put(Scenario.stackObservation(j), Scenario.NOT_RUN);
          }
          break;
        }
        below = at;
      }
      return below;
    }

    private static void check(int r, String what) {
      if (r < 0) {
        throw new IllegalStateException(what + ": " + Errno.ofResult(r));
      }
    }

    private Task spawn(String name, Creds c, String dir) {
      Task t = machine.spawnIn(name, Cred.user(c.uid(), c.gid(), c.groups()), dir);
      ModelSys.of(t).umask(c.umask());
      return t;
    }

    public Machine machine() {
      return machine;
    }

    public OvlVersion version() {
      return version;
    }

    /** The tasks, in the scenario's order. */
    public List<Task> tasks() {
      return List.copyOf(tasks);
    }

    /**
     * Tells {@code t} of every line's ops ({@code syscall: TEXT}) and result ({@code = RESULT})
     * as the task that runs it, for timelines and step-by-step reports; null stops it.
     */
    public void trace(SchedHook t) {
      this.trace = t;
    }

    /** Runs every task's {@code before} lines, in file order, one after the other. */
    public void runBefore() {
      List<Scenario.TaskLine> all = new ArrayList<>();
      runner.scenario.tasks().forEach(d -> all.addAll(d.beforeLines()));
      all.sort(Comparator.comparingInt(l -> l.line().number()));
      for (Scenario.TaskLine l : all) {
        int i = runner.scenario.taskIndex(l.id().substring(0, l.id().indexOf('.')));
        if (!runLine(i, l)) {
          break;
        }
      }
    }

    /**
     * Runs task {@code i}'s concurrent lines on the calling thread. A line whose op hits a
     * kernel BUG gives {@value Scenario#OOPS} and kills the task (its later lines do not run);
     * {@link TaskScheduler.Aborted} (a deadlock) passes through.
     */
    public void runTask(int i) {
      for (Scenario.TaskLine l : runner.scenario.tasks().get(i).concurrentLines()) {
        if (!runLine(i, l)) {
          return;
        }
      }
    }

    /** Runs one line; false when the task died on it. */
    private boolean runLine(int i, Scenario.TaskLine l) {
      Task t = tasks.get(i);
      if (dead.contains(i)) {
        return false;
      }
      SchedHook tr = trace;
      if (tr != null) {
        tr.at(t, "syscall: " + l.text());
      }
      String r;
      boolean alive = true;
      try {
        r = sessions.get(i).run(l.ops()).text();
      } catch (KernelBug e) {
        r = Scenario.OOPS;
        alive = false;
      } catch (TaskScheduler.Aborted e) {
        throw e;
      } catch (RuntimeException e) {
        r = "crash:" + e.getClass().getSimpleName();
        alive = false;
      }
      results.put(l.id(), r);
      if (tr != null) {
        tr.at(t, "= " + r);
      }
      if (!alive) {
        dead.add(i);
      }
      return alive;
    }

    /**
     * Every observation of the run: each task line's result ({@value Scenario#NOT_RUN} for a
     * line that did not run), the {@code observe} lines (not run after a deadlock: the dead
     * tasks still hold their locks), and the built-ins {@code warn} and {@code bug} (the
     * functions whose WARN_ON/BUG fired, sorted, joined by ','), {@code lockdep} (the kinds of
     * lockdep's reports) and {@code deadlock} ({@code no}, {@code yes} or {@code stuck}).
     *
     * @param failure the scheduler's deadlock or watchdog report, or null
     */
    public Observations observe(String failure) {
      Scenario s = runner.scenario;
      Map<String, String> obs = new LinkedHashMap<>();
      for (Scenario.TaskDef d : s.tasks()) {
        for (Scenario.TaskLine l : d.lines()) {
          obs.put(l.id(), results.getOrDefault(l.id(), Scenario.NOT_RUN));
        }
      }
      for (Scenario.Observation o : s.observations()) {
        obs.put(o.name(), failure == null ? observeOne(o) : Scenario.NOT_RUN);
      }
      for (int k = 2; k <= s.stack(); k++) {
        obs.put(Scenario.stackObservation(k), results.get(Scenario.stackObservation(k)));
      }
      obs.put("warn", sources(BugLog.Kind.WARNING));
      obs.put("bug", sources(BugLog.Kind.BUG));
      SortedSet<String> kinds = new TreeSet<>();
      for (LockdepReport r : Lockdep.of(machine.kernel()).reports()) {
        kinds.add(r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      obs.put("lockdep", String.join(",", kinds));
      obs.put("deadlock", failure == null ? "no"
          : failure.contains("possible deadlock") ? "yes" : "stuck");
      return new Observations(obs, Lockdep.of(machine.kernel()).reports(),
          machine.kernel().bugLog().entries(), failure);
    }

    private String observeOne(Scenario.Observation o) {
      try {
        if (o.asTask() != null) {
          return sessions.get(runner.scenario.taskIndex(o.asTask())).run(o.ops()).text();
        }
        String dir = switch (o.target()) {
          case UPPER -> Machine.UPPER;
          case LOWER -> Machine.LOWER;
          default -> top;
        };
        Task t = spawn("observe", o.creds(), dir);
        return LineExecutor.run(ModelSys.of(t), o.ops()).text();
      } catch (KernelBug e) {
        return Scenario.OOPS;
      } catch (RuntimeException e) {
        return "crash:" + e.getClass().getSimpleName();
      }
    }

    private String sources(BugLog.Kind kind) {
      SortedSet<String> out = new TreeSet<>();
      for (BugLog.Entry e : machine.kernel().bugLog().entries()) {
        if (e.kind() == kind) {
          String m = e.message();
          int colon = m.indexOf(':');
          out.add(colon > 0 ? m.substring(0, colon) : m);
        }
      }
      return String.join(",", out);
    }
  }

  /**
   * What one run showed: every observation by name, and the reports behind the built-ins.
   *
   * @param values observation name to text, in the scenario's order
   */
  public record Observations(
      Map<String, String> values,
      List<LockdepReport> lockdep,
      List<BugLog.Entry> bugs,
      String failure) {
    public Observations {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      lockdep = List.copyOf(lockdep);
      bugs = List.copyOf(bugs);
    }

    /** The observation {@code name}; every name a scenario's conditions read is present. */
    public String get(String name) {
      String v = values.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no observation " + name);
      }
      return v;
    }

    /** The outcome of these observations under {@code s} on {@code v}. */
    public Scenario.Outcome classify(Scenario s, OvlVersion v) {
      return s.classify(this::get, v);
    }
  }
}
