package ovlsim.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code getname()}'s UTF-8 length, counted without encoding, is the encoder's. */
class GetnameLengthTest {
  @Test
  void countsAsTheEncoderDoes() {
    String[] names = {
      "", "a", "/mnt/d/f00001", "caf\u00e9", "\u20ac", "\ud83d\ude00x", "lone\ud800", "\udc00",
      "\ud800\ud800\udc00", "mixed/\u00e9/\u20ac/\ud83d\ude00/\ud800/end",
    };
    for (String s : names) {
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, ModelSys.utf8Length(s, 1 << 20), s);
    }
  }

  @Test
  void stopsAtTheLimit() {
    assertEquals(4096, ModelSys.utf8Length("x".repeat(10_000), 4096));
  }
}
