package ovlsim.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.machine.Machine;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * Heap per cached overlay dentry: a machine whose lower directory {@code s} holds {@code n}
 * files, each first stat'ed on {@code /lower} (so the lower-fs dentries and inodes are cached,
 * as tmpfs's are pinned in the kernel peer), then on {@code /mnt}; the heap in use after a
 * full GC before and after the overlay lookups, divided by {@code n}. That is what one cached
 * overlay lookup keeps: the overlay dentry, its {@code ovl_entry}, the overlay inode, and the
 * dcache's bookkeeping. The median of three machines.
 *
 * <p>Not a JMH benchmark: it measures memory, not time, in the calling JVM.
 */
final class DentryHeap {
  private DentryHeap() {}

  /** How many lookups the summary measures. */
  static final int N = 20_000;

  /** Bytes per cached overlay lookup, the median of three fresh machines of {@code n} files. */
  static double bytesPerLookup(int n) {
    LayerBuilder b = Layer.builder().dir("s", 0755);
    for (int i = 0; i < n; i++) {
      b.file(String.format("s/f%05d", i), 0644);
    }
    Layer lower = b.build();
    double[] per = new double[3];
    for (int r = 0; r < per.length; r++) {
      per[r] = once(lower, n);
    }
    Arrays.sort(per);
    return per[1];
  }

  private static double once(Layer lower, int n) {
    Machine m = Machine.builder().lower(lower).boot();
    ModelSys sys = m.sys();
    StatBuf st = new StatBuf();
    String[] lowerPaths = new String[n];
    String[] overlayPaths = new String[n];
    for (int i = 0; i < n; i++) {
      String name = String.format("s/f%05d", i);
      lowerPaths[i] = Machine.LOWER + "/" + name;
      overlayPaths[i] = Machine.MOUNT + "/" + name;
      if (sys.stat(lowerPaths[i], st) != 0) {
        throw new IllegalStateException("stat " + lowerPaths[i] + " failed");
      }
    }
    sys.stat(Machine.MOUNT + "/s", st);
    long before = usedAfterGc();
    for (String p : overlayPaths) {
      if (sys.stat(p, st) != 0) {
        throw new IllegalStateException("stat " + p + " failed");
      }
    }
    long after = usedAfterGc();
    Reference.reachabilityFence(m);
    Reference.reachabilityFence(lowerPaths);
    Reference.reachabilityFence(overlayPaths);
    return (double) (after - before) / n;
  }

  private static long usedAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
