package ovlsim.properties.reference;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable directory of a layer: its permission bits, whether it is opaque (the xattr
 * {@code trusted.overlay.opaque=y}: "Where the upper filesystem contains an opaque directory,
 * any directory in the lower filesystem with the same name is ignored"), its {@code user.*}
 * extended attributes and its entries by name.
 */
public record RefDir(
    int perm, boolean opaque, SortedMap<String, String> xattrs, SortedMap<String, RefEntry> entries)
    implements RefEntry {
  public RefDir {
    xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    if ((perm & ~07777) != 0) {
      throw new IllegalArgumentException("perm " + Integer.toOctalString(perm));
    }
  }

  /** An empty, non-opaque directory without xattrs. */
  public static RefDir empty(int perm) {
    return new RefDir(perm, false, new TreeMap<>(), new TreeMap<>());
  }

  public RefEntry get(String name) {
    return entries.get(name);
  }

  public RefDir with(String name, RefEntry e) {
    TreeMap<String, RefEntry> m = new TreeMap<>(entries);
    m.put(name, Objects.requireNonNull(e));
    return new RefDir(perm, opaque, xattrs, m);
  }

  public RefDir without(String name) {
    TreeMap<String, RefEntry> m = new TreeMap<>(entries);
    m.remove(name);
    return new RefDir(perm, opaque, xattrs, m);
  }

  public RefDir withPerm(int p) {
    return new RefDir(p, opaque, xattrs, entries);
  }

  public RefDir withOpaque(boolean o) {
    return new RefDir(perm, o, xattrs, entries);
  }

  public RefDir withXattrs(SortedMap<String, String> x) {
    return new RefDir(perm, opaque, x, entries);
  }

  /** The same attributes with no entries: what a copy-up of this directory creates. */
  public RefDir emptied() {
    return new RefDir(perm, false, xattrs, new TreeMap<>());
  }

  @Override
  public String toString() {
    return "dir" + (opaque ? "(opaque)" : "") + "0" + Integer.toOctalString(perm) + entries;
  }
}
