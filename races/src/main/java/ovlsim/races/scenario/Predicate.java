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
 * An unquoted VALUE or WORD {@code $OTHER} stands for the observation OTHER's text.
 *
 * combined with {@code not}, {@code and}, {@code or} (binding in that order) and parentheses.
 */
public sealed interface Predicate {
  /** Does the condition hold for {@code observations} (name to text)? */
  boolean test(Function<String, String> observations);

  /** The observation names the condition reads, for the parser's check. */
  void names(List<String> out);

  /** One comparison. */
  record Atom(String name, String op, String value, Pattern regex, boolean reference)
      implements Predicate {
    @Override
    public boolean test(Function<String, String> obs) {
      String v = obs.apply(name);
      String value = reference ? obs.apply(this.value) : this.value;
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
      if (reference) {
        out.add(value);
      }
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
      splitOpening();
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

    /** A word {@code (NAME} where a condition starts reads as {@code (} then {@code NAME}. */
    private void splitOpening() {
      if (i < t.size() && !t.get(i).quoted() && t.get(i).text().length() > 1
          && t.get(i).text().startsWith("(")) {
        t.set(i, new Token(t.get(i).text().substring(1), false));
        t.add(i, new Token("(", false));
      }
    }

    /**
     * A value that closes more parentheses than it opens ({@code 0)}, {@code .+))}) gives the
     * extra ones back to the condition; a regex's own balanced groups stay.
     */
    private Token splitClosing(Token value) {
      if (value.quoted()) {
        return value;
      }
      String v = value.text();
      int extra = (int) (v.chars().filter(c -> c == ')').count()
          - v.chars().filter(c -> c == '(').count());
      int k = 0;
      while (k < extra && v.endsWith(")") && v.length() > 1) {
        v = v.substring(0, v.length() - 1);
        t.add(i, new Token(")", false));
        k++;
      }
      return new Token(v, false);
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
      value = splitClosing(value);
      Pattern regex = null;
      if (op.text().endsWith("~")) {
        try {
          regex = Pattern.compile(value.text());
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("'" + value.text()
              + "' is not a valid regular expression: " + e.getDescription());
        }
      }
      boolean ref = !value.quoted() && value.text().startsWith("$") && value.text().length() > 1;
      if (ref && regex != null) {
        throw new IllegalArgumentException("~ and !~ take a regular expression, not another"
            + " observation (" + value.text() + ")");
      }
      return new Atom(name.text(), op.text(), ref ? value.text().substring(1) : value.text(),
          regex, ref);
    }
  }
}
