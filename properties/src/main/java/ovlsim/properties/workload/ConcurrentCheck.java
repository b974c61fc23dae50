package ovlsim.properties.workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import ovlsim.properties.reference.UnionReference.KnownRace;
import ovlsim.kernel.BugLog;

/**
 * The verdict on a {@link ConcurrentRun}: the lock-order part (no lockdep report, no deadlock
 * or watchdog report, no exception out of an operation, no WARN_ON/BUG_ON) and the outcome part
 * (every operation returned what the reference returns in one order consistent with the run,
 * {@link Linearizability}). A run that only the declared {@link KnownRace}s of the 2011 patch
 * explain passes, with the races named; the one WARN_ON a known race makes
 * ({@value #PERMISSION_WARNING}) passes with it.
 */
public final class ConcurrentCheck {
  /** The WARN_ON text of {@link KnownRace#CREATE_THEN_PERMISSION_ENOENT}. */
  public static final String PERMISSION_WARNING = "ovl_permission: negative real dentry";

  /** How the model's VFS reports a NULL {@code d_inode} it is handed (a {@code BUG}). */
  static final String NULL_DEREFERENCE = "NULL pointer dereference";

  /** The start of {@code ovl_whiteout()}'s WARN_ON text for a positive name. */
  static final String WHITEOUT_POSITIVE = "ovl_whiteout: ";

  /** How {@code KMutex} reports a task locking a mutex it holds (a hang in C). */
  static final String SELF_DEADLOCK = "which it holds";

  /**
   * @param ok whether the run passes
   * @param races the known races the run needed (counted, not failures)
   * @param message why not, or an empty string
   */
  public record Verdict(boolean ok, Set<KnownRace> races, String message) {}

  /** How strictly outcomes are checked. */
  public enum Mode {
    /**
     * Every operation's outcome is one the reference gives for it in some state the workload
     * can reach before it ({@link Linearizability#disallowed}): every syscall returns an
     * errno the reference allows. The default, and what CI runs.
     */
    ALLOWED,
    /** All outcomes together are those of one consistent order ({@link Linearizability}). */
    LINEARIZABLE,
    /** As {@link #LINEARIZABLE}, and that order ends in the merged view the run ended in. */
    STRICT
  }

  private ConcurrentCheck() {}

  /**
   * The signature of {@link KnownRace#STALE_DENTRY}: every event in {@code bad} shares a path
   * with a successful removal (unlink, rmdir, rename) that overlapped in time an operation of
   * another task on a path it shares, or with that operation (which worked through the stale
   * dentry), or with another event in {@code bad} that does (what follows from the first wrong
   * outcome).
   */
  static boolean staleDentryFamily(
      ConcurrentRun.Result r, Collection<ConcurrentRun.Event> bad) {
    List<ConcurrentRun.Event> all =
        r.events().stream().flatMap(List::stream).toList();
    // a successful removal that overlapped another task's operation on a shared path, and
    // that operation (which worked through the stale dentry): both taint their paths
    List<ConcurrentRun.Event> tainted = new ArrayList<>();
    for (ConcurrentRun.Event rm : all) {
      if (!rm.outcome().ok() || !isRemoval(rm.op())) {
        continue;
      }
      for (ConcurrentRun.Event x : all) {
        if (x.task() != rm.task() && x.start() < rm.end() && rm.start() < x.end()
            && related(x, rm)) {
          tainted.add(rm);
          tainted.add(x);
        }
      }
    }
    List<ConcurrentRun.Event> racedRemovals = tainted;
    // explained: related to a raced removal, or to an explained violation (a consequence)
    Set<ConcurrentRun.Event> explained = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ConcurrentRun.Event b : bad) {
        if (!explained.contains(b)
            && (racedRemovals.stream().anyMatch(rm -> related(b, rm))
                || explained.stream().anyMatch(x -> related(b, x)))) {
          explained.add(b);
          grew = true;
        }
      }
    }
    return explained.size() == bad.size();
  }

  private static boolean isRemoval(ovlsim.properties.reference.Op op) {
    return op instanceof ovlsim.properties.reference.Op.Unlink
        || op instanceof ovlsim.properties.reference.Op.Rmdir
        || op instanceof ovlsim.properties.reference.Op.Rename;
  }

  /**
   * Do two events name a path one of which is the other or lies under it? The root
   * ({@code .}, what a readdir of the mount names) is above every path.
   */
  private static boolean related(ConcurrentRun.Event a, ConcurrentRun.Event b) {
    for (String p : a.op().paths()) {
      for (String q : b.op().paths()) {
        if (p.equals(q) || p.startsWith(q + "/") || q.startsWith(p + "/")
            || p.equals(".") || q.equals(".")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The signature of {@link KnownRace#NEGATIVE_UPPER_DENTRY_OOPS}: a NullPointerException about
   * an inode, or the model VFS's BUG for a negative dentry, thrown under an overlay inode
   * operation, in a run where another task removed a name successfully.
   */
  static boolean isNegativeUpperOops(ConcurrentRun.Result r) {
    Throwable e = r.crashCause();
    boolean npe = e instanceof NullPointerException && e.getMessage() != null
        && e.getMessage().toLowerCase(Locale.ROOT).contains("inode");
    boolean modelOops = e instanceof ovlsim.kernel.KernelBug && e.getMessage() != null
        && e.getMessage().contains(NULL_DEREFERENCE) && e.getMessage().contains("negative");
    if (!npe && !modelOops) {
      return false;
    }
    boolean underOverlay = false;
    for (StackTraceElement f : e.getStackTrace()) {
      if (f.getClassName().startsWith("ovlsim.overlay.")) {
        underOverlay = true;
        break;
      }
    }
    boolean removal = r.events().stream().flatMap(List::stream)
        .anyMatch(ev -> ev.outcome().ok()
            && (ev.op() instanceof ovlsim.properties.reference.Op.Unlink
                || ev.op() instanceof ovlsim.properties.reference.Op.Rename
                || ev.op() instanceof ovlsim.properties.reference.Op.Rmdir));
    return underOverlay && removal;
  }

  /**
   * The signature of the end {@link KnownRace#FAILED_RMDIR_UNHASHES} can come to: a task
   * locks, under {@code ovl_rename()}, an i_mutex it holds already (the moved directory's, for
   * its opaque xattr, which {@code lock_rename()} took as the new parent: two upper dentries of
   * one directory), in a run where an rmdir failed. In C the task hangs.
   */
  static boolean isFailedRmdirSelfDeadlock(ConcurrentRun.Result r) {
    Throwable e = r.crashCause();
    if (!(e instanceof ovlsim.kernel.KernelBug) || e.getMessage() == null
        || !e.getMessage().contains(SELF_DEADLOCK)) {
      return false;
    }
    boolean inRename = false;
    for (StackTraceElement f : e.getStackTrace()) {
      if (f.getClassName().equals("ovlsim.overlay.OvlDir")
          && f.getMethodName().equals("ovlRename")) {
        inRename = true;
        break;
      }
    }
    boolean failedRmdir = r.events().stream().flatMap(List::stream)
        .anyMatch(ev -> ev.op() instanceof ovlsim.properties.reference.Op.Rmdir
            && !ev.outcome().ok());
    return inRename && failedRmdir;
  }

  /**
   * Judges {@code r}, a run over {@code trees}, checking outcomes as {@code mode} says.
   */
  public static Verdict check(Trees trees, ConcurrentRun.Result r, Mode mode) {
    Verdict v = check0(trees, r, mode);
    if (!v.ok() && Linearizability.hardLinkAliasingReachable(trees.state(r.version()),
        r.events())
        && r.lockdepReports().isEmpty() && r.deadlock() == null && onlyAliasingBugs(r)) {
      // The comparison does not model the 2011 hard-link rename aliasing: not a finding.
      Set<KnownRace> races = EnumSet.copyOf(v.races().isEmpty()
          ? EnumSet.noneOf(KnownRace.class) : v.races());
      races.add(KnownRace.HARDLINK_RENAME_ALIASING);
      return new Verdict(true, races, "");
    }
    return v;
  }

  /** Only the WARN_ONs hard-link aliasing makes ({@value #WHITEOUT_POSITIVE}) or tolerated ones. */
  private static boolean onlyAliasingBugs(ConcurrentRun.Result r) {
    return r.bugs().stream().allMatch(b -> b.message().startsWith(WHITEOUT_POSITIVE)
        || b.message().equals(PERMISSION_WARNING));
  }

  private static Verdict check0(Trees trees, ConcurrentRun.Result r, Mode mode) {
    Set<KnownRace> races = EnumSet.noneOf(KnownRace.class);
    StringBuilder bad = new StringBuilder();
    r.lockdepReports().forEach(x -> bad.append(x.text()).append('\n'));
    boolean oops = r.crash() != null && isNegativeUpperOops(r);
    boolean selfDeadlock = r.crash() != null && !oops && isFailedRmdirSelfDeadlock(r);
    for (BugLog.Entry b : r.bugs()) {
      if (b.kind() == BugLog.Kind.WARNING && b.message().equals(PERMISSION_WARNING)) {
        races.add(KnownRace.CREATE_THEN_PERMISSION_ENOENT);
      } else if (oops && b.kind() == BugLog.Kind.BUG
          && b.message().contains(NULL_DEREFERENCE)) {
        races.add(KnownRace.NEGATIVE_UPPER_DENTRY_OOPS); // the model's BUG for the oops
      } else {
        bad.append(b).append('\n');
      }
    }
    if (r.deadlock() != null) {
      bad.append(r.deadlock()).append('\n');
    }
    if (r.crash() != null) {
      if (oops && bad.length() == 0) {
        races.add(KnownRace.NEGATIVE_UPPER_DENTRY_OOPS);
        return new Verdict(true, races, "");
      }
      if (selfDeadlock && bad.length() == 0) {
        races.add(KnownRace.FAILED_RMDIR_UNHASHES); // the run's outcomes cannot be checked then
        return new Verdict(true, races, "");
      }
      bad.append(r.crash()).append('\n');
    }
    if (bad.length() > 0) {
      return new Verdict(false, races, "the run reported:\n" + bad);
    }
    var initial = trees.state(r.version());
    if (mode == Mode.ALLOWED) {
      var off = Linearizability.disallowed(initial, r.events(), EnumSet.noneOf(KnownRace.class));
      if (off.isEmpty()) {
        return new Verdict(true, races, "");
      }
      // Which declared race explains it? Each alone first, then all of them.
      Set<KnownRace> candidates = EnumSet.of(KnownRace.NO_WHITEOUT, KnownRace.COPY_UP_EEXIST,
          KnownRace.COPY_UP_UNDER_SOURCE_NAME, KnownRace.STALE_UPPER_IS_WHITEOUT,
          KnownRace.FAILED_RMDIR_UNHASHES);
      if (races.contains(KnownRace.CREATE_THEN_PERMISSION_ENOENT)) {
        candidates.add(KnownRace.CREATE_THEN_PERMISSION_ENOENT);
      }
      for (KnownRace k : candidates) {
        if (Linearizability.disallowed(initial, r.events(), EnumSet.of(k)).isEmpty()) {
          races.add(k);
          return new Verdict(true, races, "");
        }
      }
      if (Linearizability.disallowed(initial, r.events(), candidates).isEmpty()) {
        races.addAll(candidates);
        return new Verdict(true, races, "");
      }
      if (staleDentryFamily(r, off.keySet())) {
        races.add(KnownRace.STALE_DENTRY);
        return new Verdict(true, races, "");
      }
      StringBuilder sb = new StringBuilder("outcomes the reference allows in no state the"
          + " workload can reach:\n");
      off.forEach((e, ok) -> sb.append("  ").append(e).append("; allowed: ")
          .append(ok.isEmpty() ? "(never reached)" : ok).append('\n'));
      return new Verdict(false, races, sb.toString());
    }
    if (mode == Mode.STRICT && r.finalView() == null) {
      return new Verdict(false, races, "the final view could not be read: " + r.viewError());
    }
    var view = mode == Mode.STRICT ? r.finalView() : null;
    Linearizability.Verdict strict = Linearizability.check(initial, r.events(), view, false);
    if (strict.ok()) {
      return new Verdict(true, races, "");
    }
    Linearizability.Verdict relaxed = Linearizability.check(initial, r.events(), view, true);
    if (relaxed.ok()) {
      races.addAll(relaxed.races());
      return new Verdict(true, races, "");
    }
    return new Verdict(false, races, strict.explanation());
  }
}
