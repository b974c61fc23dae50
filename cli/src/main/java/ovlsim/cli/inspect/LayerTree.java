package ovlsim.cli.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerEntry;
import ovlsim.layer.LayerNode;
import ovlsim.overlay.OvlInspect;
import ovlsim.upperfs.UpperInspect;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Stat;

/**
 * A layer's contents as a tree of names, read without the VFS (no lookup, no lock): an
 * upper-fs directory through {@link UpperInspect}, the lower image through its {@link Layer};
 * and the merged view of two such trees by the rules of the overlay's documentation (v6): the
 * upper object hides a lower one of the same name, except that two directories merge unless
 * the upper one is opaque; a whiteout hides the lower name and itself.
 */
final class LayerTree {
  final String type;
  final int mode;
  /** The inode number, or -1 where the layer has none to show (the image). */
  final long ino;
  final String target;
  final String content;
  final boolean whiteout;
  final boolean opaque;
  /** Where a merged node comes from: {@code upper}, {@code lower} or {@code merged}; else null. */
  final String from;
  final Map<String, LayerTree> children = new LinkedHashMap<>();

  private LayerTree(String type, int mode, long ino, String target, String content,
      boolean whiteout, boolean opaque, String from) {
    this.type = type;
    this.mode = mode;
    this.ino = ino;
    this.target = target;
    this.content = content;
    this.whiteout = whiteout;
    this.opaque = opaque;
    this.from = from;
  }

  private LayerTree from(String origin) {
    return new LayerTree(type, mode, ino, target, content, whiteout, opaque, origin);
  }

  /** Can {@link #ofInode} read {@code inode}'s filesystem? */
  static boolean readable(Inode inode) {
    return UpperInspect.isUpperInode(inode);
  }

  /** The tree below the upper-fs directory {@code dir}. */
  static LayerTree ofInode(Inode i) {
    String target = Stat.S_ISLNK(i.iMode) ? UpperInspect.symlinkTarget(i) : null;
    String content = Stat.S_ISREG(i.iMode)
        ? Snapshotter.preview(UpperInspect.content(i, Snapshotter.PREVIEW), i.iSize) : null;
    boolean whiteout = Stat.S_ISLNK(i.iMode)
        && "y".equals(UpperInspect.xattr(i, OvlInspect.WHITEOUT_XATTR));
    boolean opaque = Stat.S_ISDIR(i.iMode)
        && "y".equals(UpperInspect.xattr(i, OvlInspect.OPAQUE_XATTR));
    LayerTree t = new LayerTree(Snapshotter.type(i.iMode), i.iMode & 07777, i.iIno, target,
        content, whiteout, opaque, null);
    for (UpperInspect.Entry e : UpperInspect.entries(i)) {
      t.children.put(e.name(), ofInode(e.inode()));
    }
    return t;
  }

  /** The tree of a layer image. */
  static LayerTree ofLayer(Layer layer) {
    LayerTree root = ofNode(layer.root());
    Map<String, LayerTree> byPath = new LinkedHashMap<>();
    byPath.put("", root);
    for (LayerEntry e : layer.entries()) {
      LayerTree parent = byPath.get(e.parent() == null ? "" : e.parent());
      LayerTree t = ofNode(e.node());
      byPath.put(e.path(), t);
      if (parent != null) {
        parent.children.put(e.name(), t);
      }
    }
    return root;
  }

  private static LayerTree ofNode(LayerNode n) {
    int mode = n.mode();
    String content = Stat.S_ISREG(mode)
        ? Snapshotter.preview(head(n.content()), n.contentLength()) : null;
    return new LayerTree(Snapshotter.type(mode), mode & 07777, -1,
        Stat.S_ISLNK(mode) ? n.target() : null, content, false,
        Stat.S_ISDIR(mode) && isY(n.xattr(OvlInspect.OPAQUE_XATTR)), null);
  }

  private static boolean isY(byte[] v) {
    return v != null && v.length == 1 && v[0] == 'y';
  }

  private static byte[] head(byte[] content) {
    if (content.length <= Snapshotter.PREVIEW) {
      return content;
    }
    byte[] b = new byte[Snapshotter.PREVIEW];
    System.arraycopy(content, 0, b, 0, b.length);
    return b;
  }

  /** The merged view of {@code upper} over {@code lower} (either may be null). */
  static LayerTree merge(LayerTree upper, LayerTree lower) {
    if (upper == null && lower == null) {
      return null;
    }
    if (upper == null) {
      return lowerOnly(lower);
    }
    boolean merges = lower != null && upper.type.equals("dir") && lower.type.equals("dir")
        && !upper.opaque;
    LayerTree t = upper.from(merges ? "merged" : "upper");
    TreeSet<String> names = new TreeSet<>(upper.children.keySet());
    if (merges) {
      names.addAll(lower.children.keySet());
    }
    for (String name : names) {
      LayerTree u = upper.children.get(name);
      LayerTree l = merges ? lower.children.get(name) : null;
      if (u != null && u.whiteout) {
        continue; // hides the lower name, and itself
      }
      LayerTree m = u != null ? merge(u, l) : lowerOnly(l);
      t.children.put(name, m);
    }
    return t;
  }

  private static LayerTree lowerOnly(LayerTree lower) {
    LayerTree t = lower.from("lower");
    lower.children.forEach((n, c) -> t.children.put(n, lowerOnly(c)));
    return t;
  }

  /** The tree as lines, depth first, names sorted. */
  static List<Snapshot.TreeLine> lines(LayerTree root) {
    List<Snapshot.TreeLine> out = new ArrayList<>();
    if (root != null) {
      add(out, "/", 0, root);
    }
    return out;
  }

  private static void add(List<Snapshot.TreeLine> out, String path, int depth, LayerTree t) {
    out.add(new Snapshot.TreeLine(path, depth, t.whiteout ? "whiteout" : t.type, t.detail()));
    for (String name : new TreeSet<>(t.children.keySet())) {
      add(out, (path.equals("/") ? "" : path) + "/" + name, depth + 1, t.children.get(name));
    }
  }

  private String detail() {
    StringBuilder sb = new StringBuilder(whiteout ? "whiteout" : type);
    if (!whiteout) {
      sb.append(String.format(Locale.ROOT, " %04o", mode));
    }
    if (ino >= 0) {
      sb.append(" ino ").append(ino);
    }
    if (opaque) {
      sb.append(" opaque");
    }
    if (from != null) {
      sb.append(" (").append(from).append(')');
    }
    if (target != null && !whiteout) {
      sb.append(" -> ").append(target);
    }
    if (content != null) {
      sb.append(' ').append(content);
    }
    return sb.toString();
  }
}
