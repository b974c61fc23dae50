package ovlsim.properties.reference;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable non-directory inode of a layer: a regular file (its content) or a symlink (its
 * target), its permission bits and its {@code user.*} xattrs. Content is one char per byte
 * (ISO-8859-1), so that equality is plain string equality.
 */
public record RefInode(Kind kind, int perm, String data, SortedMap<String, String> xattrs) {
  /** The two non-directory types the workloads make. */
  public enum Kind {
    REG,
    LNK
  }

  public RefInode {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(data);
    xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
  }

  public static RefInode file(int perm, String content) {
    return new RefInode(Kind.REG, perm, content, new TreeMap<>());
  }

  /** A symlink: Linux makes every symlink 0777. */
  public static RefInode symlink(String target) {
    return new RefInode(Kind.LNK, 0777, target, new TreeMap<>());
  }

  public RefInode withData(String d) {
    return new RefInode(kind, perm, d, xattrs);
  }

  public RefInode withPerm(int p) {
    return new RefInode(kind, p, data, xattrs);
  }

  public RefInode withXattrs(SortedMap<String, String> x) {
    return new RefInode(kind, perm, data, x);
  }
}
