package ovlsim.conformance.backend;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a kernel-backend run leaves when its JVM dies without running its shutdown hook
 * (SIGKILL, a crash): its {@code ovlsim-fst-*} directories, with the overlay and the bind mount
 * still mounted. Each directory names its owner in {@value KernelBackend#PID_FILE}
 * ({@code PID STARTTIME}, the start time in clock ticks from {@code /proc/PID/stat}, so that a
 * reused pid is not taken for the owner); {@link #cleanup} unmounts and removes the
 * directories whose owner is gone, and leaves every other directory alone.
 */
final class Leftovers {
  private static final int MNT_DETACH = 2;

  private Leftovers() {}

  /** This JVM as the pid file names it: {@code PID STARTTIME}. */
  static String self() {
    long pid = ProcessHandle.current().pid();
    return pid + " " + startTime(pid);
  }

  /** Field 22 of {@code /proc/PID/stat}, or -1 when there is no such process. */
  static long startTime(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // comm (field 2) may hold blanks and parentheses: count from the last ')'.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
      return Long.parseLong(rest[19]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Is the owner the pid file {@code text} names still running? Unreadable: assume so. */
  static boolean ownerAlive(String text) {
    String[] w = text.trim().split(" +");
    try {
      long pid = Long.parseLong(w[0]);
      long start = w.length > 1 ? Long.parseLong(w[1]) : -1;
      long now = startTime(pid);
      return now >= 0 && (start < 0 || now == start);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * Unmounts and removes every {@code ovlsim-fst-*} directory in {@code base} whose owner is
   * gone. Returns one line per directory handled, saying what was done.
   */
  static List<String> cleanup(Path base, LibC libc) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, KernelBackend.PREFIX + "*")) {
      for (Path dir : ds) {
        Path pidFile = dir.resolve(KernelBackend.PID_FILE);
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            || !Files.isRegularFile(pidFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String owner;
        try {
          owner = Files.readString(pidFile).trim();
        } catch (IOException e) {
          continue;
        }
        if (ownerAlive(owner)) {
          continue;
        }
        out.add(clean(dir, owner, libc));
      }
    } catch (IOException e) {
      out.add("cannot look for the leftovers of earlier runs in " + base + ": " + e);
    }
    return out;
  }

  private static String clean(Path dir, String owner, LibC libc) {
    List<Path> mounts = mountsUnder(dir);
    for (Path m : mounts) {
      if (!unmount(libc, m)) {
        return "found the leftovers of a dead earlier run (pid " + owner.split(" ")[0] + ") in "
            + dir + " but cannot unmount " + m + ": " + ErrnoNames.name(Native.getLastError())
            + "; left in place";
      }
    }
    try {
      removeTree(dir);
    } catch (IOException e) {
      return "unmounted the leftovers of a dead earlier run (pid " + owner.split(" ")[0]
          + ") in " + dir + " but cannot remove them: " + e;
    }
    return "removed the leftovers of a dead earlier run (pid " + owner.split(" ")[0] + "): "
        + dir + (mounts.isEmpty() ? "" : " (" + mounts.size() + " mount"
        + (mounts.size() == 1 ? "" : "s") + " unmounted)");
  }

  /** The mount points at or beneath {@code dir} in this process's mount table, deepest first. */
  static List<Path> mountsUnder(Path dir) {
    List<Path> out = new ArrayList<>();
    String d = dir.toAbsolutePath().normalize().toString();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length > 4) {
          String point = unescape(f[4]);
          if (point.equals(d) || point.startsWith(d + "/")) {
            out.add(Path.of(point));
          }
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(Comparator.comparingInt((Path p) -> p.getNameCount()).reversed());
    return out;
  }

  /** A mountinfo field: {@code \\040} and the like back to their characters. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        try {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** {@code umount2(path, 0)}, else lazily ({@code MNT_DETACH}); {@code false} if neither. */
  static boolean unmount(LibC libc, Path path) {
    byte[] m = KernelSys.cstr(path.toString());
    return libc.umount2(m, 0) == 0 || libc.umount2(m, MNT_DETACH) == 0;
  }

  /** Removes {@code dir} and everything in it, following no symlink. Call it with nothing mounted. */
  static void removeTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
