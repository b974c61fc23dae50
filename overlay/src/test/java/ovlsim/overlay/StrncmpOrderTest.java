package ovlsim.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merged readdir's name order, read off the chars, is the order of the UTF-8 bytes. */
class StrncmpOrderTest {
  private static final char[] ALPHABET = {
    'a', 'b', 'z', '0', '.', '~', '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u20ac',
    '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff',
  };

  @Test
  void agreesWithTheBytesOnRandomNames() {
    Random r = new Random(15);
    for (int i = 0; i < 200_000; i++) {
      String a = name(r);
      String b = r.nextInt(4) == 0 ? a + name(r) : name(r);
      int bytes = Integer.signum(Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      assertEquals(bytes, Integer.signum(OvlReaddir.STRNCMP_ORDER.compare(a, b)), a + " vs " + b);
      assertEquals(-bytes, Integer.signum(OvlReaddir.STRNCMP_ORDER.compare(b, a)), b + " vs " + a);
    }
  }

  private static String name(Random r) {
    char[] c = new char[r.nextInt(5)];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }
}
