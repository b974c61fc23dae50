package ovlsim.benchmarks;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
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
import org.openjdk.jmh.annotations.TearDown;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.machine.Machine;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * A cached {@code stat(2)} of a 6-component path through the overlay, against the same on
 * upper-fs directly and {@code Files.readAttributes} in Jimfs, in one model task (the dcache is
 * warm after setup):
 *
 * <ul>
 *   <li>{@code overlayLowerFile}: {@value #LOWER_FILE}, every component only in the lower layer;
 *   <li>{@code overlayUpperFile}: {@value #UPPER_FILE}, every component only in the upper layer;
 *   <li>{@code overlayMergedDir}: {@value #MERGED_DIR}, every component a merged directory;
 *   <li>{@code upperfs}: {@value #UPPER_DIRECT}, the upper-only file on upper-fs itself;
 *   <li>{@code jimfs}: {@value #JIMFS_PATH} in a Jimfs holding the same tree.
 * </ul>
 *
 * <p>The machine is {@link Machine}'s: lower-fs on {@code /lower}, upper-fs on {@code /upper},
 * the overlay on {@code /mnt}. Per thread: a model task runs on one thread at a time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class OverlayStatBenchmark {
  static final String LOWER_FILE = "/mnt/l1/l2/l3/l4/file";
  static final String UPPER_FILE = "/mnt/u1/u2/u3/u4/file";
  static final String MERGED_DIR = "/mnt/m1/m2/m3/m4/m5";
  static final String UPPER_DIRECT = "/upper/u1/u2/u3/u4/file";
  static final String JIMFS_PATH = "/mnt/u1/u2/u3/u4/file";

  ModelSys sys;
  FileSystem jimfs;
  final StatBuf buf = new StatBuf();

  /** The lower layer: {@code l1/../l4/file} and {@code m1/../m5}. */
  static Layer lowerLayer() {
    LayerBuilder b = Layer.builder();
    chain(b, "l", 4).file("l1/l2/l3/l4/file", 0644, "lower");
    chain(b, "m", 5);
    return b.build();
  }

  /** The upper layer: {@code u1/../u4/file} and {@code m1/../m5}. */
  static Layer upperLayer() {
    LayerBuilder b = Layer.builder();
    chain(b, "u", 4).file("u1/u2/u3/u4/file", 0644, "upper");
    chain(b, "m", 5);
    return b.build();
  }

  private static LayerBuilder chain(LayerBuilder b, String prefix, int depth) {
    StringBuilder p = new StringBuilder();
    for (int i = 1; i <= depth; i++) {
      if (i > 1) {
        p.append('/');
      }
      p.append(prefix).append(i);
      b.dir(p.toString(), 0755);
    }
    return b;
  }

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Machine m = Machine.builder().lower(lowerLayer()).upper(upperLayer()).boot();
    sys = m.sys();
    jimfs = Jimfs.newFileSystem(Configuration.unix());
    Trees.writeTo(upperLayer(), jimfs, "/mnt");
    for (String p : new String[] {LOWER_FILE, UPPER_FILE, MERGED_DIR, UPPER_DIRECT}) {
      if (sys.stat(p, buf) != 0) {
        throw new IllegalStateException("benchmark setup: stat " + p + " failed");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    jimfs.close();
  }

  @Benchmark
  public int overlayLowerFile() {
    return sys.stat(LOWER_FILE, buf);
  }

  @Benchmark
  public int overlayUpperFile() {
    return sys.stat(UPPER_FILE, buf);
  }

  @Benchmark
  public int overlayMergedDir() {
    return sys.stat(MERGED_DIR, buf);
  }

  @Benchmark
  public int upperfs() {
    return sys.stat(UPPER_DIRECT, buf);
  }

  @Benchmark
  public BasicFileAttributes jimfs() throws IOException {
    return Files.readAttributes(jimfs.getPath(JIMFS_PATH), BasicFileAttributes.class);
  }
}
