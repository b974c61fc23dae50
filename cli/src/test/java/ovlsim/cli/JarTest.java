package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ovlsim.conformance.backend.KernelBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as users run it, in real processes (Maven runs this in the verify phase,
 * after the jar is built): its TAP through {@code prove}; the launcher saying it builds; a
 * terminated run stopping its child JVMs; a killed kernel-backend run cleaned up by the next;
 * runs by a user who cannot write or read where they are pointed.
 */
class JarTest {
  static final Path JAR =
      Path.of(System.getProperty("build.dirname", "target"), "ovlsim.jar").toAbsolutePath();
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String CORPUS = ROOT.resolve("conformance/fst").toString();
  static final Duration LONG = Duration.ofMinutes(3);

  @TempDir Path tmp;

  record Done(int code, String out, String err) {}

  /** A started process whose stdout is read line by line on a thread of its own. */
  static final class Running {
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Running(ProcessBuilder pb) throws IOException {
      process = pb.redirectErrorStream(true).start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String l;
          while ((l = r.readLine()) != null) {
            synchronized (lines) {
              lines.add(l);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process went away
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for a line matching {@code regex}; its match. */
    Matcher await(String regex, Duration timeout) throws InterruptedException {
      Pattern p = Pattern.compile(regex);
      long end = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
              return m;
            }
          }
          long left = end - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
            throw new AssertionError("no line /" + regex + "/ in: " + String.join("\n", lines));
          }
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
        }
      }
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }

  static List<String> ovlsim(String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Done run(Path cwd, Map<String, String> env, List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile("jartest", ".out");
    Path err = Files.createTempFile("jartest", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(LONG.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + ": still running after " + LONG);
    }
    Done d = new Done(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return d;
  }

  static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  static boolean root() throws IOException {
    return Files.readString(Path.of("/proc/self/status")).matches("(?s).*\nUid:\\s+0\\s.*");
  }

  // ------------------------------------------------------------------ TAP and prove

  @Test
  void theCorpusTapPipedIntoProvePasses() throws Exception {
    if (System.getenv("OVLSIM_REQUIRE_PROVE") != null) {
      assertTrue(onPath("prove"), "OVLSIM_REQUIRE_PROVE is set (.ci/run) but prove is not on"
          + " the PATH");
    }
    Assumptions.assumeTrue(onPath("prove"), "prove is not installed (apt-get install perl)");
    // ovlsim fstest conformance/fst | prove -e cat /dev/stdin: prove reads the piped stream
    Done piped = run(tmp, Map.of(), List.of("sh", "-c", String.join(" ", ovlsim("fstest",
        CORPUS)) + " | prove -e cat /dev/stdin"));
    assertEquals(0, piped.code(), piped.out() + piped.err());
    assertTrue(piped.out().contains("All tests successful."), piped.out());
    assertTrue(piped.out().matches("(?s).*Files=1, Tests=\\d{4},.*Result: PASS\n"), piped.out());
    // prove running ovlsim on each script, one TAP stream per file
    List<String> cmd = new ArrayList<>(List.of("prove", "-e", String.join(" ", ovlsim("fstest"))));
    try (Stream<Path> s = Files.list(ROOT.resolve("conformance/fst/seed"))) {
      s.sorted().forEach(f -> cmd.add(f.toString()));
    }
    Done each = run(tmp, Map.of(), cmd);
    assertEquals(0, each.code(), each.out() + each.err());
    assertTrue(each.out().contains("Result: PASS"), each.out());
    // and prove fails a run that fails, naming the failed test point
    Path bad = Files.writeString(tmp.resolve("bad.fst"), "mount\nexpect 0 mkdir a 0755\n"
        + "expect 0 mkdir a 0755\nexpect 0 open /etc/passwd O_RDONLY\n");
    Path good = Files.writeString(tmp.resolve("good.fst"), "mount\nexpect 0 mkdir a 0755\n");
    Done failing = run(tmp, Map.of(), List.of("sh", "-c", String.join(" ", ovlsim("fstest",
        bad.toString(), good.toString())) + " | prove -e cat /dev/stdin"));
    assertFalse(failing.code() == 0, failing.out());
    assertTrue(failing.out().contains("Failed test:  1\n"), failing.out());
    assertTrue(failing.out().contains("Result: FAIL"), failing.out());
  }

  // ------------------------------------------------------------------ the launcher

  @Test
  void theLauncherSaysWhenItBuildsAndHowLongItTakes() throws Exception {
    // A copy of the launcher in a tree of its own, with a mvn that "builds" by copying the jar.
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.copy(ROOT.resolve("ovlsim"), repo.resolve("ovlsim"));
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Path src = Files.createDirectories(repo.resolve("cli/src/main/java"));
    Files.writeString(src.resolve("X.java"), "class X {}\n");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\n"
        + "echo \"mvn $*\" >> \"" + tmp.resolve("mvn.log") + "\"\n"
        + "printf '\\033[0m\\033[0m'\n"
        + "mkdir -p cli/target && cp \"" + JAR + "\" cli/target/ovlsim.jar\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "JAVA", java());
    List<String> cmd = List.of(repo.resolve("ovlsim").toString(), "--version");
    Done first = run(tmp, env, cmd);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().matches("ovlsim \\S+\n"), first.out());
    assertTrue(first.err().startsWith("ovlsim: building cli/target/ovlsim.jar with Maven (not built"
        + " yet; measured on 2 CPUs: about 25 s"), first.err());
    assertTrue(first.err().matches("(?s).*\novlsim: built in \\d+ s\n"), first.err());
    assertFalse(first.err().contains("\033"), "colour codes are stripped: " + first.err());
    assertTrue(Files.readString(tmp.resolve("mvn.log")).contains("-pl cli -am package"));
    Done second = run(tmp, env, cmd);
    assertEquals("", second.err(), "a fresh jar is not built again");
    Files.setLastModifiedTime(src.resolve("X.java"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Done third = run(tmp, env, cmd);
    assertTrue(third.err().startsWith("ovlsim: building cli/target/ovlsim.jar with Maven (older"
        + " than the sources; measured on 2 CPUs: about 15 s) ..."), third.err());
    Files.writeString(mvn, "#!/bin/sh\necho 'BUILD FAILURE' >&2\nexit 1\n");
    Files.setLastModifiedTime(src.resolve("X.java"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 120_000));
    Done failed = run(tmp, env, cmd);
    assertEquals(2, failed.code(), failed.err());
    assertTrue(failed.err().endsWith("BUILD FAILURE\novlsim: the build failed (see above)\n"),
        failed.err());
  }

  // ------------------------------------------------------------------ stopping a race run

  private static List<ProcessHandle> waitForForks(Process ovlsim, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      List<ProcessHandle> all = ovlsim.descendants().toList();
      // the jcstress child and at least one JVM it forked
      if (all.size() >= 2 && all.stream().anyMatch(h -> h.parent()
          .map(p -> p.pid() != ovlsim.pid()).orElse(false))) {
        return all;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("jcstress forked no JVM within " + timeout + ": "
        + ovlsim.descendants().toList());
  }

  private static void assertAllGone(List<ProcessHandle> handles, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && handles.stream().anyMatch(ProcessHandle::isAlive)) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), handles.stream().filter(ProcessHandle::isAlive)
        .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList(),
        "JVMs left running");
  }

  @Test
  void aTerminatedRaceRunStopsJcstressAndItsForks() throws Exception {
    for (boolean kill : new boolean[] {false, true}) {
      Path results = tmp.resolve(kill ? "killed" : "terminated");
      Running r = new Running(new ProcessBuilder(ovlsim("race", "run", "concurrent-copyup",
          "-O", "v6", "--mode", "quick", "--results", results.toString()))
          .directory(tmp.toFile()));
      r.await("^results: " + Pattern.quote(results.toString()) + "$", Duration.ofSeconds(30));
      r.await("progress: started jcstress \\(pid \\d+\\)", Duration.ofSeconds(30));
      List<ProcessHandle> children = waitForForks(r.process, Duration.ofSeconds(90));
      if (kill) {
        r.process.destroyForcibly(); // SIGKILL: no hook runs; the child sees its stdin close
      } else {
        r.process.destroy(); // SIGTERM: the shutdown hook stops the child and its forks
      }
      assertTrue(r.process.waitFor(30, TimeUnit.SECONDS), r.output());
      assertAllGone(children, Duration.ofSeconds(30));
    }
  }

  // ------------------------------------------------------------------ kernel-backend leftovers

  private static final String BLOCKING = """
      lower mkfifo p 0644
      mount
      expect 0 mkdir a 0755
      expect 0 mkdir b 0755
      # blocks: a FIFO without a writer, as on Linux
      expect 0 -l lower open p O_RDONLY
      """;

  private static List<Path> runDirs(Path base) throws IOException {
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(p -> p.getFileName().toString().startsWith("ovlsim-fst-")).toList();
    }
  }

  private static long mountsUnder(Path base) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.contains(" " + base + "/")).count();
  }

  @Test
  void aKilledKernelRunIsCleanedUpByTheNextAndATerminatedOneByItself() throws Exception {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    Path base = Files.createDirectory(tmp.resolve("base"));
    Path script = Files.writeString(tmp.resolve("blocks.fst"), BLOCKING);
    List<String> cmd = new ArrayList<>(List.of(java(),
        "-D" + KernelBackend.TMPDIR_PROPERTY + "=" + base, "-jar", JAR.toString(), "fstest",
        "--against", "kernel", script.toString()));
    // Killed outright: its folder and mounts stay (and its output came line by line).
    Running killed = new Running(new ProcessBuilder(cmd));
    killed.await("^ok 2 - .*mkdir b 0755$", Duration.ofSeconds(60));
    assertEquals(1, runDirs(base).size(), killed.output());
    assertEquals(2, mountsUnder(base), "the run's folder and its overlay");
    killed.process.destroyForcibly();
    assertTrue(killed.process.waitFor(30, TimeUnit.SECONDS));
    Path left = runDirs(base).get(0);
    assertTrue(Files.exists(left.resolve(KernelBackend.PID_FILE)));
    assertEquals(2, mountsUnder(base));
    // The next run finds the dead owner's folder, unmounts and removes it, and says so.
    Path ok = Files.writeString(tmp.resolve("ok.fst"), "mount\nexpect 0 mkdir a 0755\n");
    cmd.set(cmd.size() - 1, ok.toString());
    Done next = run(tmp, Map.of(), cmd);
    assertEquals(0, next.code(), next.out() + next.err());
    assertTrue(next.out().contains("# removed the leftovers of a dead earlier run (pid "
        + killed.process.pid() + "): " + left + " (2 mounts unmounted)\n"), next.out());
    assertEquals(List.of(), runDirs(base));
    assertEquals(0, mountsUnder(base));
    // Terminated (SIGTERM): its shutdown hook unmounts and removes, though a line is blocked.
    cmd.set(cmd.size() - 1, script.toString());
    Running terminated = new Running(new ProcessBuilder(cmd));
    terminated.await("^ok 2 - ", Duration.ofSeconds(60));
    terminated.process.destroy();
    assertTrue(terminated.process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), runDirs(base));
    assertEquals(0, mountsUnder(base));
  }

  // ------------------------------------------------------------------ another user

  /**
   * {@code args} run as a user who owns nothing here: nobody through {@code setpriv} when
   * this is root, else this user in a directory made read-only.
   */
  private Done asUnprivileged(Path cwd, List<String> args) throws Exception {
    if (root()) {
      Assumptions.assumeTrue(onPath("setpriv"), "setpriv (util-linux) is not installed");
      List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
          "--clear-groups"));
      cmd.addAll(args);
      return run(cwd, Map.of("HOME", "/nonexistent"), cmd);
    }
    return run(cwd, Map.of(), args);
  }

  @Test
  void whereTheUserCannotWriteOrReadItIsOneLineAndExitTwo() throws Exception {
    Path locked = Files.createDirectory(tmp.resolve("locked"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (root()) {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    } else {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    Path results = locked.resolve("results");
    for (String[] args : new String[][] {{"demo"}, {"race", "run", "--all"}}) {
      Done d = asUnprivileged(locked, ovlsim(args));
      assertEquals(2, d.code(), String.join(" ", args) + ": " + d.out() + d.err());
      assertEquals("ovlsim " + String.join(" ", args).replace(" --all", "") + ": the results"
          + " folder " + results + ": cannot be created in " + locked + ": permission denied"
          + " (run it where you can write, or choose a folder with --results DIR)\n", d.err());
      assertEquals("", d.out());
    }
    Done lockdep = asUnprivileged(locked, ovlsim("lockdep", "--dot", "g.dot"));
    assertEquals(2, lockdep.code(), lockdep.err());
    assertEquals("ovlsim lockdep: --dot g.dot: cannot create a file in " + locked
        + ": permission denied\n", lockdep.err());
    // Scripts in a directory the user may not read, or not enter.
    Path secret = Files.createDirectory(tmp.resolve("secret"));
    Path inside = Files.writeString(secret.resolve("x.fst"), "mount\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    if (!root()) {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    }
    try {
      Done dir = asUnprivileged(tmp, ovlsim("fstest", secret.toString()));
      assertEquals(2, dir.code(), dir.out() + dir.err());
      assertEquals("ovlsim fstest: " + secret + ": permission denied\n", dir.err());
      Done file = asUnprivileged(tmp, ovlsim("fstest", inside.toString()));
      assertEquals(2, file.code(), file.out() + file.err());
      assertEquals("ovlsim fstest: " + inside + ": permission denied\n", file.err());
    } finally {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
