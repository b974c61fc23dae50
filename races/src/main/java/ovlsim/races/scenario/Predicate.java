package ovlsim.races.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import ovlsim.conformance.fst.Token;

/**
 * The condition of an {@code outcome ... when} line, over the observations of one schedule
 * (each a string, by name). Atoms compare one observation:
 *
 * <pre>
 * NAME = VALUE     NAME != VALUE     the whole text equals VALUE (or not)
 * NAME ~ REGEX     NAME !~ REGEX     the whole text matches REGEX (or not)
 * NAME has WORD    NAME lacks WORD   WORD is (is not) one of the text's ','-separated items
 * </pre>
 *
 * combined with {@code not}, {@code and}, {@code or} (binding in that order) and parentheses.
 */
public sealed interface Predicate {
  /** Does the condition hold for {@code observations} (name to text)? */
  boolean test(Function<String, String> observations);

  /** The observation names the condition reads, for the parser's check. */
  void names(List<String> out);

  /** One comparison. */
  record Atom(String name, String op, String value, Pattern regex) implements Predicate {
    @Override
    public boolean test(Function<String, String> obs) {
      String v = obs.apply(name);
      return switch (op) {
        case "=" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "~" -> regex.matcher(v).matches();
        case "!~" -> !regex.matcher(v).matches();
        case "has" -> items(v).contains(value);
        case "lacks" -> !items(v).contains(value);
        default -> throw new IllegalStateException(op);
      };
    }

    private static List<String> items(String v) {
      return v.isEmpty() ? List.of() : Arrays.asList(v.split(",", -1));
    }

    @Override
    public void names(List<String> out) {
      out.add(name);
    }
  }

  /** {@code not P}. */
  record Not(Predicate p) implements Predicate {
    @Override
    public boolean test(Function<String, String> obs) {
      return !p.test(obs);
    }

    @Override
    public void names(List<String> out) {
      p.names(out);
    }
  }

  /** {@code P and Q} ({@code and} is true) or {@code P or Q}. */
  record Both(Predicate left, Predicate right, boolean and) implements Predicate {
    @Override
    public boolean test(Function<String, String> obs) {
      return and ? left.test(obs) && right.test(obs) : left.test(obs) || right.test(obs);
    }

    @Override
    public void names(List<String> out) {
      left.names(out);
      right.names(out);
    }
  }

  /**
   * Reads the condition written by {@code tokens}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static Predicate parse(List<Token> tokens) {
    Reader r = new Reader(tokens);
    Predicate p = r.or();
    if (r.i < tokens.size()) {
      throw new IllegalArgumentException("unexpected '" + tokens.get(r.i).source()
          + "' in the condition (an atom is NAME =|!=|~|!~|has|lacks VALUE; join atoms with"
          + " and, or, not and parentheses)");
    }
    return p;
  }

  /** A recursive-descent reader of the condition's words. */
  final class Reader {
    private static final Set<String> OPS = Set.of("=", "!=", "~", "!~", "has", "lacks");
    private final List<Token> t;
    private int i;

    Reader(List<Token> tokens) {
      this.t = new ArrayList<>(tokens);
    }

    private boolean word(String w) {
      if (i < t.size() && !t.get(i).quoted() && t.get(i).text().equals(w)) {
        i++;
        return true;
      }
      return false;
    }

    Predicate or() {
      Predicate p = and();
      while (word("or")) {
        p = new Both(p, and(), false);
      }
      return p;
    }

    Predicate and() {
      Predicate p = not();
      while (word("and")) {
        p = new Both(p, not(), true);
      }
      return p;
    }

    Predicate not() {
      if (word("not")) {
        return new Not(not());
      }
      if (word("(")) {
        Predicate p = or();
        if (!word(")")) {
          throw new IllegalArgumentException("a '(' without its ')' in the condition");
        }
        return p;
      }
      return atom();
    }

    Predicate atom() {
      if (i + 3 > t.size()) {
        throw new IllegalArgumentException(
            i >= t.size() ? "the condition ends where an atom (NAME OP VALUE) should be"
                : "an incomplete atom at '" + t.get(i).source() + "': NAME OP VALUE");
      }
      Token name = t.get(i);
      Token op = t.get(i + 1);
      Token value = t.get(i + 2);
      if (name.quoted() || Set.of("and", "or", "not", "(", ")").contains(name.text())) {
        throw new IllegalArgumentException("an atom begins with an observation's name, not '"
            + name.source() + "'");
      }
      if (op.quoted() || !OPS.contains(op.text())) {
        throw new IllegalArgumentException("unknown comparison '" + op.source() + "' after "
            + name.text() + " (one of = != ~ !~ has lacks)");
      }
      i += 3;
      Pattern regex = null;
      if (op.text().endsWith("~")) {
        try {
          regex = Pattern.compile(value.text());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("'" + value.text()
              + "' is not a valid regular expression: " + e.getDescription());
        }
      }
      return new Atom(name.text(), op.text(), value.text(), regex);
    }
  }
}
