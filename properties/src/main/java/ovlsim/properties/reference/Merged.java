package ovlsim.properties.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The merged view as a function of the two layers, by the rules of the v6 documentation
 * (Documentation/filesystems/overlayfs.txt as posted with v6):
 *
 * <ul>
 *   <li>"When a name exists in both filesystems, the object in the 'upper' filesystem is visible
 *       while the object in the 'lower' filesystem is either hidden or, in the case of
 *       directories, merged with the 'upper' object."
 *   <li>"If a given name appears in both upper and lower filesystems and refers to a
 *       non-directory in either, then the lower object is hidden."
 *   <li>"When a whiteout is found in the upper level of a merged directory, any matching name in
 *       the lower level is ignored, and the whiteout itself is also hidden."
 *   <li>"Where the upper filesystem contains an opaque directory, any directory in the lower
 *       filesystem with the same name is ignored."
 *   <li>"Only the lists of names from directories are merged. Other content such as metadata
 *       and extended attributes are reported for the upper directory only."
 * </ul>
 */
public final class Merged {
  private Merged() {}

  /**
   * A visible name of the merged view: its path from the mount's root, the upper entry (or
   * {@code null}) and the lower entry that takes part (or {@code null}: none, or hidden).
   */
  public record Node(List<String> path, RefEntry upper, RefEntry lower) {
    public Node {
      path = List.copyOf(path);
      if (upper == null && lower == null) {
        throw new IllegalArgumentException("a node needs a layer");
      }
    }

    /** The upper directory, when the node is one. */
    RefDir upperDir() {
      return upper instanceof RefDir d ? d : null;
    }

    /** The lower directory whose names are merged in, when there is one. */
    RefDir lowerDir() {
      return lower instanceof RefDir d ? d : null;
    }

    /** The entry that gives the attributes: the upper one if any ("reported for the upper"). */
    RefEntry top() {
      return upper != null ? upper : lower;
    }

    /** The layer of {@link #top}. */
    RefLayer topLayer(UnionState s) {
      return upper != null ? s.upper() : s.lower();
    }

    public boolean isDir(UnionState s) {
      return top() instanceof RefDir;
    }

    /** A symlink, or a whiteout shown as the symlink it is. */
    public boolean isSymlink(UnionState s) {
      return top() instanceof RefWhiteout
          || (top() instanceof RefIno r && topLayer(s).inode(r.ino()).kind() == RefInode.Kind.LNK);
    }

    /** A directory with a lower part (lower only, or merged): renaming it is EXDEV. */
    public boolean hasLowerDir() {
      return lower instanceof RefDir;
    }

    /** The inode of a non-directory. */
    RefInode inode(UnionState s) {
      if (top() instanceof RefWhiteout) {
        return RefInode.symlink(RefWhiteout.TARGET);
      }
      return topLayer(s).inode(((RefIno) top()).ino());
    }

    /** The symlink's target. */
    public String target(UnionState s) {
      return inode(s).data();
    }

    /** The object's identity, for "old and new are the same inode" in rename. */
    Object identity(UnionState s) {
      if (top() instanceof RefIno r) {
        return List.of(upper != null ? "upper" : "lower", r.ino());
      }
      return path;
    }

    @Override
    public String toString() {
      return "/" + String.join("/", path) + "[upper=" + upper + ", lower=" + lower + "]";
    }
  }

  /** The mount's root: the two root directories, merged. */
  public static Node root(UnionState s) {
    return new Node(List.of(), s.upper().root(), s.lower().root());
  }

  /** The child {@code name} of the directory {@code dir}, or {@code null} when there is none. */
  public static Node child(UnionState s, Node dir, String name) {
    RefDir ud = dir.upperDir();
    RefDir ld = dir.lowerDir();
    RefEntry u = ud == null ? null : ud.get(name);
    RefEntry l = ld == null ? null : ld.get(name);
    List<String> path = new ArrayList<>(dir.path());
    path.add(name);
    if (u instanceof RefWhiteout && ld != null) {
      return null; // a whiteout in a merged directory hides the name and itself
    }
    if (u != null) {
      if (u instanceof RefDir du && !du.opaque() && l instanceof RefDir
          && !s.unmerged().contains(String.join("/", path))) {
        return new Node(path, u, l); // merged directory
      }
      return new Node(path, u, null); // upper hides lower
    }
    if (l != null) {
      return new Node(path, null, l);
    }
    return null;
  }

  /** The node at the canonical {@code path} (no symlinks on it), or {@code null}. */
  public static Node node(UnionState s, List<String> path) {
    Node n = root(s);
    for (String name : path) {
      if (!n.isDir(s)) {
        return null;
      }
      n = child(s, n, name);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** The visible names in the directory {@code dir}, sorted. */
  public static List<String> childNames(UnionState s, Node dir) {
    TreeSet<String> names = new TreeSet<>();
    if (dir.upperDir() != null) {
      names.addAll(dir.upperDir().entries().keySet());
    }
    if (dir.lowerDir() != null) {
      names.addAll(dir.lowerDir().entries().keySet());
    }
    names.removeIf(n -> child(s, dir, n) == null);
    return List.copyOf(names);
  }
}
