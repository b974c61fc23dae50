package ovlsim.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.Script;

/** Finds and reads {@code .fst} scripts named on a command line or by a test. */
public final class Scripts {
  private Scripts() {}

  /** A user mistake in naming scripts: a missing path, a directory without scripts. */
  public static final class BadPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPathException(String message) {
      super(message);
    }
  }

  /**
   * The script files {@code paths} name: a file as it is, a directory as every {@code *.fst}
   * below it, sorted by path.
   *
   * @throws BadPathException for a path that does not exist or a directory without scripts
   */
  public static List<Path> find(List<Path> paths) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          List<Path> found =
              s.filter(f -> f.toString().endsWith(".fst") && Files.isRegularFile(f))
                  .sorted()
                  .toList();
          if (found.isEmpty()) {
            throw new BadPathException("no .fst scripts under " + p);
          }
          out.addAll(found);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new BadPathException("no such file or directory: " + p);
      }
    }
    return out;
  }

  /** Every script parsed, and every syntax error (file:line: message) of those that were not. */
  public record Parsed(List<Script> scripts, List<String> errors) {}

  /** Parses every file; collects the errors rather than stopping at the first. */
  public static Parsed parse(List<Path> files) {
    List<Script> scripts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Path f : files) {
      try {
        scripts.add(FstParser.parse(f));
      } catch (FstSyntaxException e) {
        errors.add(e.getMessage());
      } catch (UncheckedIOException e) {
        errors.add(e.getMessage());
      }
    }
    return new Parsed(scripts, errors);
  }
}
