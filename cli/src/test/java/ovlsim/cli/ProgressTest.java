package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.Race;
import org.junit.jupiter.api.Test;

/** Progress lines of a race run, fed jcstress's events: plain, and on a terminal. */
class ProgressTest {
  private static final Race R = Race.CONCURRENT_COPYUP;

  private static String feed(boolean terminal) {
    StringWriter w = new StringWriter();
    Progress p = new Progress(new PrintWriter(w), terminal, List.of(R),
        List.of(OvlVersion.V6, OvlVersion.V7), Duration.ofSeconds(190));
    p.started(42);
    p.progress(4, 0, Duration.ofSeconds(90));
    p.result(R.resultKey(OvlVersion.V6), "OK");
    p.result(R.resultKey(OvlVersion.V6), "OK");
    p.progress(4, 2, Duration.ofSeconds(45));
    p.result(R.resultKey(OvlVersion.V7), "OK");
    p.result(R.resultKey(OvlVersion.V7), "OK");
    p.end();
    return w.toString();
  }

  @Test
  void plainLinesWhereThereIsNoTerminal() {
    assertEquals("""
        progress: started jcstress (pid 42)
        progress: concurrent-copyup v6 done (2 results); 1 of 2 harness runs done, about 1 min 30 s left
        progress: concurrent-copyup v7 done (2 results); 2 of 2 harness runs done, about 45 s left
        """, feed(false));
  }

  @Test
  void aStatusLineRewrittenInPlaceOnATerminal() {
    String t = feed(true);
    assertTrue(t.contains("\r  [##########----------] 2/4 results | about 45 s left"), t);
    assertTrue(t.contains("progress: concurrent-copyup v7 done (2 results)"), t);
    assertTrue(t.contains("\r  [#####---------------] 1/4 results | concurrent-copyup v6 1/2 |"
        + " about 1 min 30 s left"), t);
    assertTrue(t.endsWith("\r"), "the status line is cleared at the end: " + t);
    assertFalse(t.replace("\r", "").contains("\n\n"), t);
  }

  @Test
  void estimatesAndDurations() {
    assertEquals("45 s", Progress.say(Duration.ofSeconds(45)));
    assertEquals("3 min", Progress.say(Duration.ofMinutes(3)));
    assertEquals("1 h 5 min", Progress.say(Duration.ofMinutes(65)));
    assertEquals(Duration.ofSeconds(10 + 65 * 12), Progress.estimate("quick", 12));
    assertTrue(Progress.estimate("sanity", 12).compareTo(Duration.ofMinutes(2)) < 0);
  }
}
