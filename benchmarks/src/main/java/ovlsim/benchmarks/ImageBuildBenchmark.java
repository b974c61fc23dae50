package ovlsim.benchmarks;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
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
import ovlsim.kernel.Kernel;
import ovlsim.layer.Layer;
import ovlsim.lowerfs.LowerImage;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Vfs;

/**
 * The cost of making the {@value Trees#ENTRIES}-entry benchmark tree from scratch, the way a
 * test would: the {@link Layer} (builder), the lower-fs image of a built layer, both together;
 * and, for scale, the same tree written into a new Jimfs and into a new upper-fs through the
 * syscall API ({@link Layer#applyTo}).
 *
 * <p>The fork gets a fixed, pre-touched 1 GiB heap: each Jimfs tree allocates ~70 MB of 8 KiB
 * blocks, and without it the scores measure the JVM growing its heap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ImageBuildBenchmark {
  Layer layer;

  @Setup(Level.Trial)
  public void setup() {
    layer = Trees.layer();
  }

  /** {@code Layer.builder()} with 10,000 entries, then {@code build()}. */
  @Benchmark
  public Layer layer() {
    return Trees.layer();
  }

  /** {@code LowerImage.of(layer)} of a built layer. */
  @Benchmark
  public LowerImage image() {
    return LowerImage.of(layer);
  }

  /** A test's whole setup of a lower layer: the layer, then its image. */
  @Benchmark
  public LowerImage layerAndImage() {
    return LowerImage.of(Trees.layer());
  }

  /** The peer: a new Jimfs holding the same tree (directories and files). */
  @Benchmark
  public FileSystem jimfs() throws IOException {
    FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    Trees.writeTo(layer, fs, "/lower");
    fs.close();
    return fs;
  }

  /** The upper layer set up the same way: a new kernel, upper-fs as root, the layer applied. */
  @Benchmark
  public Kernel upperfsApply() {
    Kernel k = new Kernel();
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    ModelSys sys = ModelSys.of(k.init());
    layer.applyTo(sys, "/");
    return k;
  }
}
