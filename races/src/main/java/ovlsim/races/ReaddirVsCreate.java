package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Task;
import ovlsim.layer.Layer;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * {@code readdir-vs-create}: a merged directory is read while another task creates and
 * unlinks in it.
 *
 * <p>Lower {@code d} holds {@code a, b, x}; upper {@code d} holds {@code c}; {@code x} is
 * whited out through the overlay before the actors start.
 *
 * <pre>
 * task A: getdents(d); lseek(0); getdents(d) | task B: create d/n; unlink d/n; create d/m
 * ------------------------------------------+------------------------------------------------
 * ovl_readdir(): the first call builds the  | ovl_create_object() -> vfs_create(upper d/n)
 *   cache (ovl_dir_read_merged: upper,      |   ovl_dentry_version_inc(d)
 *   then lower minus whiteouts)             | ovl_do_remove(): vfs_unlink(upper d/n)
 * ovl_dir_llseek(0) -> ovl_dir_reset(): a   |   ovl_dentry_version_inc(d)
 *   changed version drops the cache         |
 * </pre>
 *
 * <p>Forbidden everywhere: a name listed twice, or the whiteout {@code x} listed. Which of
 * {@code n} and {@code m} appear depends on timing and is fine. The getdents buffer holds the
 * whole directory: with a small one, v6's {@code ovl_readdir()} drops the entry a full buffer
 * refuses (it moves the cursor before calling filldir), which is a different bug.
 *
 * <p>Run: {@code ./ovlsim race run readdir-vs-create --mode quick}.
 *
 * <p>Observed ({@code ./ovlsim race run --all --mode quick}, 2 CPUs shared with other builds,
 * Temurin 17, 2026-12-02): consistent in all 34,261 samples on v6 and all 49,362 on v7.
 */
public final class ReaddirVsCreate {
  private ReaddirVsCreate() {}

  static final Layer LOWER =
      
          Layer.builder()
              .dir("d", 0755)
              .file("d/a", 0644)
              .file("d/b", 0644)
              .file("d/x", 0644)
              .build();

  static final Layer UPPER = Layer.builder().dir("d", 0755).file("d/c", 0644).build();

  static final String CONSISTENT = "consistent";

  /** Classifies the two listings A made. */
  static String classify(List<List<String>> listings) {
    if (listings == null) {
      return "readdir-failed";
    }
    for (List<String> names : listings) {
      String c = classifyOne(names);
      if (!c.equals(CONSISTENT)) {
        return c;
      }
    }
    return CONSISTENT;
  }

  /** Classifies one listing. */
  static String classifyOne(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        return "listed-twice:" + n;
      }
    }
    if (seen.contains("x")) {
      return "whiteout-listed";
    }
    if (!seen.containsAll(List.of("a", "b", "c"))) {
      return "missing:" + names;
    }
    return CONSISTENT;
  }

  static class Sample {
    final RaceWorld world;
    final Task a;
    final Task b;
    volatile List<List<String>> names;

    Sample(OvlVersion version) {
      world = RaceWorld.boot(LOWER, UPPER, version);
      a = world.spawn("A", Cred.root());
      b = world.spawn("B", Cred.root());
      if (ModelSys.of(b).unlink("/mnt/d/x") != 0) {
        throw new IllegalStateException("cannot white out d/x");
      }
    }

    /** Reads d whole, seeks back to 0 (which rebuilds a stale cache) and reads it again. */
    void actorA() {
      names = RaceWorld.lsTwice(ModelSys.of(a), "/mnt/d");
    }

    void actorB() {
      int fd = ModelSys.of(b).open("/mnt/d/n", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644);
      if (fd >= 0) {
        ModelSys.of(b).close(fd);
      }
      ModelSys.of(b).unlink("/mnt/d/n");
      fd = ModelSys.of(b).open("/mnt/d/m", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644);
      if (fd >= 0) {
        ModelSys.of(b).close(fd);
      }
    }

    String arbiter() {
      return classify(names);
    }
  }

  @JCStressTest
  @Description("readdir-vs-create on v6")
  @Outcome(id = CONSISTENT, expect = ACCEPTABLE, desc = "each name once, no whiteout")
  @Outcome(expect = FORBIDDEN, desc = "a name twice, or a whiteout listed")
  @State
  public static class V6 extends Sample {
    public V6() {
      super(OvlVersion.V6);
    }

    @Actor
    public void a() {
      actorA();
    }

    @Actor
    public void b() {
      actorB();
    }

    @Arbiter
    public void arbiter(L_Result r) {
      r.r1 = arbiter();
    }
  }

  @JCStressTest
  @Description("readdir-vs-create on v7")
  @Outcome(id = CONSISTENT, expect = ACCEPTABLE, desc = "each name once, no whiteout")
  @Outcome(expect = FORBIDDEN, desc = "a name twice, or a whiteout listed")
  @State
  public static class V7 extends Sample {
    public V7() {
      super(OvlVersion.V7);
    }

    @Actor
    public void a() {
      actorA();
    }

    @Actor
    public void b() {
      actorB();
    }

    @Arbiter
    public void arbiter(L_Result r) {
      r.r1 = arbiter();
    }
  }
}
