package ovlsim.conformance.fst;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits one script line into {@link Token}s: words separated by blanks; a word that begins
 * with {@code "} runs to the matching {@code "} and may hold blanks and the escapes
 * {@code \" \\ \n \t \0 \xHH}; a {@code #} at the start of a word begins a comment that runs to
 * the end of the line.
 */
public final class Tokenizer {
  private Tokenizer() {}

  /**
   * The tokens of {@code line}.
   *
   * @throws IllegalArgumentException with a message fit for a {@link FstSyntaxException}
   */
  public static List<Token> split(String line) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < n) {
          char d = line.charAt(j);
          if (d == '"') {
            closed = true;
            j++;
            break;
          }
          if (d == '\\') {
            if (j + 1 >= n) {
              throw new IllegalArgumentException("a \\ at the end of the line");
            }
            char e = line.charAt(j + 1);
            switch (e) {
              case '"', '\\' -> sb.append(e);
              case 'n' -> sb.append('\n');
              case 't' -> sb.append('\t');
              case '0' -> sb.append('\0');
              case 'x' -> {
                String hex = line.substring(j + 2, Math.min(n, j + 4));
                if (hex.length() != 2 || !isHex(hex) || Character.digit(hex.charAt(0), 16) > 7) {
                  throw new IllegalArgumentException(
                      "\\x needs two hex digits of an ASCII character (00 to 7f), got '"
                          + hex + "'");
                }
                sb.append((char) HexFormat.fromHexDigits(hex));
                j += 2;
              }
              default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
            j += 2;
            continue;
          }
          sb.append(d);
          j++;
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated quoted string");
        }
        if (j < n && !isBlank(line.charAt(j))) {
          throw new IllegalArgumentException(
              "a quoted string must end the word (found '" + line.charAt(j) + "' after it)");
        }
        out.add(new Token(sb.toString(), true));
        i = j;
        continue;
      }
      int j = i;
      while (j < n && !isBlank(line.charAt(j))) {
        if (line.charAt(j) == '"') {
          throw new IllegalArgumentException(
              "a \" inside a word: quote the whole word (" + line.substring(i, j + 1) + "...)");
        }
        j++;
      }
      out.add(new Token(line.substring(i, j), false));
      i = j;
    }
    return out;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  private static boolean isHex(String s) {
    for (int k = 0; k < s.length(); k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code s} in double quotes, escaped so that {@link #split} reads it back. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\0' -> sb.append("\\0");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
