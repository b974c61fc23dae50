package ovlsim.properties.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Op;
import org.apache.commons.lang3.Validate;

/**
 * Random concurrent workloads from a seed, for {@code ovlsim lockdep} (the property tests use
 * jqwik's generators, which shrink): layers and operations over the names {@code a} and
 * {@code b} (paths of one or two), so that the tasks meet; no symlinks (see
 * properties/PROPERTIES.md). The same seed gives the same workload.
 */
public final class WorkloadGenerator {
  private static final String[] NAMES = {"a", "b"};
  private static final int[] DIR_MODES = {0755, 0700, 0750, 0775};
  private static final int[] FILE_MODES = {0644, 0600, 0755, 0640, 0000, 0777};

  /** A workload: the layers, one program per task, and the schedule's seed. */
  public record Workload(Trees trees, List<List<Op>> programs, long scheduleSeed) {}

  private final SplittableRandom random;

  public WorkloadGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code tasks} programs of {@code ops} operations each, over random layers. */
  public Workload next(int tasks, int ops) {
    Validate.inclusiveBetween(1, 16, tasks, "tasks must be 1..16");
    Validate.inclusiveBetween(1, 64, ops, "ops must be 1..64");
    List<NodeSpec> lower = new ArrayList<>();
    List<NodeSpec> upper = new ArrayList<>();
    int nl = random.nextInt(10);
    for (int i = 0; i < nl; i++) {
      lower.add(spec(false));
    }
    int nu = random.nextInt(8);
    for (int i = 0; i < nu; i++) {
      upper.add(spec(true));
    }
    List<List<Op>> programs = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      List<Op> p = new ArrayList<>();
      for (int i = 0; i < ops; i++) {
        p.add(op());
      }
      programs.add(List.copyOf(p));
    }
    return new Workload(new Trees(lower, upper), programs, random.nextLong());
  }

  private String path() {
    String a = NAMES[random.nextInt(NAMES.length)];
    return random.nextInt(5) < 3 ? a : a + "/" + NAMES[random.nextInt(NAMES.length)];
  }

  private int pick(int[] xs) {
    return xs[random.nextInt(xs.length)];
  }

  private String content() {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(7);
    for (int i = 0; i < n; i++) {
      sb.append("xyz".charAt(random.nextInt(3)));
    }
    return sb.toString();
  }

  private NodeSpec spec(boolean upperLayer) {
    int k = random.nextInt(upperLayer ? 14 : 11);
    if (k < 4) {
      return NodeSpec.dir(path(), pick(DIR_MODES));
    } else if (k < 8) {
      return NodeSpec.file(path(), pick(FILE_MODES), content());
    } else if (k < 9) {
      return NodeSpec.hardlink(path(), path());
    } else if (k < 11) {
      return NodeSpec.xattr(path(), random.nextBoolean() ? "user.k" : "user.m",
          random.nextBoolean() ? "1" : "22");
    } else if (k < 13) {
      return NodeSpec.whiteout(path());
    }
    return NodeSpec.opaqueDir(path(), pick(DIR_MODES));
  }

  private Op op() {
    int k = random.nextInt(24);
    if (k < 3) {
      return new Op.Create(path(), pick(FILE_MODES));
    } else if (k < 6) {
      return new Op.Mkdir(path(), pick(DIR_MODES));
    } else if (k < 8) {
      StringBuilder d = new StringBuilder();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        d.append(random.nextBoolean() ? 'p' : 'q');
      }
      return new Op.Write(path(), random.nextInt(5), d.toString());
    } else if (k < 10) {
      return new Op.Truncate(path(), random.nextInt(7));
    } else if (k < 12) {
      return new Op.Chmod(path(), pick(new int[] {0644, 0600, 0700, 0755, 0000, 0777}));
    } else if (k < 13) {
      String o = path();
      String n = path();
      return o.startsWith(n + "/") ? new Op.Link(n, o) : new Op.Link(o, n);
    } else if (k < 16) {
      return new Op.Unlink(path());
    } else if (k < 18) {
      return new Op.Rmdir(path());
    } else if (k < 21) {
      return new Op.Rename(path(), path());
    } else if (k < 23) {
      int f = random.nextInt(3);
      return new Op.Setxattr(path(), random.nextBoolean() ? "user.k" : "user.m",
          random.nextBoolean() ? "1" : "22", f == 0 ? 0 : f == 1 ? Op.XATTR_CREATE : Op.XATTR_REPLACE);
    }
    return new Op.Readdir(random.nextInt(3) == 0 ? "." : path());
  }
}
