package ovlsim.properties.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a user sees of a tree: every path (relative, {@code a/b}) with its type, permission
 * bits, and for non-directories size, link count and content or target, plus the
 * {@code user.*} xattrs. Owners, times, st_dev, st_ino and a directory's size and link count
 * (which the 2011 overlay reports as 1 for a merged directory, upstream differently) are left
 * out. Two views compare with {@link #equals}; {@link #diff} says where they differ.
 */
public final class FsView {
  /** One path of the view. {@code nlink} and {@code size} are 0 and {@code data} null for a directory. */
  public record Entry(
      char type, int perm, long size, int nlink, String data, SortedMap<String, String> xattrs) {
    public Entry {
      xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    public static Entry dir(int perm, SortedMap<String, String> xattrs) {
      return new Entry('d', perm, 0, 0, null, xattrs);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append(switch (type) {
        case 'd' -> "dir";
        case 'f' -> "file";
        case 'l' -> "symlink";
        default -> String.valueOf(type);
      });
      sb.append(String.format(" 0%o", perm));
      if (type != 'd') {
        sb.append(" nlink=").append(nlink).append(" size=").append(size);
        sb.append(type == 'l' ? " -> " : " \"").append(escape(data)).append(type == 'l' ? "" : "\"");
      }
      if (!xattrs.isEmpty()) {
        sb.append(' ').append(xattrs);
      }
      return sb.toString();
    }
  }

  private final SortedMap<String, Entry> entries;

  public FsView(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  public SortedMap<String, Entry> entries() {
    return entries;
  }

  /** The merged view of the reference state {@code s}. */
  public static FsView of(UnionState s) {
    TreeMap<String, Entry> out = new TreeMap<>();
    collect(s, Merged.root(s), out);
    return new FsView(out);
  }

  private static void collect(UnionState s, Merged.Node dir, Map<String, Entry> out) {
    for (String name : Merged.childNames(s, dir)) {
      Merged.Node c = Merged.child(s, dir, name);
      String path = String.join("/", c.path());
      if (c.top() instanceof RefDir d) {
        out.put(path, Entry.dir(d.perm(), d.xattrs()));
        collect(s, c, out);
      } else {
        RefInode i = c.inode(s);
        int nlink = c.top() instanceof RefIno r ? c.topLayer(s).nlink(r.ino()) : 1;
        char type = i.kind() == RefInode.Kind.LNK ? 'l' : 'f';
        out.put(path, new Entry(type, i.perm(), i.data().length(), nlink, i.data(), i.xattrs()));
      }
    }
  }

  /** One line per path where the views differ, {@code this} being what was expected. */
  public String diff(FsView actual) {
    List<String> lines = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(entries.keySet());
    paths.addAll(actual.entries.keySet());
    for (String p : paths) {
      Entry e = entries.get(p);
      Entry a = actual.entries.get(p);
      if (!Objects.equals(e, a)) {
        lines.add("  " + p + ": expected " + (e == null ? "nothing" : e) + ", got "
            + (a == null ? "nothing" : a));
      }
    }
    return String.join("\n", lines);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FsView v && v.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    entries.forEach((p, e) -> sb.append("  ").append(p).append(": ").append(e).append('\n'));
    return sb.length() == 0 ? "  (empty)\n" : sb.toString();
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '\0') {
        sb.append("\\0");
      } else if (c < ' ' || c > '~') {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
