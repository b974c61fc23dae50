package ovlsim.conformance.fst;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.Target;

/**
 * Reads {@code .fst} scripts (the format is in {@code conformance/README.md}):
 *
 * <pre>
 * lower|upper [-U UMASK] OP ARGS [: OP ARGS]...
 * mount [ro]
 * expect RESULT [-u UID] [-g GID[,GID...]] [-U UMASK] [-l upper|lower] OP ARGS [: OP ARGS]...
 * </pre>
 *
 * Every line it cannot read, and every script without exactly one {@code mount} between its
 * setup and its expectations, is a {@link FstSyntaxException} naming the file and line.
 */
public final class FstParser {
  private FstParser() {}

  /** One line read on its own. */
  public sealed interface Line {}

  /** A blank or comment line. */
  public record Blank() implements Line {}

  /** A {@code lower}/{@code upper} line. */
  public record Setup(SetupStep step) implements Line {}

  /** The {@code mount} line. */
  public record Mount(SourceLine line, boolean readOnly) implements Line {}

  /** An {@code expect} line. */
  public record Expect(Expectation expectation) implements Line {}

  /** Reads the script in {@code file} (UTF-8), named by the path as given. */
  public static Script parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Reads the script {@code text}, named {@code name} in messages. */
  public static Script parse(String name, String text) {
    List<SetupStep> setup = new ArrayList<>();
    List<Expectation> expectations = new ArrayList<>();
    Mount mount = null;
    String[] lines = text.split("\n", -1);
    int lastCode = 0;
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      Line l = parseLine(name, number, lines[i], expectations.size() + 1);
      if (l instanceof Blank) {
        continue;
      }
      lastCode = number;
      if (l instanceof Setup s) {
        if (mount != null) {
          throw new FstSyntaxException(
              name, number, "a setup line after mount (line " + mount.line().number()
                  + "): layers are set up before the overlay is mounted");
        }
        setup.add(s.step());
      } else if (l instanceof Mount m) {
        if (mount != null) {
          throw new FstSyntaxException(
              name, number, "a second mount line (the first is line " + mount.line().number()
                  + ")");
        }
        mount = m;
      } else if (l instanceof Expect e) {
        if (mount == null) {
          throw new FstSyntaxException(
              name, number, "an expect line before mount: add a 'mount' line above it");
        }
        expectations.add(e.expectation());
      }
    }
    if (mount == null) {
      throw new FstSyntaxException(
          name, Math.max(1, lastCode), "no mount line: a script needs 'mount' (or 'mount ro')"
              + " between its setup and its expect lines");
    }
    return new Script(name, setup, mount.line(), mount.readOnly(), expectations);
  }

  /**
   * Reads one line on its own.
   *
   * @param expectationNumber the number an {@code expect} line gets
   * @throws FstSyntaxException naming {@code file:number}
   */
  public static Line parseLine(String file, int number, String text, int expectationNumber) {
    List<Token> tokens;
    try {
      tokens = Tokenizer.split(text);
    } catch (IllegalArgumentException e) {
      throw new FstSyntaxException(file, number, e.getMessage());
    }
    if (tokens.isEmpty()) {
      return new Blank();
    }
    SourceLine where =
        new SourceLine(
            file, number, tokens.stream().map(Token::source).collect(Collectors.joining(" ")));
    try {
      Token head = tokens.get(0);
      if (head.quoted()) {
        throw new IllegalArgumentException(
            "a line begins with lower, upper, mount or expect, not a quoted string");
      }
      return switch (head.text()) {
        case "lower", "upper" -> setup(where, head.text(), tokens.subList(1, tokens.size()));
        case "mount" -> mount(where, tokens.subList(1, tokens.size()));
        case "expect" -> expect(where, tokens.subList(1, tokens.size()), expectationNumber);
        default -> throw new IllegalArgumentException(
            "unknown line '" + head.text() + "': a line begins with lower, upper, mount or"
                + " expect");
      };
    } catch (IllegalArgumentException e) {
      throw new FstSyntaxException(file, number, e.getMessage());
    }
  }

  private static Line mount(SourceLine where, List<Token> rest) {
    if (rest.isEmpty()) {
      return new Mount(where, false);
    }
    if (rest.size() == 1 && !rest.get(0).quoted() && rest.get(0).text().equals("ro")) {
      return new Mount(where, true);
    }
    throw new IllegalArgumentException("mount takes nothing or 'ro', not '"
        + rest.stream().map(Token::source).collect(Collectors.joining(" ")) + "'");
  }

  private static Line setup(SourceLine where, String layer, List<Token> rest) {
    Options o = new Options(rest, Set.of("-U"));
    Creds creds = new Creds(0, 0, new int[0], o.umask);
    List<OpCall> ops = chain(o.remaining, layer + " line");
    return new Setup(
        new SetupStep(where, layer.equals("lower") ? Target.LOWER : Target.UPPER, creds, ops));
  }

  private static Line expect(SourceLine where, List<Token> rest, int number) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("expect needs a RESULT and an op");
    }
    ResultPattern result = ResultPattern.of(rest.get(0));
    Options o = new Options(rest.subList(1, rest.size()), Set.of("-u", "-g", "-U", "-l"));
    Creds creds = new Creds(o.uid, o.gid, o.groups, o.umask);
    List<OpCall> ops = chain(o.remaining, "expect line");
    return new Expect(new Expectation(where, number, result, creds, o.target, ops, null));
  }

  /**
   * The leading options of a line and what follows them, for formats built on this one (the
   * races' scenario files).
   *
   * @param creds {@code -u}, {@code -g}, {@code -U} (root, umask 0, by default)
   * @param target {@code -l upper|lower}, the mount by default
   * @param rest the words after the options
   */
  public record LineOptions(Creds creds, Target target, List<Token> rest) {}

  /**
   * Reads the leading {@code -u -g -U -l} options of {@code tokens}, those of {@code allowed}
   * only.
   *
   * @throws IllegalArgumentException for an unknown, repeated or incomplete option
   */
  public static LineOptions options(List<Token> tokens, Set<String> allowed) {
    Options o = new Options(tokens, allowed);
    return new LineOptions(new Creds(o.uid, o.gid, o.groups, o.umask), o.target, o.remaining);
  }

  /**
   * Reads the {@code :}-chained ops of {@code tokens}, as a line that follows lines of the same
   * process which opened {@code openedBefore} fds (an FD operand may name those).
   *
   * @param what names the line in messages ({@code task line})
   * @throws IllegalArgumentException for an op that does not parse
   */
  public static List<OpCall> ops(List<Token> tokens, int openedBefore, String what) {
    return chain(tokens, openedBefore, what);
  }

  /** The leading {@code -x VALUE} options of a line. */
  private static final class Options {
    int uid;
    int gid;
    int[] groups = new int[0];
    int umask;
    Target target = Target.MOUNT;
    List<Token> remaining;

    Options(List<Token> tokens, Set<String> allowed) {
      Set<String> seen = new HashSet<>();
      int i = 0;
      while (i < tokens.size()) {
        Token t = tokens.get(i);
        if (t.quoted() || !t.text().startsWith("-") || t.text().length() != 2
            || !Character.isLetter(t.text().charAt(1))) {
          break;
        }
        String opt = t.text();
        if (!allowed.contains(opt)) {
          throw new IllegalArgumentException(
              "unknown option " + opt + " here (allowed: "
                  + allowed.stream().sorted().collect(Collectors.joining(" ")) + ")");
        }
        if (!seen.add(opt)) {
          throw new IllegalArgumentException("option " + opt + " given twice");
        }
        if (i + 1 >= tokens.size()) {
          throw new IllegalArgumentException("option " + opt + " needs a value");
        }
        String v = tokens.get(i + 1).text();
        switch (opt) {
          case "-u" -> uid = id(v, "uid");
          case "-g" -> {
            String[] parts = v.split(",", -1);
            groups = new int[parts.length];
            for (int k = 0; k < parts.length; k++) {
              groups[k] = id(parts[k], "gid");
            }
            gid = groups[0];
          }
          case "-U" -> {
            int m = ArgKind.parseInt(v, 8, "umask (octal)");
            if (m < 0 || m > 0777) {
              throw new IllegalArgumentException("umask " + v + " is not within 0 and 0777");
            }
            umask = m;
          }
          case "-l" -> target = switch (v) {
            case "upper" -> Target.UPPER;
            case "lower" -> Target.LOWER;
            default -> throw new IllegalArgumentException(
                "-l takes upper or lower, not '" + v + "'");
          };
          default -> throw new IllegalStateException(opt);
        }
        i += 2;
      }
      remaining = tokens.subList(i, tokens.size());
    }

    private static int id(String v, String what) {
      int id = ArgKind.parseInt(v, 10, what);
      if (id < 0) {
        throw new IllegalArgumentException(what + " " + v + " is negative");
      }
      return id;
    }
  }

  /** The {@code :}-separated ops of {@code tokens}. */
  private static List<OpCall> chain(List<Token> tokens, String what) {
    return chain(tokens, 0, what);
  }

  private static List<OpCall> chain(List<Token> tokens, int openedBefore, String what) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(what + " has no op");
    }
    List<OpCall> ops = new ArrayList<>();
    List<Token> cur = new ArrayList<>();
    int opened = openedBefore;
    for (int i = 0; i <= tokens.size(); i++) {
      if (i == tokens.size() || tokens.get(i).isSeparator()) {
        if (cur.isEmpty()) {
          throw new IllegalArgumentException("an empty op around ':'");
        }
        OpCall op = op(cur, opened, ops.size() + 1);
        if (op.kind().opensFd()) {
          opened++;
        }
        ops.add(op);
        cur = new ArrayList<>();
      } else {
        cur.add(tokens.get(i));
      }
    }
    return ops;
  }

  private static OpCall op(List<Token> words, int opened, int position) {
    Token name = words.get(0);
    OpKind kind = name.quoted() ? null : OpKind.byName(name.text());
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown op '" + name.text() + "' (known: " + OpKind.allNames() + ")");
    }
    List<Token> operands = words.subList(1, words.size());
    int min = kind.required().size();
    int max = min + kind.optional().size();
    if (operands.size() < min || operands.size() > max) {
      throw new IllegalArgumentException(
          kind.usage() + ": got " + operands.size() + " operand"
              + (operands.size() == 1 ? "" : "s"));
    }
    List<Object> args = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      ArgKind ak = i < min ? kind.required().get(i) : kind.optional().get(i - min);
      Object v;
      try {
        v = ak.parse(operands.get(i).text());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(kind.opName() + ": " + e.getMessage());
      }
      if (ak == ArgKind.FD && (Integer) v >= opened) {
        throw new IllegalArgumentException(
            kind.opName() + ": fd " + v + " was never opened on this line ("
                + (opened == 0 ? "no open before op " + position
                    : "only " + opened + " open" + (opened == 1 ? "" : "s") + " before it,"
                        + " numbered from 0")
                + ")");
      }
      args.add(v);
    }
    if (kind == OpKind.OPEN) {
      boolean creat = ((Integer) args.get(1) & OpenFlags.O_CREAT) != 0;
      if (creat && args.size() < 3) {
        throw new IllegalArgumentException("open: O_CREAT needs a MODE");
      }
      if (!creat && args.size() == 3) {
        throw new IllegalArgumentException("open: a MODE is only used with O_CREAT");
      }
    }
    return new OpCall(kind, args, operands);
  }
}
