package ovlsim.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;

/**
 * The lock-class dependency graph lockdep learned ({@link Lockdep#classes()},
 * {@link Lockdep#dependencies()}), as text and as Graphviz DOT: one box per class
 * ({@code CLASS/SUBCLASS}), grouped by filesystem type, one arrow per dependency "held when
 * taking"; the classes and arrows of a reported chain are drawn red.
 */
final class LockGraph {
  private LockGraph() {}

  /** {@code name} without the {@code #type/subclass}: the filesystem type's cluster key. */
  static String fsType(String lockClass) {
    int hash = lockClass.lastIndexOf('#');
    int slash = lockClass.lastIndexOf('/');
    if (hash < 0 || slash < hash) {
      return "other";
    }
    return lockClass.substring(hash + 1, slash);
  }

  /** The dependencies, one {@code A -> B} per line, in the order lockdep found them. */
  static String summary(List<String> classes, List<Lockdep.Dependency> deps) {
    StringBuilder sb = new StringBuilder();
    sb.append("lock classes (").append(classes.size()).append("):\n");
    classes.forEach(c -> sb.append("  ").append(c).append('\n'));
    sb.append("dependencies (").append(deps.size()).append("), held -> taken:\n");
    deps.forEach(d -> sb.append("  ").append(d.from()).append(" -> ").append(d.to()).append('\n'));
    return sb.toString();
  }

  /** The graph as DOT. */
  static String dot(
      List<String> classes, List<Lockdep.Dependency> deps, List<LockdepReport> reports) {
    Set<String> hot = new HashSet<>();
    Set<List<String>> hotEdges = new HashSet<>();
    for (LockdepReport r : reports) {
      List<String> cs = r.classes();
      hot.addAll(cs);
      for (int i = 0; i + 1 < cs.size(); i++) {
        hotEdges.add(List.of(cs.get(i), cs.get(i + 1)));
      }
      if (r.kind() == LockdepReport.Kind.CIRCULAR && cs.size() > 1) {
        hotEdges.add(List.of(cs.get(cs.size() - 1), cs.get(0)));
      }
    }
    Map<String, List<String>> byType = new LinkedHashMap<>();
    for (String c : classes) {
      byType.computeIfAbsent(fsType(c), k -> new ArrayList<>()).add(c);
    }
    StringBuilder sb = new StringBuilder("digraph lockdep {\n");
    sb.append("  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    int i = 0;
    for (Map.Entry<String, List<String>> e : byType.entrySet()) {
      sb.append("  subgraph cluster_").append(i++).append(" {\n");
      sb.append("    label=").append(quote(e.getKey())).append(";\n");
      for (String c : e.getValue()) {
        sb.append("    ").append(quote(c));
        if (hot.contains(c)) {
          sb.append(" [color=red, fontcolor=red]");
        }
        sb.append(";\n");
      }
      sb.append("  }\n");
    }
    for (Lockdep.Dependency d : deps) {
      sb.append("  ").append(quote(d.from())).append(" -> ").append(quote(d.to()));
      if (hotEdges.contains(List.of(d.from(), d.to()))) {
        sb.append(" [color=red]");
      }
      sb.append(";\n");
    }
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
