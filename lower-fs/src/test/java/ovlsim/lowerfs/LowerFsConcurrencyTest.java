package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerEntry;
import ovlsim.vfs.Inode;

/** Tasks on several threads look up the same image at once: one inode per image inode. */
class LowerFsConcurrencyTest {
  @Test
  void concurrentLookupsAgreeOnInodes() throws Exception {
    Layer layer = LowerImagePropertyTest.randomLayer(7, 300);
    LowerFsFixture fx = new LowerFsFixture(layer);
    int threads = 4;
    Map<String, Inode> seen = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Task task = fx.k.spawn("walker" + t, Cred.root());
        int offset = t;
        done.add(pool.submit(() -> {
          start.await();
          return task.call(() -> {
            List<LayerEntry> entries = layer.entries();
            int n = 0;
            for (int i = 0; i < entries.size(); i++) {
              LayerEntry e = entries.get((i * 7 + offset * 31) % entries.size());
              Inode inode = fx.walk(e.path()).dInode;
              Inode first = seen.putIfAbsent(e.path(), inode);
              if (first != null) {
                assertSame(first, inode, e.path());
              }
              n++;
            }
            return n;
          });
        }));
      }
      for (Future<Integer> f : done) {
        assertEquals(layer.size(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    for (LayerEntry e : layer.entries()) {
      if (e.isHardlink()) {
        assertSame(seen.get(e.linkTo()), seen.get(e.path()), e.path());
      }
    }
    assertEquals(List.of(), Lockdep.of(fx.k).reports());
  }
}
