package ovlsim.races.explore;

import org.junit.jupiter.api.Test;
import ovlsim.overlay.OvlVersion;
import ovlsim.races.scenario.Catalogue;

class ExploreScratchTest {
  @Test
  void scratch() {
    for (String n : new String[] {"copyup-vs-rename-unlink", "copyup-vs-rename-crossdir", "concurrent-copyup", "ro-rw-inconsistency", "creds-override-isolation", "readdir-vs-create"}) {
    var r = Catalogue.prepared(n);
    for (OvlVersion v : OvlVersion.values()) {
      for (boolean red : new boolean[] {false, true}) {
        ExploreResult res = Explorer.explore(r, v, new Explorer.Options(2, red, 0, 1, 1), Explorer.Progress.NONE);
        System.out.println(n + " " + v + (red ? " reduced " : " full ") + res.summary() + " runs " + res.runs() + " " + res.millis() + " ms");
        res.sorted().forEach(o -> System.out.println("   " + o));
      }
      if (r.scenario().replay() != null) {
      var rep = Explorer.replay(r, v, r.scenario().replay());
      System.out.println("replay " + rep.outcome());
      }
    }
    }
  }
}
