package ovlsim.conformance.fst;

import java.util.List;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.Target;

/**
 * A {@code lower} or {@code upper} line: ops run as root on that layer before the mount; each
 * must succeed.
 *
 * @param line where it was written
 * @param layer {@link Target#LOWER} or {@link Target#UPPER}
 * @param creds root, with the line's umask (0 unless {@code -U})
 * @param ops the {@code :}-chained ops
 */
public record SetupStep(SourceLine line, Target layer, Creds creds, List<OpCall> ops) {
  public SetupStep {
    ops = List.copyOf(ops);
  }
}
