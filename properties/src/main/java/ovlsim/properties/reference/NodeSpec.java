package ovlsim.properties.reference;

import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One step of building a layer, as generators make them: add a directory, file, symlink, hard
 * link, whiteout, opaque directory, or a {@code user.*} xattr on an existing file or directory.
 * {@link #build} applies a list of them and skips each one that does not fit (its parent is
 * missing or not a directory, its name is taken, its target is missing), so that any list,
 * and any shrunk list, makes a valid layer.
 *
 * @param path where, relative to the layer's root
 * @param perm permission bits of a directory or file
 * @param data a file's content, a symlink's target, a hard link's existing path, or an xattr's
 *     {@code name=value}
 */
public record NodeSpec(Type type, String path, int perm, String data) {
  /** What a spec adds. */
  public enum Type {
    DIR,
    FILE,
    SYMLINK,
    HARDLINK,
    XATTR,
    /** Upper layers only. */
    WHITEOUT,
    /** Upper layers only. */
    OPAQUE_DIR
  }

  public NodeSpec {
    Objects.requireNonNull(type);
    Objects.requireNonNull(path);
    Objects.requireNonNull(data);
  }

  public static NodeSpec dir(String path, int perm) {
    return new NodeSpec(Type.DIR, path, perm, "");
  }

  public static NodeSpec opaqueDir(String path, int perm) {
    return new NodeSpec(Type.OPAQUE_DIR, path, perm, "");
  }

  public static NodeSpec file(String path, int perm, String content) {
    return new NodeSpec(Type.FILE, path, perm, content);
  }

  public static NodeSpec symlink(String path, String target) {
    return new NodeSpec(Type.SYMLINK, path, 0777, target);
  }

  public static NodeSpec hardlink(String path, String existing) {
    return new NodeSpec(Type.HARDLINK, path, 0, existing);
  }

  public static NodeSpec whiteout(String path) {
    return new NodeSpec(Type.WHITEOUT, path, 0, "");
  }

  public static NodeSpec xattr(String path, String name, String value) {
    return new NodeSpec(Type.XATTR, path, 0, name + "=" + value);
  }

  /**
   * The layer {@code specs} make, in order, from an empty root with mode 0755, skipping those
   * that do not fit; {@code upper} allows whiteouts and opaque directories.
   */
  public static RefLayer build(List<NodeSpec> specs, boolean upper) {
    RefLayer l = RefLayer.empty(0755);
    for (NodeSpec n : specs) {
      l = n.applyTo(l, upper);
    }
    return l;
  }

  private RefLayer applyTo(RefLayer l, boolean upper) {
    List<String> p;
    try {
      p = UnionReference.split(path);
    } catch (IllegalArgumentException e) {
      return l;
    }
    List<String> dir = p.subList(0, p.size() - 1);
    String name = p.get(p.size() - 1);
    if (type == Type.XATTR) {
      int eq = data.indexOf('=');
      if (eq <= 0) {
        return l;
      }
      String k = data.substring(0, eq);
      String v = data.substring(eq + 1);
      RefEntry e = l.get(p);
      if (e instanceof RefDir d) {
        TreeMap<String, String> x = new TreeMap<>(d.xattrs());
        x.put(k, v);
        return l.updateDir(dir, pd -> pd.with(name, d.withXattrs(x)));
      }
      if (e instanceof RefIno r && l.inode(r.ino()).kind() == RefInode.Kind.REG) {
        TreeMap<String, String> x = new TreeMap<>(l.inode(r.ino()).xattrs());
        x.put(k, v);
        return l.setInode(r.ino(), l.inode(r.ino()).withXattrs(x));
      }
      return l;
    }
    if (!(l.get(dir) instanceof RefDir parent) || parent.get(name) != null) {
      return l;
    }
    switch (type) {
      case DIR:
        return l.put(dir, name, RefDir.empty(perm & 07777));
      case OPAQUE_DIR:
        return upper ? l.put(dir, name, RefDir.empty(perm & 07777).withOpaque(true)) : l;
      case WHITEOUT:
        return upper ? l.put(dir, name, RefWhiteout.INSTANCE) : l;
      case FILE:
        l = l.addInode(RefInode.file(perm & 07777, data));
        return l.put(dir, name, new RefIno(l.nextIno() - 1));
      case SYMLINK:
        l = l.addInode(RefInode.symlink(data));
        return l.put(dir, name, new RefIno(l.nextIno() - 1));
      case HARDLINK:
        List<String> existing;
        try {
          existing = UnionReference.split(data);
        } catch (IllegalArgumentException e) {
          return l;
        }
        if (l.get(existing) instanceof RefIno r) {
          return l.put(dir, name, r);
        }
        return l;
      default:
        throw new AssertionError(type);
    }
  }

  @Override
  public String toString() {
    return switch (type) {
      case DIR -> "mkdir " + path + String.format(" 0%o", perm);
      case OPAQUE_DIR -> "mkdir " + path + String.format(" 0%o", perm) + " (opaque)";
      case FILE -> "create " + path + String.format(" 0%o", perm) + " \"" + data + "\"";
      case SYMLINK -> "symlink " + data + " " + path;
      case HARDLINK -> "link " + data + " " + path;
      case WHITEOUT -> "whiteout " + path;
      case XATTR -> "setxattr " + path + " " + data.replaceFirst("=", " ");
    };
  }
}
