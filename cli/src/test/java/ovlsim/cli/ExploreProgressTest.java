package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import ovlsim.races.explore.Explorer;
import org.junit.jupiter.api.Test;

/** The explorer's progress lines: their words, plain and on a terminal. */
class ExploreProgressTest {
  @Test
  void aLineSaysTheBoundTheRateAndWhatIsLeft() {
    ExploreProgress p = new ExploreProgress(new PrintWriter(new StringWriter()), false);
    p.begin("copyup-vs-rename-unlink v6");
    // bound 2 under way: 100 schedules of bound 1 with 6 choices each make about 300 at bound 2
    Explorer.Status s = new Explorer.Status(400, 2, 100, 100, 6.0);
    assertEquals(300, s.estimateAtK());
    assertEquals("copyup-vs-rename-unlink v6: bound 2, 400 schedules (200/s), about 200 more at"
        + " this bound, about 1 s left", p.line(s, 2_000_000_000L));
  }

  @Test
  void plainLinesElsewhereAndOneStatusLineThatGoesOnATerminal() {
    StringWriter plain = new StringWriter();
    ExploreProgress p = new ExploreProgress(new PrintWriter(plain), false, Duration.ZERO);
    p.begin("s v6");
    p.explored(new Explorer.Status(1, 0, 1, 0, 0));
    p.explored(new Explorer.Status(2, 0, 2, 0, 0));
    p.end();
    assertEquals(2, plain.toString().lines().count(), plain.toString());
    assertTrue(plain.toString().lines().allMatch(l -> l.startsWith("progress: s v6: bound 0, ")),
        plain.toString());

    StringWriter tty = new StringWriter();
    ExploreProgress t = new ExploreProgress(new PrintWriter(tty), true, Duration.ZERO);
    t.begin("s v6");
    t.explored(new Explorer.Status(1, 0, 1, 0, 0));
    t.end();
    String out = tty.toString();
    assertTrue(out.startsWith("\rs v6: bound 0, 1 schedules"), out);
    assertTrue(out.endsWith("\r"), "the status line is cleared: " + out);
    assertEquals(-1, out.indexOf('\n'), out);
  }
}
