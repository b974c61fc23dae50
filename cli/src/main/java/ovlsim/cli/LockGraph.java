package ovlsim.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.locking.MutexSubclass;

/**
 * The lock-class dependency graph lockdep learned ({@link Lockdep#classes()},
 * {@link Lockdep#dependencies()}), as text and as Graphviz DOT: a title (what ran: version,
 * seed), one box per class ({@code CLASS/SUBCLASS}), grouped by filesystem type, one arrow per
 * dependency "held when taking", labelled with the operation that first made it (the syscall
 * and the innermost function of the stack trace lockdep saved then, {@link Lockdep#trace}),
 * and a legend of the subclasses; the classes and arrows of a reported chain are drawn red.
 */
final class LockGraph {
  private LockGraph() {}

  /**
   * The operation a dependency's first stack trace shows, as {@code syscall(): function()}
   * in the C's names ({@code rename(): lock_rename()}), {@code (layer setup)} when it was the
   * layers being written before the workload; {@code ?} for an empty trace.
   */
  static String operation(List<String> trace) {
    String inner = null;
    String syscall = null;
    boolean setup = false;
    for (String frame : trace) {
      int paren = frame.indexOf('(');
      String qualified = paren < 0 ? frame : frame.substring(0, paren);
      int dot = qualified.lastIndexOf('.');
      if (dot < 0) {
        continue;
      }
      String cls = qualified.substring(0, dot);
      String method = qualified.substring(dot + 1);
      if (method.startsWith("lambda$")) {
        String[] parts = method.split("\\$");
        method = parts.length > 1 ? parts[1] : method;
      }
      if (inner == null && !method.startsWith("<")) {
        inner = method;
      }
      if (cls.equals("ovlsim.syscall.ModelSys") && !method.startsWith("call")) {
        syscall = method; // the outermost one: the public call
      }
      if (cls.endsWith(".LayerWriter")) {
        setup = true;
      }
    }
    if (inner == null) {
      return "?";
    }
    String fn = cName(inner) + "()";
    String op = syscall == null ? fn : syscall.equals(inner) ? syscall + "()"
        : syscall + "(): " + fn;
    return op + (setup ? " (layer setup)" : "");
  }

  /** A ported function's Java name back in the C's: {@code ovlCopyUpOne} is {@code ovl_copy_up_one}. */
  static String cName(String javaName) {
    StringBuilder sb = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code name} without the {@code #type/subclass}: the filesystem type's cluster key. */
  static String fsType(String lockClass) {
    int hash = lockClass.lastIndexOf('#');
    int slash = lockClass.lastIndexOf('/');
    if (hash < 0 || slash < hash) {
      return "other";
    }
    return lockClass.substring(hash + 1, slash);
  }

  /**
   * The dependencies, one {@code A -> B} per line in the order lockdep found them, each with
   * the operation that first made it.
   */
  static String summary(List<String> classes, List<Lockdep.Dependency> deps,
      Map<Lockdep.Dependency, List<String>> traces) {
    StringBuilder sb = new StringBuilder();
    sb.append("lock classes (").append(classes.size()).append("):\n");
    classes.forEach(c -> sb.append("  ").append(c).append('\n'));
    sb.append("dependencies (").append(deps.size()).append("), held -> taken, first by:\n");
    deps.forEach(d -> sb.append("  ").append(d.from()).append(" -> ").append(d.to())
        .append("   [").append(operation(traces.getOrDefault(d, List.of()))).append("]\n"));
    return sb.toString();
  }

  /**
   * The graph as DOT.
   *
   * @param title what ran ({@code overlay v7, seed 42: 3 tasks x 4 operations})
   * @param traces each dependency's first stack trace, for its label
   */
  static String dot(String title, List<String> classes, List<Lockdep.Dependency> deps,
      Map<Lockdep.Dependency, List<String>> traces, List<LockdepReport> reports) {
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
    sb.append("  label=").append(quote("ovlsim lockdep: " + title)).append(";\n");
    sb.append("  labelloc=t;\n  fontname=\"sans-serif\";\n");
    sb.append("  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    sb.append("  edge [fontname=\"monospace\", fontsize=8];\n");
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
      List<String> trace = traces.getOrDefault(d, List.of());
      sb.append("  ").append(quote(d.from())).append(" -> ").append(quote(d.to()))
          .append(" [label=").append(quote(operation(trace)))
          .append(", tooltip=").append(quote(String.join("\n", trace)).replace("\n", "\\n"));
      if (hotEdges.contains(List.of(d.from(), d.to()))) {
        sb.append(", color=red, fontcolor=red");
      }
      sb.append("];\n");
    }
    sb.append("  subgraph cluster_legend {\n    label=\"legend\";\n");
    StringBuilder legend = new StringBuilder("CLASS/N: the lock class at lockdep subclass N\\l");
    for (MutexSubclass m : MutexSubclass.values()) {
      legend.append("  /").append(m.ordinal()).append(' ').append(m.name()).append("\\l");
    }
    legend.append("A -> B: B taken while A held\\l")
        .append("label: the operation that first did it\\l")
        .append("red: a chain lockdep reported\\l");
    sb.append("    legend [shape=note, fontname=\"monospace\", label=\"").append(legend)
        .append("\"];\n  }\n");
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
