package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * {@code ro-rw-inconsistency}: the limitation the overlay documentation states and the 2018 stacked-file-operations series'
 * stacked file operations (2018) remove: "If a file is opened read-only and then written
 * through another file descriptor after copy-up, the first descriptor keeps reading the lower
 * file."
 *
 * <pre>
 * task A (before the actors): fd = open("f", O_RDONLY): vfs_open(lower f)
 * task A: pread(fd)                         | task B: open("f", O_RDWR): copy-up, write "new"
 * ------------------------------------------+------------------------------------------------
 * reads the lower file, whatever B does     | ovl_copy_up(f); vfs_open(upper f); pwrite
 * arbiter: pread(fd) again, after B         |
 * </pre>
 *
 * <p>Outcome {@code old-after-write}: A's descriptor reads the old data after B's write
 * finished — the documented behaviour on V6 and V7 (interesting); a later version with stacked
 * file operations will forbid it.
 *
 * <p>Run: {@code ./ovlsim race run ro-rw-inconsistency --mode quick}.
 *
 * <p>Observed ({@code ./ovlsim race run --all --mode quick}, 2 CPUs shared with other builds,
 * Temurin 17, 2026-12-02): old-after-write in all 90,884 samples on v6 and all 114,862 on v7.
 */
public final class RoRwInconsistency {
  private RoRwInconsistency() {}

  static final Layer LOWER =
      Layer.builder().file("f", 0644, "old").build();

  static final Layer UPPER = Layer.builder().build();

  static final String OLD_AFTER_WRITE = "old-after-write";
  static final String NEW_AFTER_WRITE = "new-after-write";

  /** Classifies B's result and what A's descriptor read after B was done. */
  static String classify(String resB, String readAfter) {
    if (!resB.equals("ok")) {
      return "write-B:" + resB;
    }
    if ("old".equals(readAfter)) {
      return OLD_AFTER_WRITE;
    }
    if ("new".equals(readAfter)) {
      return NEW_AFTER_WRITE;
    }
    return "read-A:" + readAfter;
  }

  static class Sample {
    final RaceWorld world;
    final Task a;
    final Task b;
    final int fdA;
    volatile String resB = "not-run";

    Sample(OvlVersion version) {
      world = RaceWorld.boot(LOWER, UPPER, version);
      a = world.spawn("A", Cred.root());
      b = world.spawn("B", Cred.root());
      fdA = ModelSys.of(a).open("/mnt/f", Fcntl.O_RDONLY);
    }

    void actorA() {
      RaceWorld.readFd(ModelSys.of(a), fdA, 0);
    }

    void actorB() {
      resB =
          RaceWorld.oopsOr(
              () -> {
                int fd = ModelSys.of(b).open("/mnt/f", Fcntl.O_RDWR);
                if (fd < 0) {
                  return RaceWorld.result(fd);
                }
                long n = ModelSys.of(b).pwrite(fd, RaceWorld.bytes("new"), 3, 0);
                ModelSys.of(b).close(fd);
                return n == 3 ? "ok" : RaceWorld.result(n);
              });
    }

    String arbiter() {
      return classify(resB, RaceWorld.readFd(ModelSys.of(a), fdA, 0));
    }
  }

  @JCStressTest
  @Description("ro-rw-inconsistency on v6")
  @Outcome(id = OLD_AFTER_WRITE, expect = ACCEPTABLE_INTERESTING, desc = "documented: the ro fd keeps the lower file")
  @Outcome(id = NEW_AFTER_WRITE, expect = ACCEPTABLE, desc = "the ro fd sees the write")
  @Outcome(expect = FORBIDDEN, desc = "an error")
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
  @Description("ro-rw-inconsistency on v7")
  @Outcome(id = OLD_AFTER_WRITE, expect = ACCEPTABLE_INTERESTING, desc = "documented: the ro fd keeps the lower file")
  @Outcome(id = NEW_AFTER_WRITE, expect = ACCEPTABLE, desc = "the ro fd sees the write")
  @Outcome(expect = FORBIDDEN, desc = "an error")
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
