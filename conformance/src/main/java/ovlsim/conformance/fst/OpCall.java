package ovlsim.conformance.fst;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One op of a line with its operands already read: {@code args.get(i)} is a {@code String},
 * {@code Integer}, {@code Long} or {@code List} of fields, as its {@link ArgKind} says.
 *
 * @param kind the op
 * @param args the operands' values
 * @param words the operands as written, for messages
 */
public record OpCall(OpKind kind, List<Object> args, List<Token> words) {
  public OpCall {
    args = List.copyOf(args);
    words = List.copyOf(words);
  }

  String str(int i) {
    return (String) args.get(i);
  }

  int integer(int i) {
    return (Integer) args.get(i);
  }

  long number(int i) {
    return (Long) args.get(i);
  }

  boolean has(int i) {
    return i < args.size();
  }

  @SuppressWarnings("unchecked")
  <T> List<T> list(int i) {
    return (List<T>) args.get(i);
  }

  @Override
  public String toString() {
    return kind.opName()
        + words.stream().map(t -> " " + t.source()).collect(Collectors.joining());
  }
}
