package ovlsim.races.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scenario files shipped with ovlsim ({@code races/scenarios/NAME.scn} in the sources, on
 * the class path under {@value #RESOURCES}), read and prepared once per JVM.
 */
public final class Catalogue {
  /** Where the scenario files are on the class path. */
  public static final String RESOURCES = "/ovlsim/races/scenarios/";

  private static final Map<String, Scenario> PARSED = new ConcurrentHashMap<>();
  private static final Map<String, ScenarioRunner> PREPARED = new ConcurrentHashMap<>();

  private Catalogue() {}

  /** Does the catalogue hold a scenario named {@code name}? */
  public static boolean has(String name) {
    return Catalogue.class.getResource(RESOURCES + name + ScenarioParser.SUFFIX) != null;
  }

  /** The text of the shipped scenario {@code name}. */
  public static String text(String name) {
    String path = RESOURCES + name + ScenarioParser.SUFFIX;
    try (InputStream in = Catalogue.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario " + name + " in the catalogue");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped scenario {@code name}, parsed once per JVM. */
  public static Scenario scenario(String name) {
    return PARSED.computeIfAbsent(name, n -> ScenarioParser.parse(
        "races/scenarios/" + n + ScenarioParser.SUFFIX, text(n)));
  }

  /** The shipped scenario {@code name}, prepared (its layers built) once per JVM. */
  public static ScenarioRunner prepared(String name) {
    return PREPARED.computeIfAbsent(name, n -> ScenarioRunner.prepare(scenario(n)));
  }
}
