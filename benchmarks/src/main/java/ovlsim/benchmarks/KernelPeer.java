package ovlsim.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kernel peer: {@code kpeer.c} (a resource of this module) compiled with gcc and run as
 * root, measuring the benchmarks' shapes through the running kernel's overlayfs and on plain
 * tmpfs: cached stat of the three 6-component paths and of a tmpfs path, copy-up of a 64 MiB
 * file, the two merged readdirs and their flat peers, and slab bytes per fresh overlay lookup
 * ({@code /proc/slabinfo}: active objects times object size, over every cache). The program
 * mounts only under a fresh {@code mkdtemp()} directory and unmounts in every exit path.
 *
 * <p>Where the machine does not allow it (not Linux, not root, no overlayfs, no C compiler
 * and no way to install one) it reports why instead. A missing gcc is installed with
 * {@code apt-get install -y gcc} when apt-get is there and we are root, saying so.
 */
final class KernelPeer {
  private KernelPeer() {}

  /** How much the peer measures: one round (the build's setup test), a short run, the default. */
  enum Length {
    ONCE("once"),
    QUICK("quick"),
    FULL("full");

    final String arg;

    Length(String arg) {
      this.arg = arg;
    }
  }

  /** The peer's figures by key (ns per operation, bytes per lookup), or why it was skipped. */
  record Result(Map<String, Double> figures, String skipped) {
    static Result skip(String reason) {
      return new Result(Map.of(), reason);
    }

    Double get(String key) {
      return figures.get(key);
    }
  }

  /** Why the kernel peer cannot run here, or {@code null} when it can (gcc aside). */
  static String whyNot() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return "not Linux";
    }
    try {
      String status = Files.readString(Path.of("/proc/self/status"));
      if (!status.matches("(?s).*\\nUid:\\s+\\d+\\s+0\\s.*")) {
        return "not root (mounting tmpfs and overlay needs CAP_SYS_ADMIN)";
      }
      String fss = Files.readString(Path.of("/proc/filesystems"));
      if (!fss.matches("(?s).*\\boverlay\\b.*")) {
        return "the kernel has no overlay filesystem in /proc/filesystems";
      }
      if (!Files.isReadable(Path.of("/proc/slabinfo"))) {
        return "/proc/slabinfo is not readable";
      }
    } catch (IOException e) {
      return "cannot read /proc: " + e.getMessage();
    }
    return null;
  }

  /** Runs the peer, or says why not. */
  static Result run(Length length) {
    String why = whyNot();
    if (why != null) {
      return Result.skip(why);
    }
    Path dir = null;
    try {
      String gcc = findGcc();
      if (gcc == null) {
        return Result.skip("no gcc on PATH, and apt-get could not install it");
      }
      dir = Files.createTempDirectory("ovlsim-kpeer-build");
      Path src = dir.resolve("kpeer.c");
      try (InputStream in = KernelPeer.class.getResourceAsStream("kpeer.c")) {
        if (in == null) {
          return Result.skip("kpeer.c is missing from the benchmarks jar");
        }
        Files.copy(in, src);
      }
      Path exe = dir.resolve("kpeer");
      Exec cc = exec(List.of(gcc, "-O2", "-o", exe.toString(), src.toString()), 120);
      if (cc.code != 0) {
        return Result.skip("gcc failed: " + cc.output.strip());
      }
      Exec peer = exec(List.of(exe.toString(), length.arg), 600);
      Map<String, Double> figures = new LinkedHashMap<>();
      boolean done = false;
      for (String line : peer.output.split("\n")) {
        if (line.startsWith("skip ")) {
          return Result.skip(line.substring(5));
        }
        if (line.equals("done")) {
          done = true;
          continue;
        }
        String[] kv = line.trim().split(" ");
        if (kv.length == 2) {
          try {
            figures.put(kv[0], Double.parseDouble(kv[1]));
          } catch (NumberFormatException e) {
            // not a figure: left out
          }
        }
      }
      if (!done || peer.code != 0) {
        return Result.skip("the peer stopped (exit " + peer.code + "): " + peer.output.strip());
      }
      return new Result(figures, null);
    } catch (IOException e) {
      return Result.skip(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.skip("interrupted");
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static String findGcc() throws IOException, InterruptedException {
    for (String tries : new String[] {"first", "after apt-get"}) {
      for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
        for (String name : new String[] {"gcc", "cc"}) {
          Path p = Path.of(d, name);
          if (Files.isExecutable(p)) {
            return p.toString();
          }
        }
      }
      if (tries.equals("first")) {
        Path apt = Path.of("/usr/bin/apt-get");
        if (!Files.isExecutable(apt)) {
          return null;
        }
        System.out.println("kernel peer: no gcc on PATH; running apt-get install -y gcc");
        Exec e = exec(List.of(apt.toString(), "install", "-y", "-q", "gcc"), 600);
        if (e.code != 0) {
          System.out.println("kernel peer: apt-get install -y gcc failed: " + e.output.strip());
          return null;
        }
      }
    }
    return null;
  }

  private record Exec(int code, String output) {}

  private static Exec exec(List<String> cmd, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroy();
      return new Exec(-1, "timed out after " + timeoutSeconds + " s");
    }
    return new Exec(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind: nothing else to do
    }
  }
}
