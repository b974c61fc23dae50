package ovlsim.properties.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.Outcome;
import ovlsim.properties.reference.UnionReference.KnownRace;
import ovlsim.properties.reference.UnionState;
import ovlsim.kernel.Errno;

/** The outcome checks on hand-made histories. */
class ConcurrentCheckTest {
  private static final UnionState EMPTY = new Trees(List.of(), List.of()).state();

  private static ConcurrentRun.Event ev(int task, Op op, Outcome o, long start, long end) {
    return new ConcurrentRun.Event(task, 0, op, o, start, end);
  }

  @Test
  void twoCreatesOfOneNameOneWins() {
    var a = ev(0, new Op.Create("a", 0644), Outcome.OK, 1, 4);
    var b = ev(1, new Op.Create("a", 0644), Outcome.error(Errno.EEXIST), 2, 3);
    var hist = List.of(List.of(a), List.of(b));
    assertTrue(Linearizability.check(EMPTY, hist, null).ok());
    assertTrue(Linearizability.disallowed(EMPTY, hist, EnumSet.noneOf(KnownRace.class)).isEmpty());
    var both = List.of(List.of(a), List.of(ev(1, new Op.Create("a", 0644), Outcome.OK, 2, 3)));
    assertFalse(Linearizability.check(EMPTY, both, null).ok(), "both cannot create it");
    // each alone is allowed in some state, jointly they are not
    assertTrue(Linearizability.disallowed(EMPTY, both, EnumSet.noneOf(KnownRace.class)).isEmpty());
  }

  @Test
  void realTimeOrderIsRespected() {
    var create = ev(0, new Op.Create("a", 0644), Outcome.OK, 1, 2);
    var late = ev(1, new Op.Unlink("a"), Outcome.error(Errno.ENOENT), 3, 4);
    var hist = List.of(List.of(create), List.of(late));
    assertFalse(Linearizability.check(EMPTY, hist, null).ok());
    assertEquals(1, Linearizability.disallowed(EMPTY, hist, EnumSet.noneOf(KnownRace.class)).size());
  }

  @Test
  void linkSeesTwoStates() {
    UnionState s = new Trees(List.of(NodeSpec.dir("d", 0755)), List.of()).state();
    var link = ev(0, new Op.Link("d", "e"), Outcome.error(Errno.EPERM), 1, 4);
    var mk = ev(1, new Op.Mkdir("e", 0755), Outcome.OK, 2, 3);
    var rm = ev(2, new Op.Rmdir("e"), Outcome.OK, 2, 3);
    // EPERM needs the old name seen as a directory and the new one free: any state here
    assertTrue(Linearizability.disallowed(s, List.of(List.of(link), List.of(mk), List.of(rm)),
        EnumSet.noneOf(KnownRace.class)).isEmpty());
  }

  @Test
  void staleFlagRaceExplainsResurrection() {
    UnionState s = new Trees(List.of(NodeSpec.file("f", 0644, "")), List.of()).state();
    var unlink = ev(0, new Op.Unlink("f"), Outcome.OK, 1, 2);
    var rmdir = ev(0, new Op.Rmdir("f"), Outcome.error(Errno.ENOTDIR), 3, 4);
    var hist = List.of(List.of(unlink, new ConcurrentRun.Event(0, 1, rmdir.op(), rmdir.outcome(), 3, 4)));
    assertFalse(Linearizability.disallowed(s, hist, EnumSet.noneOf(KnownRace.class)).isEmpty());
    assertTrue(Linearizability.disallowed(s, hist, EnumSet.of(KnownRace.NO_WHITEOUT)).isEmpty());
  }
}
