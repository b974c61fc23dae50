package ovlsim.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.results.L_Result;
import org.openjdk.jcstress.infra.runners.TestList;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioParser;

/** The shipped scenario files, the race catalogue and the jcstress harnesses agree. */
class CatalogueTest {
  @Test
  void everyShippedFileIsARaceAndEveryRaceHasItsFile() throws IOException {
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
      s.forEach(p -> files.add(p.getFileName().toString()));
    }
    TreeSet<String> races = new TreeSet<>();
    Arrays.stream(Race.values()).forEach(r -> races.add(r.scenario() + ScenarioParser.SUFFIX));
    assertEquals(races, files);
    for (Race r : Race.values()) {
      assertTrue(Catalogue.has(r.scenario()), r + " is on the class path");
      assertEquals(r.scenario(), Catalogue.scenario(r.scenario()).name());
      assertTrue(!Catalogue.scenario(r.scenario()).about().isEmpty(), r + " says what it shows");
      for (Scenario.OutcomeClass c : r.definition().outcomes()) {
        assertFalse(c.meaning().isEmpty(), r + "'s outcome " + c.name() + " has no means line");
      }
    }
  }

  @Test
  void everyHarnessIsInJcstressTestListAndGradesByTheStatePrefix() {
    for (Race race : Race.withHarness()) {
      TestInfo info = TestList.getInfo(race.testName());
      assertNotNull(info, race.testName() + " is not in META-INF/TestList");
      assertEquals(Expect.ACCEPTABLE, RaceResults.caseFor(info, "acceptable clean").expect());
      assertEquals(Expect.ACCEPTABLE_INTERESTING,
          RaceResults.caseFor(info, "interesting resurrected+warn").expect());
      assertEquals(Expect.FORBIDDEN, RaceResults.caseFor(info, "forbidden unclassified").expect());
    }
  }

  @Test
  void theHeadlineBugIsReadFromTheOutcomeName() {
    assertTrue(Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome("interesting resurrected+warn"));
    assertTrue(Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome("forbidden warn"));
    assertTrue(!Race.COPYUP_VS_RENAME_UNLINK.isBadOutcome("interesting oops+whiteout-lost"));
    assertTrue(Race.RO_RW_INCONSISTENCY.isBadOutcome("interesting old-after-write"));
  }

  @Test
  void aJcstressSampleRunsTheScenarioFileOnTheVersionOfItsJvm() {
    String before = System.getProperty(ScenarioSample.VERSION_PROPERTY);
    CopyUpVsRenameUnlink sample;
    try {
      System.clearProperty(ScenarioSample.VERSION_PROPERTY);
      IllegalStateException none = assertThrows(IllegalStateException.class,
          CopyUpVsRenameUnlink::new);
      assertTrue(none.getMessage().contains("-Dovlsim.ovl-version="), none.getMessage());
      System.setProperty(ScenarioSample.VERSION_PROPERTY, "v8");
      IllegalStateException bad = assertThrows(IllegalStateException.class,
          CopyUpVsRenameUnlink::new);
      assertTrue(bad.getMessage().contains("unknown overlay version 'v8'"), bad.getMessage());
      System.setProperty(ScenarioSample.VERSION_PROPERTY, "V7-fix");
      assertEquals(OvlVersion.V7_FIX, ScenarioSample.versionOfThisJvm());
      System.setProperty(ScenarioSample.VERSION_PROPERTY, "v6");
      sample = new CopyUpVsRenameUnlink();
    } finally {
      if (before == null) {
        System.clearProperty(ScenarioSample.VERSION_PROPERTY);
      } else {
        System.setProperty(ScenarioSample.VERSION_PROPERTY, before);
      }
    }
    sample.a();
    sample.b();
    L_Result r = new L_Result();
    sample.arbiter(r);
    assertTrue(List.of("acceptable clean", "interesting whiteout-lost").contains(r.r1),
        String.valueOf(r.r1));
  }
}
