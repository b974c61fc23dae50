package ovlsim.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import ovlsim.machine.Machine;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;

/**
 * Copy-up of a {@value #SIZE}-byte lower file ({@code open(O_RDWR)} of {@value #PATH}, then
 * {@code close}) against {@code System.arraycopy} of as many bytes, in the same run. Each
 * copy-up gets a fresh machine (booted in a per-invocation setup, outside the measurement; the
 * lower image of the one layer is shared). The bytes the copy-up allocates are counted around
 * the {@code open} alone with the thread's allocation counter and reported as the secondary
 * results {@code allocatedBytes} and {@code copyUps}; {@code -prof gc} gives
 * {@code gc.alloc.rate.norm} as well, which also counts the per-invocation boot.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class CopyUpBenchmark {
  /** The file's size: 64 MiB. */
  static final int SIZE = 64 << 20;
  static final String PATH = "/mnt/big";

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  Layer lower;
  ModelSys sys;
  byte[] src;
  byte[] dst;

  /** What the copy-ups allocated, per iteration (JMH sums the events). */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Allocation {
    public long allocatedBytes;
    public long copyUps;
  }

  @Setup(Level.Trial)
  public void setupTrial() {
    byte[] content = new byte[SIZE];
    for (int i = 0; i < SIZE; i += 4096) {
      content[i] = (byte) (i >>> 12);
    }
    lower = Layer.builder().file("big", 0644, content).build();
    src = content;
    dst = new byte[SIZE];
  }

  @Setup(Level.Invocation)
  public void boot() {
    sys = Machine.builder().lower(lower).boot().sys();
  }

  @Benchmark
  public int copyUp(Allocation a) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    int fd = sys.open(PATH, Fcntl.O_RDWR);
    long after = THREADS.getCurrentThreadAllocatedBytes();
    if (fd < 0) {
      throw new IllegalStateException("open " + PATH + " O_RDWR returned " + fd);
    }
    a.allocatedBytes += after - before;
    a.copyUps++;
    return sys.close(fd);
  }

  @Benchmark
  public byte[] arraycopy() {
    System.arraycopy(src, 0, dst, 0, SIZE);
    return dst;
  }
}
