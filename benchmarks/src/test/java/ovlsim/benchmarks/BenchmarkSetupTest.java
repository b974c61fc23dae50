package ovlsim.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Kernel;
import ovlsim.layer.Layer;
import ovlsim.lowerfs.LowerImage;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.vfs.Stat;

/** The benchmarks' trees and states are right (one call each; no timing). */
class BenchmarkSetupTest {
  @Test
  void treeHasTenThousandEntriesAndTheLeaf() {
    Layer l = Trees.layer();
    assertEquals(Trees.ENTRIES, l.size());
    assertTrue(l.entry(Trees.LEAF) != null);
    assertEquals(Trees.ENTRIES + 1, LowerImage.of(l).inodeCount());
  }

  @Test
  void everyBuildBenchmarkMakesTheWholeTree() throws IOException {
    ImageBuildBenchmark b = new ImageBuildBenchmark();
    b.setup();
    assertEquals(Trees.ENTRIES, b.layer().size());
    assertEquals(Trees.ENTRIES + 1, b.image().inodeCount());
    assertEquals(Trees.ENTRIES + 1, b.layerAndImage().inodeCount());
    assertTrue(!b.jimfs().isOpen());
    Kernel k = b.upperfsApply();
    StatBuf st = new StatBuf();
    assertEquals(0, ModelSys.of(k.init()).stat("/" + Trees.LEAF, st));
    assertEquals(Stat.S_IFREG | 0644, st.stMode);
    assertEquals(0, ModelSys.of(k.init()).stat("/r99", st));
  }

  @Test
  void everyLookupBenchmarkStatsTheLeaf() throws IOException {
    LookupStatBenchmark b = new LookupStatBenchmark();
    b.setup();
    try {
      assertEquals(0, b.lowerfs());
      assertEquals(Stat.S_IFREG | 0644, b.buf.stMode);
      assertEquals(0, b.upperfs());
      assertEquals(Stat.S_IFREG | 0644, b.buf.stMode);
      assertEquals(1, b.jimfs().size());
    } finally {
      b.tearDown();
    }
  }

  @Test
  void theExploreBenchmarkFindsItsSchedulesAndRunsASample() {
    ExploreBenchmark b = new ExploreBenchmark();
    b.setup();
    assertEquals(ExploreBenchmark.SCHEDULES_BOUND_1, b.searchBound1().schedules());
  }
}
