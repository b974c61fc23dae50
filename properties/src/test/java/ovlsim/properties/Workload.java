package ovlsim.properties;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import ovlsim.properties.reference.Op;
import ovlsim.properties.workload.Trees;
import ovlsim.overlay.OvlVersion;

/**
 * A concurrent workload: version, layers, 2 to 4 task programs of 1 to 4 ops, schedule seed;
 * over the dense alphabet ({@link Generators#densePaths}), so that tasks meet on names.
 */
record Workload(OvlVersion version, Trees trees, List<List<Op>> programs, long seed) {
  static Arbitrary<Workload> arbitrary(Arbitrary<OvlVersion> versions) {
    Arbitrary<List<Op>> program = Generators.denseOps().list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(versions, Generators.denseTrees(),
            program.list().ofMinSize(2).ofMaxSize(4), Arbitraries.longs())
        .as(Workload::new);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("overlay ").append(version.optionName())
        .append(", schedule seed ").append(seed).append('\n').append(trees).append('\n');
    for (int i = 0; i < programs.size(); i++) {
      sb.append("task t").append(i).append(": ").append(programs.get(i)).append('\n');
    }
    return sb.toString();
  }
}
