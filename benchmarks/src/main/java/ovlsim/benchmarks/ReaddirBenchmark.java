package ovlsim.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.machine.Machine;
import ovlsim.syscall.ModelSys;

/**
 * A whole readdir ({@code open(O_DIRECTORY)}, {@code getdents64} to the end in batches of
 * 1,024, {@code close}) of a merged directory against a flat upper-fs directory holding as
 * many entries as the two layers together:
 *
 * <ul>
 *   <li>{@code mergedWhiteouts}: lower {@value #N_A} names, upper {@value #N_A} of which
 *       {@value #WHITEOUTS} are whiteouts of lower names (made by {@code unlink} through the
 *       overlay): {@value #MERGED_A} names; peer {@code flat10k};
 *   <li>{@code mergedSameNames}: lower and upper the same {@value #N_B} names; peer
 *       {@code flat20k}.
 * </ul>
 *
 * <p>Every open of a merged directory builds its cache anew, as in the C (the cache belongs to
 * the open file). The dentries of the whiteouts are cached after setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class ReaddirBenchmark {
  static final int N_A = 5_000;
  static final int WHITEOUTS = 1_000;
  static final int MERGED_A = 2 * N_A - 2 * WHITEOUTS;
  static final int N_B = 10_000;

  ModelSys sysA;
  ModelSys sysB;
  final List<String> names = new ArrayList<>(2 * N_B + 2);

  static String name(char prefix, int i) {
    return String.format("%c%05d", prefix, i);
  }

  static void files(LayerBuilder b, String dir, char prefix, int n) {
    b.dir(dir, 0755);
    for (int i = 0; i < n; i++) {
      b.file(dir + "/" + name(prefix, i), 0644);
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    LayerBuilder lowerA = Layer.builder();
    files(lowerA, "d", 'f', N_A);
    LayerBuilder upperA = Layer.builder();
    files(upperA, "d", 'g', N_A - WHITEOUTS);
    files(upperA, "flat10k", 'f', 2 * N_A);
    files(upperA, "flat20k", 'f', 2 * N_B);
    sysA = Machine.builder().lower(lowerA.build()).upper(upperA.build()).boot().sys();
    for (int i = 0; i < WHITEOUTS; i++) {
      String p = "/mnt/d/" + name('f', i);
      if (sysA.unlink(p) != 0) {
        throw new IllegalStateException("benchmark setup: unlink " + p + " failed");
      }
    }
    LayerBuilder lowerB = Layer.builder();
    files(lowerB, "d", 'f', N_B);
    LayerBuilder upperB = Layer.builder();
    files(upperB, "d", 'f', N_B);
    sysB = Machine.builder().lower(lowerB.build()).upper(upperB.build()).boot().sys();
    checkMerged(mergedWhiteouts(), MERGED_A);
    checkMerged(mergedSameNames(), N_B);
    check(flat10k(), 2 * N_A, 0);
    check(flat20k(), 2 * N_B, 0);
  }

  /**
   * A merged directory read in batches loses one name at each full batch: the series'
   * {@code ovl_readdir()} moves its cursor and {@code f_pos} past an entry before the filler
   * refuses it (the model is faithful to that; the kernel peer's count is exact).
   */
  private static void checkMerged(int got, int names) {
    check(got, names, (names + 2) / 1024);
  }

  private static void check(int got, int names, int lost) {
    if (got > names + 2 || got < names + 2 - lost) {
      throw new IllegalStateException("benchmark setup: readdir gave " + got + " entries, not "
          + (names + 2) + (lost == 0 ? "" : " less at most " + lost));
    }
  }

  private int read(ModelSys sys, String path) {
    names.clear();
    int err = sys.readdir(path, names);
    if (err != 0) {
      throw new IllegalStateException("readdir " + path + " returned " + err);
    }
    return names.size();
  }

  @Benchmark
  public int mergedWhiteouts() {
    return read(sysA, "/mnt/d");
  }

  @Benchmark
  public int flat10k() {
    return read(sysA, "/upper/flat10k");
  }

  @Benchmark
  public int mergedSameNames() {
    return read(sysB, "/mnt/d");
  }

  @Benchmark
  public int flat20k() {
    return read(sysA, "/upper/flat20k");
  }
}
