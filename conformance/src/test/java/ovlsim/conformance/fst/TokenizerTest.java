package ovlsim.conformance.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  @Test
  void wordsQuotesAndComments() {
    assertEquals(
        List.of(
            new Token("expect", false),
            new Token("a b", true),
            new Token(":", false),
            new Token(":", true),
            new Token("x#y", false)),
        Tokenizer.split("  expect \"a b\"\t: \":\" x#y   # a comment \"unclosed"));
  }

  @Test
  void escapes() {
    assertEquals(
        List.of(new Token("q\"\\\n\t\0A", true)), Tokenizer.split("\"q\\\"\\\\\\n\\t\\0\\x41\""));
  }

  @Test
  void emptyQuotedStringIsAToken() {
    assertEquals(List.of(new Token("", true)), Tokenizer.split("\"\""));
  }

  @Test
  void quoteRoundTrips() {
    String s = "a \"b\" \\ \n\t\0\u0001z";
    assertEquals(List.of(new Token(s, true)), Tokenizer.split(Tokenizer.quote(s)));
  }

  @Test
  void malformedWords() {
    assertEquals("unterminated quoted string",
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("a \"b c"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("a\"b\""));
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"b\"c"));
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"\\q\""));
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"\\x9z\""));
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"\\xff\""));
  }
}
