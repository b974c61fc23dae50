package ovlsim.races;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.ArrayList;
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
 * {@code copyup-vs-rename-crossdir}: Al Viro's "->d_parent on overlay and on upper will change
 * in sync, for that matter - there are two d_move() calls involved" (the v7 review thread).
 *
 * <p>The lower layer holds {@code d1/f}; the upper layer holds {@code d1} and {@code d2}.
 *
 * <pre>
 * task A: open("d1/f", O_RDWR)              | task B: rename("d1/f", "d2/f")
 * ------------------------------------------+------------------------------------------------
 * ovl_open() -> ovl_copy_up(f)              |
 *   ovl_copy_up_one(parent d1, f)           |
 *     [ovl_copy_up_one:before_lock]         |
 *                                           | ovl_rename() -> ovl_copy_up(f): upper d1/f
 *                                           | lock_rename(upper d1, upper d2)
 *                                           |   vfs_rename(): d_move() on the upper layer
 *                                           | unlock_rename(upper d1, upper d2)
 *     mutex_lock_nested(upper d1, PARENT)   |
 *     v6: dentry->d_parent is still d1 (the |
 *       overlay d_move() has not run), so   |
 *       ovl_copy_up_locked() creates upper  |
 *       d1/f from the lower f again, WARN   |
 *     v7: ovl_path_type != LOWER: nothing   |
 *                                           | VFS: d_move(f -> d2/f) on the overlay
 * </pre>
 *
 * <p>Bad outcome: a file {@code d1/f} visible again after both finished because A copied the
 * lower file there again, and/or ovl_dentry_update's WARN. Interesting on V6, forbidden on V7.
 * The races v7 leaves open show up here too (see {@link CopyUpVsRenameUnlink}); a lost
 * whiteout also makes {@code d1/f} visible again, told apart by the upper layer holding no
 * {@code d1/f}. The window is the few instructions between the upper
 * and the overlay {@code d_move()}: expect it rarely under jcstress.
 *
 * <p>Run: {@code ./ovlsim race run copyup-vs-rename-crossdir --version v6 --mode quick}.
 *
 * <p>Observed ({@code ./ovlsim race run --all --mode quick}, 2 CPUs shared with other builds,
 * Temurin 17, 2026-12-02): v6 clean 57,461, whiteout-lost 159; v7 clean 27,081, whiteout-lost
 * 193. The review's outcome was not hit in that run; it was once ({@code resurrected+warn}, v6,
 * 1 in 15,356) in a second run of this harness alone. {@code CrossdirReplayTest} shows it step
 * by step on v6.
 */
public final class CopyUpVsRenameCrossdir {
  private CopyUpVsRenameCrossdir() {}

  static final Layer LOWER =
      
          Layer.builder().dir("d1", 0755).dir("d2", 0755).file("d1/f", 0644, "lower data").build();

  static final Layer UPPER = Layer.builder().dir("d1", 0755).dir("d2", 0755).build();

  /**
   * Classifies A's open result, the merged listings of {@code d1} and {@code d2}, whether the
   * upper {@code d1/f} is a regular file (A copied the lower f there again) and the WARN
   * sources, into '+'-joined parts as {@link CopyUpVsRenameUnlink#classify} does:
   * {@code resurrected} (merged d1/f back, upper d1/f a real copy), {@code warn}, and the
   * parts of the races v7 leaves open ({@code oops}, {@code whiteout-lost}: merged d1/f back
   * with no upper d1/f, {@code warn-permission}).
   */
  static String classify(
      String openA,
      String renameB,
      List<String> d1,
      List<String> d2,
      boolean upperD1fIsACopy,
      Set<String> warnSources) {
    if (!openA.equals("ok") && !openA.equals("ENOENT") && !openA.equals(RaceWorld.OOPS)) {
      return "open-A:" + openA;
    }
    if (renameB.equals("ESTALE") && List.of("f").equals(d1) && warnSources.isEmpty()) {
      return "rename-estale";
    }
    if (!renameB.equals("ok") || d1 == null || !List.of("f").equals(d2)) {
      return "B:" + renameB + ",d1:" + d1 + ",d2:" + d2;
    }
    List<String> parts = new ArrayList<>();
    if (openA.equals(RaceWorld.OOPS)) {
      parts.add("oops");
    }
    if (d1.contains("f")) {
      parts.add(upperD1fIsACopy ? "resurrected" : "whiteout-lost");
    }
    RaceWorld.addWarnParts(warnSources, parts);
    return RaceWorld.outcome(parts);
  }

  static class Sample {
    final RaceWorld world;
    final Task a;
    final Task b;
    volatile String openA = "not-run";
    volatile String renameB = "not-run";

    Sample(OvlVersion version) {
      world = RaceWorld.boot(LOWER, UPPER, version);
      a = world.spawn("A", Cred.root());
      b = world.spawn("B", Cred.root());
    }

    void actorA() {
      openA =
          RaceWorld.oopsOr(
              () -> {
                int fd = ModelSys.of(a).open("/mnt/d1/f", Fcntl.O_RDWR);
                if (fd >= 0) {
                  ModelSys.of(a).close(fd);
                }
                return RaceWorld.result(fd);
              });
    }

    void actorB() {
      renameB = RaceWorld.result(ModelSys.of(b).rename("/mnt/d1/f", "/mnt/d2/f"));
    }

    String arbiter() {
      boolean copy = world.exists("/upper/d1/f") && !world.isWhiteout("/upper/d1/f");
      return classify(
          openA,
          renameB,
          world.ls("/mnt/d1"),
          world.ls("/mnt/d2"),
          copy,
          world.warnSources());
    }
  }

  @JCStressTest
  @Description("copyup-vs-rename-crossdir on v6")
  @Outcome(id = "clean", expect = ACCEPTABLE, desc = "f only in d2, no WARN")
  @Outcome(id = "rename-estale", expect = ACCEPTABLE, desc = "ovl_rename lost to the copy-up: ESTALE")
  @Outcome(id = CopyUpVsRenameUnlink.AL_VIRO, expect = ACCEPTABLE_INTERESTING, desc = "d1/f copied again from lower and/or WARN")
  @Outcome(id = RaceWorld.UNFIXED_ONLY, expect = ACCEPTABLE_INTERESTING, desc = "races v7 leaves open (docs/races.md)")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
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
  @Description("copyup-vs-rename-crossdir on v7")
  @Outcome(id = "clean", expect = ACCEPTABLE, desc = "f only in d2, no WARN")
  @Outcome(id = "rename-estale", expect = ACCEPTABLE, desc = "ovl_rename lost to the copy-up: ESTALE")
  @Outcome(id = RaceWorld.UNFIXED_ONLY, expect = ACCEPTABLE_INTERESTING, desc = "races v7 leaves open (docs/races.md)")
  @Outcome(expect = FORBIDDEN, desc = "d1/f copied again, an ovl_dentry_update WARN, or a failed open")
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
