package ovlsim.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /** One box per lock class of {@link #svg}: its column and row, and its size. */
  private record Box(int rank, int row, double x, double y, double w) {}

  private static final double BOX_H = 22;
  private static final double ROW_H = 34;
  private static final double GAP = 70;
  private static final double CHAR_W = 6.6;

  /**
   * The graph as an SVG drawing (no script, no external reference) for the step-by-step report:
   * one box per class, in columns by the longest chain of dependencies that reaches it (the
   * graph lockdep keeps has no cycle), one arrow per dependency "held when taking" with the
   * operation that first made it as its tooltip. A circular report draws its chain's arrows red
   * and adds the dependency that would have closed the cycle (lockdep refused it: the held lock
   * is the last of the chain, the lock taken the first) as a thick red dashed arrow. Each
   * dependency's element carries {@code data-order} (its place in {@code deps}) and each
   * report's {@code data-report}, so a page can show what was known at a given step.
   */
  static String svg(String title, List<String> classes, List<Lockdep.Dependency> deps,
      Map<Lockdep.Dependency, List<String>> traces, List<LockdepReport> reports) {
    List<String> names = new ArrayList<>(classes);
    for (Lockdep.Dependency d : deps) {
      addOnce(names, d.from());
      addOnce(names, d.to());
    }
    for (LockdepReport r : reports) {
      r.classes().forEach(c -> addOnce(names, c));
    }
    Map<String, Integer> rank = ranks(names, deps);
    Map<Integer, Integer> rows = new LinkedHashMap<>();
    Map<Integer, Double> widths = new LinkedHashMap<>();
    int maxRank = 0;
    for (String n : names) {
      int r = rank.get(n);
      maxRank = Math.max(maxRank, r);
      widths.merge(r, n.length() * CHAR_W + 16, Math::max);
    }
    double[] xs = new double[maxRank + 2];
    xs[0] = 12;
    for (int r = 0; r <= maxRank; r++) {
      xs[r + 1] = xs[r] + widths.getOrDefault(r, 40.0) + GAP;
    }
    Map<String, Box> boxes = new LinkedHashMap<>();
    int maxRow = 0;
    for (String n : names) {
      int r = rank.get(n);
      int row = rows.merge(r, 1, Integer::sum) - 1;
      maxRow = Math.max(maxRow, row);
      boxes.put(n, new Box(r, row, xs[r], 40 + row * ROW_H, widths.get(r)));
    }
    double width = Math.max(360, xs[maxRank + 1] - GAP + 12);
    double below = 40 + (maxRow + 1) * ROW_H;
    double height = below + 64;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lockgraph\""
        + " width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\""
        + " font-size=\"11\">%n", width, height, width, height));
    sb.append("<defs>")
        .append("<marker id=\"lg-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\""
            + " orient=\"auto-start-reverse\">"
            + "<path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker>")
        .append("<marker id=\"lg-arrow-red\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\""
            + " orient=\"auto-start-reverse\">"
            + "<path d=\"M0,0L10,5L0,10z\" fill=\"#d00\"/></marker>")
        .append("</defs>\n");
    sb.append("<text x=\"12\" y=\"18\" font-family=\"sans-serif\" font-size=\"13\""
        + " font-weight=\"bold\">").append(xml("lock classes: " + title)).append("</text>\n");
    Set<List<String>> chain = new HashSet<>();
    for (LockdepReport r : reports) {
      List<String> cs = r.classes();
      for (int i = 0; i + 1 < cs.size(); i++) {
        chain.add(List.of(cs.get(i), cs.get(i + 1)));
      }
    }
    for (int i = 0; i < deps.size(); i++) {
      Lockdep.Dependency d = deps.get(i);
      boolean red = chain.contains(List.of(d.from(), d.to()));
      sb.append("<g class=\"dep").append(red ? " in-cycle" : "").append("\" data-order=\"")
          .append(i).append("\">");
      sb.append(edge(boxes.get(d.from()), boxes.get(d.to()), red ? "#d00" : "#555",
          red ? 2 : 1.2, false, i));
      sb.append("<title>").append(xml(d.from() + " -> " + d.to() + ": taken while held, first"
          + " by " + operation(traces.getOrDefault(d, List.of())))).append("</title></g>\n");
    }
    for (int k = 0; k < reports.size(); k++) {
      LockdepReport r = reports.get(k);
      List<String> cs = r.classes();
      if (r.kind() != LockdepReport.Kind.CIRCULAR || cs.size() < 2) {
        continue;
      }
      String held = cs.get(cs.size() - 1);
      String taking = cs.get(0);
      sb.append("<g class=\"cycle\" data-report=\"").append(k).append("\">");
      sb.append(edge(boxes.get(held), boxes.get(taking), "#d00", 3, true, deps.size() + k));
      sb.append("<title>").append(xml(held + " -> " + taking + ": the dependency that closed"
          + " the cycle (lockdep reported it and did not add it)")).append("</title></g>\n");
    }
    Set<String> hot = new HashSet<>();
    reports.forEach(r -> hot.addAll(r.classes()));
    for (Map.Entry<String, Box> e : boxes.entrySet()) {
      Box b = e.getValue();
      boolean red = hot.contains(e.getKey());
      sb.append(String.format(Locale.ROOT, "<g class=\"lockclass\"><rect x=\"%.1f\" y=\"%.1f\""
          + " width=\"%.1f\" height=\"%.0f\" rx=\"4\" fill=\"%s\" stroke=\"%s\"/>", b.x(), b.y(),
          b.w(), BOX_H, fill(e.getKey()), red ? "#d00" : "#333"));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>", b.x() + 8,
          b.y() + 15, red ? " fill=\"#d00\"" : "")).append(xml(e.getKey())).append("</text></g>\n");
    }
    sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.0f\" font-family=\"sans-serif\""
        + " font-size=\"11\" fill=\"#444\">%s</text>%n", height - 12, xml("A -> B: B taken while"
        + " A held (hover for the operation that first did it); red: a chain lockdep reported,"
        + " thick dashed: the dependency that closed the cycle")));
    return sb.append("</svg>\n").toString();
  }

  private static void addOnce(List<String> names, String n) {
    if (!names.contains(n)) {
      names.add(n);
    }
  }

  /** Each class's column: the length of the longest chain of dependencies ending at it. */
  private static Map<String, Integer> ranks(List<String> names, List<Lockdep.Dependency> deps) {
    Map<String, Integer> rank = new LinkedHashMap<>();
    names.forEach(n -> rank.put(n, 0));
    // the graph has no cycle: names.size() rounds settle it
    for (int round = 0; round < names.size(); round++) {
      boolean changed = false;
      for (Lockdep.Dependency d : deps) {
        int want = rank.get(d.from()) + 1;
        if (rank.get(d.to()) < want && want < names.size()) {
          rank.put(d.to(), want);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return rank;
  }

  /** A box's fill: by filesystem type. */
  private static String fill(String lockClass) {
    return switch (fsType(lockClass)) {
      case "overlayfs" -> "#dbe8ff";
      case "upperfs" -> "#ffe6cc";
      case "lowerfs" -> "#dcf5dc";
      default -> "#eeeeee";
    };
  }

  /** An arrow from {@code a} to {@code b}: forward to the right, else an arc below the boxes. */
  private static String edge(Box a, Box b, String color, double width, boolean dashed, int i) {
    String marker = color.equals("#d00") ? "lg-arrow-red" : "lg-arrow";
    String d;
    if (b.rank() > a.rank()) {
      double x1 = a.x() + a.w();
      double y1 = a.y() + BOX_H / 2;
      double x2 = b.x();
      double y2 = b.y() + BOX_H / 2;
      double mid = (x2 - x1) / 2;
      d = String.format(Locale.ROOT, "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1,
          x1 + mid, y1, x2 - mid, y2, x2, y2);
    } else {
      double x1 = a.x() + a.w() / 2;
      double y1 = a.y() + BOX_H;
      double x2 = b.x() + b.w() / 2 + (a == b ? 20 : 0);
      double y2 = b.y() + BOX_H;
      double dip = Math.max(y1, y2) + 18 + 6 * (i % 3);
      d = String.format(Locale.ROOT, "M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1, x1,
          dip, x2, dip, x2, y2);
    }
    return String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\""
        + " stroke-width=\"%.1f\"%s marker-end=\"url(#%s)\"/>", d, color, width,
        dashed ? " stroke-dasharray=\"6 4\"" : "", marker);
  }

  /** {@code s} as XML character data or an attribute value. */
  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
