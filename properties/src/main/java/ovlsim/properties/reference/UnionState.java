package ovlsim.properties.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference's whole state: the read-only lower layer and the upper layer. The merged view
 * is a function of the two ({@link Merged}); operations change only the upper layer
 * ({@link UnionReference}).
 *
 * <p>Under {@link Semantics#OVL_2011}, {@code dentryOpaque} holds, by path ({@code a/b}), the
 * opaque flag the overlay dentry of an upper non-directory was left with by a create, link or
 * rename; a name not in it has the flag a fresh lookup gives (the lower layer has the name).
 * {@code unmerged} holds the paths of directories moved by a rename whose overlay dentry is
 * still cached: it has no lower part (the directory was upper-only where it came from), so it
 * does not merge with a lower directory of its new name until the dentry is dropped. Both are
 * always empty under {@link Semantics#DOCUMENTED}.
 */
public record UnionState(
    RefLayer lower,
    RefLayer upper,
    Semantics semantics,
    SortedMap<String, Boolean> dentryOpaque,
    SortedSet<String> unmerged) {
  public UnionState {
    Objects.requireNonNull(lower);
    Objects.requireNonNull(upper);
    Objects.requireNonNull(semantics);
    dentryOpaque = Collections.unmodifiableSortedMap(new TreeMap<>(dentryOpaque));
    unmerged = Collections.unmodifiableSortedSet(new TreeSet<>(unmerged));
    lower.walk((p, e) -> {
      if (e instanceof RefWhiteout || (e instanceof RefDir d && d.opaque())) {
        throw new IllegalArgumentException("the lower layer holds overlay metadata at " + p);
      }
    });
  }

  /**
   * The state of two layers as a mount would find them, with every upper whiteout that would be
   * visible removed: the 2011 overlay only recognises a whiteout "in the upper level of a
   * merged directory" (ovl_lookup() checks it only when the parent has a lower directory), so
   * elsewhere one would show as a symlink to {@value RefWhiteout#TARGET}; the 2011 overlay
   * never makes such a state itself, and the upstream kernel hides them, so generated worlds
   * leave them out.
   */
  public static UnionState mountable(RefLayer lower, RefLayer upper, Semantics semantics) {
    UnionState s = new UnionState(lower, upper, semantics, new TreeMap<>(), new TreeSet<>());
    List<List<String>> visible = new ArrayList<>();
    collectVisibleWhiteouts(s, Merged.root(s), visible);
    RefLayer u = upper;
    for (List<String> p : visible) {
      u = u.remove(p.subList(0, p.size() - 1), p.get(p.size() - 1));
    }
    return new UnionState(lower, u, semantics, new TreeMap<>(), new TreeSet<>());
  }

  /** The same with another upper layer and flags. */
  UnionState with(RefLayer newUpper, SortedMap<String, Boolean> flags) {
    return new UnionState(lower, newUpper, semantics, flags, unmerged);
  }

  /** The same with other pins of unmerged directories. */
  UnionState withUnmerged(SortedSet<String> pins) {
    return new UnionState(lower, upper, semantics, dentryOpaque, pins);
  }

  /** The same with another upper layer. */
  UnionState withUpper(RefLayer newUpper) {
    return new UnionState(lower, newUpper, semantics, dentryOpaque, unmerged);
  }

  private static void collectVisibleWhiteouts(UnionState s, Merged.Node dir, List<List<String>> out) {
    for (String name : Merged.childNames(s, dir)) {
      Merged.Node c = Merged.child(s, dir, name);
      if (c.upper() instanceof RefWhiteout) {
        out.add(c.path());
      } else if (c.isDir(s)) {
        collectVisibleWhiteouts(s, c, out);
      }
    }
  }

  @Override
  public String toString() {
    return "lower " + lower + "\nupper " + upper
        + (dentryOpaque.isEmpty() ? "" : "\ndentry opaque flags " + dentryOpaque)
        + (unmerged.isEmpty() ? "" : "\nunmerged (cached moved directories) " + unmerged);
  }
}
