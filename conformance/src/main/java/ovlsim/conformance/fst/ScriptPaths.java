package ovlsim.conformance.fst;

/**
 * The rule every path of a script obeys, on every backend: it starts in the line's directory
 * (the overlay mount, or a layer with {@code -l} and on setup lines) and stays beneath it. What
 * can be seen in the text is refused here, as a syntax error: an absolute path, a {@code ..}
 * that climbs above the start (counted on the words, {@code a/../..} climbs one above), and a
 * NUL, which the kernel would read as the end of the path. What only the files can tell (a
 * symlink to {@code /etc}, to {@code ../..}) is the kernel backend's to refuse while it
 * resolves ({@code openat2(RESOLVE_BENEATH)}).
 */
public final class ScriptPaths {
  private ScriptPaths() {}

  /**
   * {@code path} if it stays beneath its start.
   *
   * @throws IllegalArgumentException saying why not, fit for a {@link FstSyntaxException}
   */
  public static String check(String path) {
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL (\\0) in the path " + Tokenizer.quote(path)
          + ": the kernel would read the path only up to it");
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("the absolute path " + shown(path) + ": a script's"
          + " paths start in its mount or layer directory and stay beneath it");
    }
    int depth = 0;
    for (String word : path.split("/", -1)) {
      if (word.equals("..")) {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("the path " + shown(path) + " climbs out of the"
              + " directory it starts in (a .. above it): a script's paths stay beneath its"
              + " mount or layer directory");
        }
      } else if (!word.isEmpty() && !word.equals(".")) {
        depth++;
      }
    }
    return path;
  }

  private static String shown(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c == '"' || c == 0x7f) {
        return Tokenizer.quote(path);
      }
    }
    return "'" + path + "'";
  }
}
