package ovlsim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The checks a command makes on the paths it will write, before any work starts, so that a
 * path it cannot write is one line and exit {@link Main#USAGE} rather than a stack trace after
 * the work: an output file ({@code --dot}) and a run's results folder ({@code --results}).
 */
final class Outputs {
  private Outputs() {}

  /**
   * Checks that {@code file} (given with {@code option}) can be written: not empty, not a
   * directory, in a directory that exists and can be written; if it exists, a regular file
   * that can be written. A file that does not exist is created and removed again, so that
   * what only the filesystem knows (a name too long, a read-only mount) shows now.
   *
   * @throws UsageException saying which check failed
   */
  static void checkWritableFile(String option, String file) {
    if (file == null || file.isEmpty()) {
      throw new UsageException(option + ": an empty path names no file");
    }
    Path p = path(option, file);
    if (Files.isDirectory(p)) {
      throw new UsageException(option + " " + file + ": is a directory (name a file in it)");
    }
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
      if (!Files.isRegularFile(p)) {
        throw new UsageException(option + " " + file + ": not a regular file");
      }
      if (!Files.isWritable(p)) {
        throw new UsageException(option + " " + file + ": permission denied");
      }
      return;
    }
    Path parent = p.toAbsolutePath().getParent();
    if (parent == null || !Files.exists(parent)) {
      throw new UsageException(option + " " + file + ": no such directory: " + parent);
    }
    if (!Files.isDirectory(parent)) {
      throw new UsageException(option + " " + file + ": not a directory: " + parent);
    }
    if (!Files.isWritable(parent)) {
      throw new UsageException(option + " " + file + ": cannot create a file in " + parent
          + ": permission denied");
    }
    try {
      Files.createFile(p);
      Files.delete(p);
    } catch (IOException e) {
      throw new UsageException(option + " " + shown(file) + ": cannot create this file: "
          + reason(e));
    }
  }

  /** A path for a message: a long one cut short. */
  private static String shown(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /**
   * Checks, creating nothing, that {@link #resultsFolder} can make the run's folder: {@code
   * chosen} (or {@code ./results} when {@code null}) is an empty (for {@code chosen}) directory
   * that can be written, or does not exist and its nearest existing ancestor is a directory
   * that can be written.
   *
   * @throws UsageException saying why not
   */
  static void checkResults(String chosen) {
    if (chosen != null && chosen.isEmpty()) {
      throw new UsageException("--results: an empty path names no folder");
    }
    Path p = (chosen == null ? Path.of("results") : path("--results", chosen)).toAbsolutePath();
    String what = chosen == null ? "the results folder " + p : "--results " + chosen;
    String hint = chosen == null ? " (run it where you can write, or choose a folder with"
        + " --results DIR)" : "";
    if (Files.exists(p)) {
      if (!Files.isDirectory(p)) {
        throw new UsageException(what + ": not a directory" + hint);
      }
      if (chosen != null) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            throw new UsageException(what + ": not empty (each run needs a folder of its own;"
                + " name a new one)");
          }
        } catch (IOException e) {
          throw new UsageException(what + ": " + reason(e));
        }
      }
      if (!Files.isWritable(p)) {
        throw new UsageException(what + ": permission denied" + hint);
      }
      return;
    }
    Path a = p.getParent();
    while (a != null && !Files.exists(a)) {
      a = a.getParent();
    }
    if (a == null || !Files.isDirectory(a)) {
      throw new UsageException(what + ": cannot be created (" + a + " is not a directory)"
          + hint);
    }
    if (!Files.isWritable(a)) {
      throw new UsageException(what + ": cannot be created in " + a + ": permission denied"
          + hint);
    }
  }

  /**
   * The folder of a run, created now: {@code chosen} if given (it must not exist yet, or be an
   * empty directory), else a fresh one under {@code ./results} named by the time, with a
   * suffix when another run took that name in the same second.
   *
   * @param prefix the name's prefix: {@code race}, {@code demo}
   * @throws UsageException when the folder cannot be made
   */
  static Path resultsFolder(String chosen, String prefix) {
    if (chosen != null) {
      if (chosen.isEmpty()) {
        throw new UsageException("--results: an empty path names no folder");
      }
      Path p = path("--results", chosen).toAbsolutePath();
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            throw new UsageException("--results " + chosen + ": not empty (each run needs a"
                + " folder of its own; name a new one)");
          }
        } catch (IOException e) {
          throw new UsageException("--results " + chosen + ": " + reason(e));
        }
        checkWritableDir("--results " + chosen, p);
        return p;
      }
      try {
        Files.createDirectories(p);
      } catch (IOException e) {
        throw new UsageException("--results " + chosen + ": cannot create this folder: "
            + reason(e));
      }
      return p;
    }
    return freshFolderIn(Path.of("results").toAbsolutePath(), prefix);
  }

  /**
   * A new folder in {@code root} (made if need be) named {@code PREFIX-YYYYMMDD-HHMMSS}, or
   * with {@code -2}, {@code -3}, ... when a run in the same second took the name.
   */
  static Path freshFolderIn(Path root, String prefix) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UsageException("cannot create the results folder " + root + ": " + reason(e)
          + " (run it where you can write, or choose a folder with --results DIR)");
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    for (int i = 1; ; i++) {
      Path p = root.resolve(prefix + "-" + stamp + (i == 1 ? "" : "-" + i));
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        // another run in the same second: take the next name
      } catch (IOException e) {
        throw new UsageException("cannot create the results folder " + p + ": " + reason(e)
            + " (run it where you can write, or choose a folder with --results DIR)");
      }
    }
  }

  /** {@code value} as a path; one that cannot be (a NUL in it) is a usage error. */
  static Path path(String option, String value) {
    try {
      return Path.of(value);
    } catch (RuntimeException e) {
      throw new UsageException(option + " " + Main.oneLine(value.replace("\0", "\\0"))
          + ": not a valid path (" + e.getMessage().replace("\0", "\\0") + ")");
    }
  }

  private static void checkWritableDir(String what, Path dir) {
    try {
      Path probe = Files.createTempFile(dir, ".ovlsim-write-check", "");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UsageException(what + ": cannot write in this folder: " + reason(e));
    }
  }

  /** An I/O failure in the user's words. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name exists";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(e.getMessage());
  }
}
