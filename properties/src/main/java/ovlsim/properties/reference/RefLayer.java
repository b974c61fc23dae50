package ovlsim.properties.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * One immutable layer (directory tree) of the reference: a root directory and a table of the
 * non-directory inodes its {@link RefIno} entries name. Every change returns a new layer; an
 * inode no name refers to any more leaves the table, so two layers with the same tree and
 * contents are equal whatever happened before (up to inode numbering).
 *
 * <p>Paths are lists of names from the layer's root; {@code []} is the root.
 */
public record RefLayer(RefDir root, SortedMap<Integer, RefInode> inodes, int nextIno) {
  public RefLayer {
    inodes = Collections.unmodifiableSortedMap(new TreeMap<>(inodes));
  }

  /** An empty layer whose root has {@code perm}. */
  public static RefLayer empty(int perm) {
    return new RefLayer(RefDir.empty(perm), new TreeMap<>(), 1);
  }

  /** The entry at {@code path}, or {@code null} (also when a component is not a directory). */
  public RefEntry get(List<String> path) {
    RefEntry cur = root;
    for (String name : path) {
      if (!(cur instanceof RefDir d)) {
        return null;
      }
      cur = d.get(name);
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }

  /** The directory at {@code path}; {@link IllegalStateException} when there is none. */
  public RefDir dir(List<String> path) {
    if (get(path) instanceof RefDir d) {
      return d;
    }
    throw new IllegalStateException("no directory /" + String.join("/", path) + " in " + this);
  }

  public RefInode inode(int ino) {
    RefInode i = inodes.get(ino);
    if (i == null) {
      throw new IllegalStateException("no inode " + ino);
    }
    return i;
  }

  /** Replaces the directory at {@code path} by {@code f} of it. */
  public RefLayer updateDir(List<String> path, UnaryOperator<RefDir> f) {
    return new RefLayer(update(root, path, 0, f), inodes, nextIno).gc();
  }

  private static RefDir update(RefDir d, List<String> path, int i, UnaryOperator<RefDir> f) {
    if (i == path.size()) {
      return f.apply(d);
    }
    if (!(d.get(path.get(i)) instanceof RefDir child)) {
      throw new IllegalStateException("no directory " + path.subList(0, i + 1));
    }
    return d.with(path.get(i), update(child, path, i + 1, f));
  }

  /** Puts {@code e} as {@code name} in the directory {@code dir}, replacing what was there. */
  public RefLayer put(List<String> dir, String name, RefEntry e) {
    return updateDir(dir, d -> d.with(name, e));
  }

  /** Removes {@code name} (and the subtree under it) from the directory {@code dir}. */
  public RefLayer remove(List<String> dir, String name) {
    return updateDir(dir, d -> d.without(name));
  }

  /** Adds {@code inode} to the table; the new layer's {@link #nextIno} - 1 is its number. */
  public RefLayer addInode(RefInode inode) {
    TreeMap<Integer, RefInode> m = new TreeMap<>(inodes);
    m.put(nextIno, inode);
    return new RefLayer(root, m, nextIno + 1);
  }

  /** Replaces inode {@code ino}. */
  public RefLayer setInode(int ino, RefInode inode) {
    inode(ino);
    TreeMap<Integer, RefInode> m = new TreeMap<>(inodes);
    m.put(ino, inode);
    return new RefLayer(root, m, nextIno);
  }

  /** How many names refer to inode {@code ino}: its {@code st_nlink}. */
  public int nlink(int ino) {
    int[] n = {0};
    walk((path, e) -> {
      if (e instanceof RefIno r && r.ino() == ino) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** Calls {@code visitor} for every entry under the root (not the root), parents first. */
  public void walk(BiConsumer<List<String>, RefEntry> visitor) {
    walk(root, new ArrayList<>(), visitor);
  }

  private static void walk(RefDir d, List<String> path, BiConsumer<List<String>, RefEntry> v) {
    for (Map.Entry<String, RefEntry> e : d.entries().entrySet()) {
      path.add(e.getKey());
      v.accept(List.copyOf(path), e.getValue());
      if (e.getValue() instanceof RefDir sub) {
        walk(sub, path, v);
      }
      path.remove(path.size() - 1);
    }
  }

  /** Drops the inodes no name refers to. */
  private RefLayer gc() {
    Map<Integer, Integer> used = new HashMap<>();
    walk((p, e) -> {
      if (e instanceof RefIno r) {
        used.merge(r.ino(), 1, Integer::sum);
      }
    });
    if (used.size() == inodes.size()) {
      return this;
    }
    TreeMap<Integer, RefInode> m = new TreeMap<>(inodes);
    m.keySet().retainAll(used.keySet());
    return new RefLayer(root, m, nextIno);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    walk((p, e) -> {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(String.join("/", p)).append('=');
      if (e instanceof RefDir d) {
        sb.append(d.opaque() ? "opaque-dir" : "dir").append(" 0").append(Integer.toOctalString(d.perm()));
        if (!d.xattrs().isEmpty()) {
          sb.append(' ').append(d.xattrs());
        }
      } else if (e instanceof RefIno r) {
        RefInode i = inodes.get(r.ino());
        sb.append(r).append(':');
        if (i == null) {
          sb.append('?');
        } else if (i.kind() == RefInode.Kind.LNK) {
          sb.append("symlink->").append(i.data());
        } else {
          sb.append("file 0").append(Integer.toOctalString(i.perm())).append(" \"")
              .append(i.data()).append('"');
          if (!i.xattrs().isEmpty()) {
            sb.append(' ').append(i.xattrs());
          }
        }
      } else {
        sb.append("whiteout");
      }
    });
    return sb.append('}').toString();
  }
}
