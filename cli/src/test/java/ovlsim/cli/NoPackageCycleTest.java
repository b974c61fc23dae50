package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The build's check that no {@code ovlsim.*} package depends on itself through others: jdeps
 * ({@code -verbose:package}) over the main classes of every module of the reactor, then the
 * strongly connected components of the package graph. The cli module is the last one built,
 * so every other module's classes exist when this runs.
 */
class NoPackageCycleTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern EDGE =
      Pattern.compile("^\\s+(ovlsim[\\w.]*)\\s+->\\s+(ovlsim[\\w.]*)\\s", Pattern.MULTILINE);

  @Test
  void noCycleAmongOvlsimPackages() throws IOException {
    List<Path> classDirs = classDirs();
    // cli is built last and needs every other module but benchmarks: at least those are here,
    // in a full build and in `-pl cli -am` alike.
    assertTrue(classDirs.size() >= 9, "modules found: " + classDirs);
    Map<String, Set<String>> edges = new TreeMap<>();
    for (Path dir : classDirs) {
      readEdges(jdeps(dir), edges);
    }
    assertTrue(edges.keySet().stream().anyMatch(p -> p.startsWith("ovlsim.overlay")), "" + edges);
    List<Set<String>> cycles = stronglyConnected(edges);
    cycles.removeIf(c -> c.size() < 2);
    assertEquals(List.of(), cycles, "packages that depend on each other");
  }

  @Test
  void theCheckSeesACycle() {
    Map<String, Set<String>> edges = new TreeMap<>();
    readEdges("""
           ovlsim.a                                           -> ovlsim.b                 x
           ovlsim.b                                           -> ovlsim.c                 x
           ovlsim.c                                           -> ovlsim.a                 x
           ovlsim.c                                           -> ovlsim.d                 x
        """, edges);
    List<Set<String>> cycles = stronglyConnected(edges);
    cycles.removeIf(c -> c.size() < 2);
    assertEquals(List.of(Set.of("ovlsim.a", "ovlsim.b", "ovlsim.c")), cycles);
  }

  /** The main class directories of the reactor's modules, as the root pom lists them. */
  private static List<Path> classDirs() throws IOException {
    String buildDir = System.getProperty("build.dirname", "target");
    List<Path> dirs = new ArrayList<>();
    Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (m.find()) {
      Path classes = ROOT.resolve(m.group(1)).resolve(buildDir).resolve("classes");
      if (Files.isDirectory(classes.resolve("ovlsim"))) {
        dirs.add(classes);
      }
    }
    return dirs;
  }

  private static String jdeps(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps")
        .orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err),
        "-verbose:package", "-filter:none", classes.toString());
    assertEquals(0, rc, "jdeps " + classes + ": " + err);
    return out.toString();
  }

  private static void readEdges(String jdepsOutput, Map<String, Set<String>> edges) {
    Matcher m = EDGE.matcher(jdepsOutput);
    while (m.find()) {
      if (!m.group(1).equals(m.group(2))) {
        edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
  }

  /** Tarjan's strongly connected components, each as a sorted set. */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
    Set<String> nodes = new TreeSet<>(edges.keySet());
    edges.values().forEach(nodes::addAll);
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> out = new ArrayList<>();
    for (String n : nodes) {
      if (!index.containsKey(n)) {
        strong(n, edges, index, low, stack, onStack, out);
      }
    }
    return out;
  }

  private static void strong(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strong(w, edges, index, low, stack, onStack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      out.add(component);
    }
  }
}
