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
 *
 * <p>The version is not in the class: a harness is one jcstress test, and the JVMs jcstress
 * forks get the version as the system property {@value #VERSION_PROPERTY} ({@link RaceRunner}
 * runs jcstress once per version with {@code -jvmArgsPrepend -D...}), so a new version needs
 * no new code here.
 */
public abstract class ScenarioSample {
  /** The {@code @Outcome} id of the states the scenario grades acceptable. */
  public static final String ACCEPTABLE = "acceptable .*";

  /** The {@code @Outcome} id of the states the scenario grades interesting. */
  public static final String INTERESTING = "interesting .*";

  /** The system property that names the version a harness's samples run on ({@code v10}). */
  public static final String VERSION_PROPERTY = "ovlsim.ovl-version";

  private final Scenario scenario;
  private final OvlVersion version;
  private final ScenarioRunner.World world;

  /** A sample of {@code scenarioName} on the version {@value #VERSION_PROPERTY} names. */
  protected ScenarioSample(String scenarioName) {
    this(scenarioName, versionOfThisJvm());
  }

  /** A sample of {@code scenarioName} on {@code version} (tests call it directly). */
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

  /**
   * The sample's state: the outcome's grade and name. A forbidden one is also printed to
   * stderr with every observation, which jcstress keeps in its log.
   */
  protected final String outcome() {
    ScenarioRunner.Observations observations = world.observe(null);
    String state = observations.classify(scenario, version).state();
    if (state.startsWith("forbidden")) {
      // The state names only the outcome class: say what was observed, for the jcstress log.
      System.err.println(scenario.name() + " on " + version.optionName() + ": " + state + ": "
          + observations);
    }
    return state;
  }

  /**
   * The version {@value #VERSION_PROPERTY} names, parsed by {@link OvlVersion#fromName}.
   *
   * @throws IllegalStateException when the property is missing or names no version: a harness
   *     run without {@link RaceRunner} must say which version it is for
   */
  public static OvlVersion versionOfThisJvm() {
    String name = System.getProperty(VERSION_PROPERTY);
    if (name == null) {
      throw new IllegalStateException("no overlay version: start the JVM with -D"
          + VERSION_PROPERTY + "=VERSION (jcstress: -jvmArgsPrepend -D" + VERSION_PROPERTY
          + "=v6), as 'ovlsim race run' does");
    }
    try {
      return OvlVersion.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("-D" + VERSION_PROPERTY + "=" + name + ": "
          + e.getMessage(), e);
    }
  }
}
