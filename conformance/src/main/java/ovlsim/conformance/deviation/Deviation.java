package ovlsim.conformance.deviation;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.lang3.Validate;

/**
 * One declared deviation: a place where the 2011 overlay semantics the model follows differ on
 * purpose from the running kernel's overlayfs ({@code kernel:} entries, applied by kernel runs),
 * or where some versions of the series differ from what the corpus line says ({@code model:}
 * entries with {@code versions:}, applied by model runs of those versions).
 *
 * @param id a short unique name ({@code whiteout-format})
 * @param match a regex that must match a whole script line, as {@code SourceLine.code()} writes
 *     it (words joined by single blanks, comment dropped)
 * @param files a glob the script's file name must match ({@code *} for every script)
 * @param action what a kernel run does with a matching line
 * @param reason why the semantics differ, for people
 * @param declaredAt {@code FILE:LINE} of the entry in the deviations file
 * @param model {@code true} for a {@code model:} entry (model runs apply it), {@code false} for
 *     a {@code kernel:} one
 * @param versions the overlay versions ({@code v6}, {@code v7-fix}, ...) a {@code model:} entry
 *     applies to; empty for a {@code kernel:} entry
 */
public record Deviation(
    String id, Pattern match, String files, Action action, String reason, String declaredAt,
    boolean model, java.util.Set<String> versions) {
  public Deviation {
    Validate.notBlank(id, "deviation without id");
    Validate.notNull(match, "deviation %s without match", id);
    Validate.notNull(action, "deviation %s without kernel action", id);
    Validate.notBlank(reason, "deviation %s without reason", id);
    versions = java.util.Set.copyOf(versions);
    Validate.isTrue(model != versions.isEmpty(), "deviation %s: versions: goes with model:", id);
  }

  /** What the kernel runs instead of a matching line. */
  public sealed interface Action {}

  /** The kernel runs the expect line unchanged but with this RESULT. */
  public record Expect(String result) implements Action {}

  /**
   * The kernel runs this line instead ({@code $1}... are the match's groups); it must be the
   * same kind of line (setup or expect).
   */
  public record Line(String template) implements Action {}

  /** The kernel does not run this setup line at all. */
  public record Skip() implements Action {}

  /** The match of this entry on a line of {@code file}, or {@code null}. */
  Matcher matcher(String file, String code) {
    if (!files.equals("*")) {
      PathMatcher pm = FileSystems.getDefault().getPathMatcher("glob:" + files);
      Path p = Path.of(file);
      if (!pm.matches(p) && (p.getFileName() == null || !pm.matches(p.getFileName()))) {
        return null;
      }
    }
    Matcher m = match.matcher(code);
    return m.matches() ? m : null;
  }
}
