package ovlsim.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
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

  @Test
  void everyOverlayStatBenchmarkStatsItsPath() throws IOException {
    OverlayStatBenchmark b = new OverlayStatBenchmark();
    b.setup();
    try {
      assertEquals(0, b.overlayLowerFile());
      assertEquals(Stat.S_IFREG | 0644, b.buf.stMode);
      assertEquals(5, b.buf.stSize, "the lower file's content, \"lower\"");
      assertEquals(0, b.overlayUpperFile());
      assertEquals(5, b.buf.stSize, "the upper file's content, \"upper\"");
      assertEquals(0, b.overlayMergedDir());
      assertEquals(Stat.S_IFDIR | 0755, b.buf.stMode);
      assertEquals(0, b.upperfs());
      assertEquals(Stat.S_IFREG | 0644, b.buf.stMode);
      assertEquals(5, b.jimfs().size());
    } finally {
      b.tearDown();
    }
  }

  @Test
  void theCopyUpBenchmarkCopiesTheWholeFileAndCountsWhatItAllocates() {
    CopyUpBenchmark b = new CopyUpBenchmark();
    b.setupTrial();
    b.boot();
    CopyUpBenchmark.Allocation a = new CopyUpBenchmark.Allocation();
    assertEquals(0, b.copyUp(a));
    assertEquals(1, a.copyUps);
    assertTrue(a.allocatedBytes >= CopyUpBenchmark.SIZE, "the upper file's pages at least");
    StatBuf st = new StatBuf();
    assertEquals(0, b.sys.stat("/upper/big", st), "copied up");
    assertEquals(CopyUpBenchmark.SIZE, st.stSize);
    assertTrue(Arrays.equals(b.src, b.arraycopy()));
  }

  @Test
  void everyReaddirBenchmarkReadsItsDirectory() {
    ReaddirBenchmark b = new ReaddirBenchmark();
    b.setup(); // checks the merged counts: every name, less at most one per full batch
    assertEquals(2 * ReaddirBenchmark.N_A + 2, b.flat10k());
    assertEquals(2 * ReaddirBenchmark.N_B + 2, b.flat20k());
    int merged = b.mergedWhiteouts();
    assertTrue(merged <= ReaddirBenchmark.MERGED_A + 2, "no more than the merged names");
    assertTrue(b.names.stream().noneMatch(n -> n.equals("f00000")), "a whiteout hides its name");
    assertTrue(b.mergedSameNames() <= ReaddirBenchmark.N_B + 2);
  }

  @Test
  void theDentryHeapMeasureCountsSomethingPerLookup() {
    assertTrue(DentryHeap.bytesPerLookup(2_000) > 0);
  }

  @Test
  void theKernelPeerRunsOnceOrSaysWhyNot() {
    KernelPeer.Result r = KernelPeer.run(KernelPeer.Length.ONCE);
    if (r.skipped() != null) {
      assertTrue(!r.skipped().isBlank());
      System.out.println("kernel peer skipped: " + r.skipped());
      return;
    }
    for (String key : List.of("stat_overlay_lower_file", "stat_overlay_upper_file",
        "stat_overlay_merged_dir", "stat_tmpfs", "readdir_merged_whiteouts", "readdir_flat10k",
        "readdir_merged_same_names", "readdir_flat20k", "slab_bytes_per_lookup", "copyup_64m")) {
      assertTrue(r.get(key) != null && r.get(key) > 0, key + " in " + r.figures());
    }
  }

  @Test
  void theSummarySaysWhyTheKernelPeerWasSkipped() {
    String s = Main.summary(List.of(), 600, KernelPeer.Result.skip("not root"));
    assertTrue(s.contains("kernel peer skipped: not root"), s);
    assertTrue(s.contains("heap per cached overlay lookup: 600 B"), s);
  }
}
