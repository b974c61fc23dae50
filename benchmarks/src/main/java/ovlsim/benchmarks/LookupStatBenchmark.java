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
import ovlsim.kernel.Kernel;
import ovlsim.layer.Layer;
import ovlsim.lowerfs.LowerFsType;
import ovlsim.lowerfs.LowerImage;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Vfs;

/**
 * A cached lookup + stat of a 5-component path ({@code /lower/d3/e4/f5/file6}) on lower-fs,
 * on upper-fs ({@code /upper/...}, the same tree written with {@link Layer#applyTo}), and on
 * Jimfs holding the same tree: {@code stat(2)} in the model against
 * {@code Files.readAttributes} in Jimfs. The dcache is warm after the first call.
 *
 * <p>Per thread: a model task runs on one thread at a time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class LookupStatBenchmark {
  static final String LOWER = "/lower/" + Trees.LEAF;
  static final String UPPER = "/upper/" + Trees.LEAF;

  ModelSys sys;
  FileSystem jimfs;
  final StatBuf buf = new StatBuf();

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Layer layer = Trees.layer();
    Kernel k = new Kernel();
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).registerFilesystem(new LowerFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    sys = ModelSys.of(k.init());
    check("mkdir /lower", sys.mkdir("/lower", 0755));
    k.attachDevice("/dev/loop0", LowerImage.of(layer));
    check("mount", sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    check("mkdir /upper", sys.mkdir("/upper", 0755));
    layer.applyTo(sys, "/upper");
    jimfs = Jimfs.newFileSystem(Configuration.unix());
    Trees.writeTo(layer, jimfs, "/lower");
    check("stat " + LOWER, sys.stat(LOWER, buf));
    check("stat " + UPPER, sys.stat(UPPER, buf));
  }

  private static void check(String what, long result) {
    if (result < 0) {
      throw new IllegalStateException("benchmark setup: " + what + " returned " + result);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    jimfs.close();
  }

  @Benchmark
  public int lowerfs() {
    return sys.stat(LOWER, buf);
  }

  @Benchmark
  public int upperfs() {
    return sys.stat(UPPER, buf);
  }

  @Benchmark
  public BasicFileAttributes jimfs() throws IOException {
    return Files.readAttributes(jimfs.getPath(LOWER), BasicFileAttributes.class);
  }
}
