package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.AlViroReplay;
import org.junit.jupiter.api.Test;

/**
 * The README says what each version's demo shows: for every {@link OvlVersion}, its bullet in
 * the demo's list names the outcome the deterministic replay really ends with. A version added
 * without its bullet, or a fix that changes an outcome, fails here until the README says so.
 */
class ReadmeTest {
  @Test
  void theDemoOfEveryVersionIsDescribedTruthfully() throws IOException, InterruptedException {
    String readme = Files.readString(Path.of("../README.md"));
    for (OvlVersion v : OvlVersion.values()) {
      String outcome = AlViroReplay.replay(v).outcome();
      Matcher m = Pattern.compile("(?s)\n- \\*\\*" + Pattern.quote(v.optionName())
          + "\\*\\*(.*?)(?=\n- \\*\\*|\n\n)").matcher(readme);
      assertTrue(m.find(), "the README's demo list has no bullet for " + v.optionName());
      String bullet = m.group(1).replaceAll("\\s+", " ");
      assertTrue(bullet.contains("(outcome `" + outcome + "`)"), v.optionName()
          + "'s demo ends " + outcome + ", the README says: " + bullet);
    }
  }
}
