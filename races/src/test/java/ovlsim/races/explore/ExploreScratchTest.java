package ovlsim.races.explore;

import org.junit.jupiter.api.Test;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Catalogue;

class ExploreScratchTest {
  @Test
  void scratch() {
    var r = Catalogue.prepared("copyup-vs-rename-unlink");
    for (OvlVersion v : OvlVersion.values()) {
      for (int k = 0; k <= 2; k++) {
        long t = System.nanoTime();
        ExploreResult res = Explorer.explore(r, v, new Explorer.Options(k, false, 0, 1, 1), Explorer.Progress.NONE);
        System.out.println(v + " " + res.summary() + " runs " + res.runs() + " " + (System.nanoTime() - t) / 1e6 + " ms");
        res.sorted().forEach(o -> System.out.println("   " + o));
        res = Explorer.explore(r, v, new Explorer.Options(k, true, 0, 1, 1), Explorer.Progress.NONE);
        System.out.println(v + " reduced " + res.summary() + " runs " + res.runs() + " " + res.millis() + " ms");
        res.sorted().forEach(o -> System.out.println("   " + o));
      }
      var rep = Explorer.replay(r, v, r.scenario().replay());
      System.out.println(rep.outcome() + "\n" + rep.timeline());
    }
  }
}
