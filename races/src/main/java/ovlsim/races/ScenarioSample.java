package ovlsim.races;

import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Catalogue;
import ovlsim.races.scenario.Scenario;
import ovlsim.races.scenario.ScenarioRunner;

/**
 * One jcstress sample of a catalogue scenario: a fresh machine from the scenario file's setup,
 * its {@code before} lines run, then each {@code @Actor} runs one task's lines with real
 * threads, and the {@code @Arbiter} classifies the observations with the file's outcome
 * classes. The state jcstress counts is {@code GRADE NAME} ({@code interesting
 * resurrected+warn}), so the harness's {@code @Outcome}s grade by the prefix and the file
 * alone decides what is forbidden: a scenario is written once, for the explorer and jcstress.
 */
public abstract class ScenarioSample {
  /** The {@code @Outcome} id of the states the scenario grades acceptable. */
  public static final String ACCEPTABLE = "acceptable .*";

  /** The {@code @Outcome} id of the states the scenario grades interesting. */
  public static final String INTERESTING = "interesting .*";

  private final Scenario scenario;
  private final OvlVersion version;
  private final ScenarioRunner.World world;

  protected ScenarioSample(String scenarioName, OvlVersion version) {
    ScenarioRunner runner = Catalogue.prepared(scenarioName);
    this.scenario = runner.scenario();
    this.version = version;
    this.world = runner.boot(version);
    world.runBefore();
  }

  /** Runs task {@code index}'s lines on the calling (actor) thread. */
  protected final void task(int index) {
    world.runTask(index);
  }

  /** The sample's state: the outcome's grade and name. */
  protected final String outcome() {
    return world.observe(null).classify(scenario, version).state();
  }
}
