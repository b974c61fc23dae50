package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * {@code creds-override-isolation}: J. R. Okajima's question in the v7 thread (the v7 review thread):
 * "during copy-up other thread in the same process may gain the higher capabilities
 * unexpectedly?" {@code override_creds()} changes the subjective creds of the calling task
 * only, so no.
 *
 * <pre>
 * task A (uid 1000): open("d/mine", O_RDWR) | task B (uid 1000): open("d/secret", O_RDONLY)
 * ------------------------------------------+------------------------------------------------
 * ovl_copy_up_one(): prepare_creds(),       | path walk, may_open():
 *   cap_raise(CAP_DAC_OVERRIDE, ...),       |   inode_permission(secret, MAY_READ)
 *   override_creds() -- A's creds only      |   with B's own creds: EACCES
 *   ... copy-up ...                         |
 *   revert_creds()                          |
 * </pre>
 *
 * <p>{@code d/secret} is root's, mode 0600. Forbidden everywhere: B opens it.
 *
 * <p>Run: {@code ./ovlsim race run creds-override-isolation --mode quick}.
 *
 * <p>Observed ({@code ./ovlsim race run --all --mode quick}, 2 CPUs shared with other builds,
 * Temurin 17, 2026-12-02): isolated in all 63,682 samples on v6 and all 68,339 on v7.
 */
public final class CredsOverrideIsolation {
  private CredsOverrideIsolation() {}

  static final Layer LOWER =
      
          Layer.builder()
              .dir("d", 0755)
              .file("d/mine", 0644, "mine")
              .owner("d/mine", 1000, 1000)
              .file("d/secret", 0600, "secret")
              .build();

  static final Layer UPPER = Layer.builder().dir("d", 0755).build();

  static final String ISOLATED = "isolated";

  /** Classifies A's open of its own file and B's open of root's secret. */
  static String classify(String resA, String resB) {
    if (!resA.equals("ok")) {
      return "open-A:" + resA;
    }
    if (resB.equals("ok")) {
      return "B-read-the-secret";
    }
    return resB.equals("EACCES") ? ISOLATED : "open-B:" + resB;
  }

  static class Sample {
    final RaceWorld world;
    final Task a;
    final Task b;
    volatile String resA = "not-run";
    volatile String resB = "not-run";

    Sample(OvlVersion version) {
      world = RaceWorld.boot(LOWER, UPPER, version);
      a = world.spawn("A", Cred.user(1000, 1000));
      b = world.spawn("B", Cred.user(1000, 1000));
    }

    void actorA() {
      resA =
          RaceWorld.oopsOr(
              () -> {
                int fd = ModelSys.of(a).open("/mnt/d/mine", Fcntl.O_RDWR);
                if (fd >= 0) {
                  ModelSys.of(a).close(fd);
                }
                return RaceWorld.result(fd);
              });
    }

    void actorB() {
      resB =
          RaceWorld.oopsOr(
              () -> {
                int fd = ModelSys.of(b).open("/mnt/d/secret", Fcntl.O_RDONLY);
                if (fd >= 0) {
                  ModelSys.of(b).close(fd);
                }
                return RaceWorld.result(fd);
              });
    }

    String arbiter() {
      return classify(resA, resB);
    }
  }

  @JCStressTest
  @Description("creds-override-isolation on v6")
  @Outcome(id = ISOLATED, expect = ACCEPTABLE, desc = "B gets EACCES")
  @Outcome(expect = FORBIDDEN, desc = "B read root's file, or A failed")
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
  @Description("creds-override-isolation on v7")
  @Outcome(id = ISOLATED, expect = ACCEPTABLE, desc = "B gets EACCES")
  @Outcome(expect = FORBIDDEN, desc = "B read root's file, or A failed")
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
