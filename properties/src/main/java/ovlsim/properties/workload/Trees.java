package ovlsim.properties.workload;

import java.util.List;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Semantics;
import ovlsim.properties.reference.UnionState;

/**
 * The two layers a workload starts from, as the generator's lists of {@link NodeSpec}s (which
 * shrink well and print as fstest setup lines).
 */
public record Trees(List<NodeSpec> lower, List<NodeSpec> upper) {
  public Trees {
    lower = List.copyOf(lower);
    upper = List.copyOf(upper);
  }

  /** The reference state of the mount on the model: {@link Semantics#OVL_2011}. */
  public UnionState state() {
    return state(Semantics.OVL_2011);
  }

  /** The reference state of a mount of the model's overlay {@code version}. */
  public UnionState state(ovlsim.overlay.OvlVersion version) {
    return state(Semantics.of(version));
  }

  /** The reference state of the mount under {@code semantics}. */
  public UnionState state(Semantics semantics) {
    return UnionState.mountable(NodeSpec.build(lower, false), NodeSpec.build(upper, true), semantics);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    lower.forEach(n -> sb.append("lower ").append(n).append('\n'));
    upper.forEach(n -> sb.append("upper ").append(n).append('\n'));
    UnionState s = state();
    sb.append("# built: lower ").append(s.lower()).append("\n#        upper ").append(s.upper());
    return sb.toString();
  }
}
