package ovlsim.cli;

import java.util.List;
import java.util.Locale;
import ovlsim.cli.inspect.Snapshot;
import ovlsim.cli.inspect.Snapshotter;

/** What the shell prints of a {@link Snapshot}: dentry trees, inodes, trees of names, locks. */
final class ShellText {
  private ShellText() {}

  /** The caches' titles, by cache. */
  static String cacheTitle(String cache) {
    return switch (cache) {
      case Snapshotter.OVERLAY -> "overlay dentries (overlayfs, /mnt)";
      case Snapshotter.UPPER -> "upper dentries (upperfs, /upper)";
      default -> "lower dentries (lowerfs, /lower)";
    };
  }

  /**
   * One cache's dentries as an indented tree, one per line: name, inode (or {@code negative}),
   * {@code d_count}, {@code UNHASHED} when a lookup would miss it, who holds its inode's
   * i_mutex, and for the overlay its upper and lower dentries ({@code d_fsdata}).
   */
  static String dentries(Snapshot s, String cache) {
    StringBuilder sb = new StringBuilder(cacheTitle(cache)).append(":\n");
    List<Snapshot.DentryView> ds = s.dentries(cache);
    int w = 8;
    for (Snapshot.DentryView d : ds) {
      w = Math.max(w, 2 * d.depth() + name(d).length());
    }
    for (Snapshot.DentryView d : ds) {
      String n = "  ".repeat(d.depth()) + name(d);
      sb.append("  ").append(n).append(" ".repeat(w - n.length())).append("  ");
      Snapshot.InodeView i = s.inode(d.inode());
      sb.append(i == null ? "negative      "
          : String.format(Locale.ROOT, "%-4s ino %-4d", i.type(), i.ino()));
      sb.append(String.format(Locale.ROOT, "  d_count %d", d.count()));
      if (!d.hashed() && d.parent() != null) {
        sb.append("  UNHASHED");
      }
      if (d.opaque()) {
        sb.append("  opaque");
      }
      if (i != null && i.mutexOwner() != null) {
        sb.append("  i_mutex held by ").append(i.mutexOwner());
      }
      if (cache.equals(Snapshotter.OVERLAY)) {
        sb.append("  upper ").append(ref(s, d.upper())).append("  lower ")
            .append(ref(s, d.lower()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String name(Snapshot.DentryView d) {
    return d.parent() == null ? "/" : d.name();
  }

  /** A dentry another points at: its path, and {@code (negative)}/{@code (unhashed)}. */
  private static String ref(Snapshot s, String id) {
    Snapshot.DentryView d = s.dentry(id);
    if (d == null) {
      return "-";
    }
    return d.path() + (d.negative() ? "(negative)" : "")
        + (!d.hashed() && d.parent() != null ? "(unhashed)" : "");
  }

  /** Every inode: filesystem, number, type and mode, links, count, i_mutex class and holder. */
  static String inodes(Snapshot s) {
    StringBuilder sb = new StringBuilder("inodes:\n");
    for (Snapshot.InodeView i : s.inodes()) {
      String path = s.dentries().stream().filter(d -> i.id().equals(d.inode())).findFirst()
          .map(Snapshot.DentryView::path).orElse("?");
      sb.append(String.format(Locale.ROOT, "  %-9s ino %-4d %-4s %04o nlink %d i_count %d  %-14s"
          + " i_mutex %s", i.fs(), i.ino(), i.type(), i.mode(), i.nlink(), i.count(), path,
          i.mutexClass()));
      sb.append(i.mutexOwner() == null ? " (free)"
          : " held by " + i.mutexOwner() + " (" + i.mutexSubclass() + ")");
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A tree of names (a layer or the merged view), indented, with each name's detail. */
  static String tree(String title, List<Snapshot.TreeLine> lines) {
    StringBuilder sb = new StringBuilder(title).append(":\n");
    int w = 8;
    for (Snapshot.TreeLine l : lines) {
      w = Math.max(w, 2 * l.depth() + label(l).length());
    }
    for (Snapshot.TreeLine l : lines) {
      String n = "  ".repeat(l.depth()) + label(l);
      sb.append("  ").append(n).append(" ".repeat(w - n.length())).append("  ")
          .append(l.detail()).append('\n');
    }
    return sb.toString();
  }

  private static String label(Snapshot.TreeLine l) {
    return l.name() + (l.type().equals("dir") && !l.path().equals("/") ? "/" : "");
  }

  /** One task's locks, oldest first: held, or about to be taken (and by whom it is held). */
  static String locks(Snapshot.TaskView t) {
    if (t.locks().isEmpty()) {
      return "holds no lock";
    }
    StringBuilder sb = new StringBuilder();
    for (Snapshot.LockView l : t.locks()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(l.held() ? "holds " : l.owner() != null ? "waits for " : "about to take ")
          .append(l.lock()).append(" (").append(l.lockClass()).append(')');
      if (l.owner() != null) {
        sb.append(" held by ").append(l.owner());
      }
    }
    return sb.toString();
  }

  /** A step in words: what the task does at {@code point}, with the locks of {@code s}. */
  static String describe(Snapshot before, Snapshot s, String task, String point) {
    Snapshot.TaskView t = s.tasks().stream().filter(x -> x.name().equals(task)).findFirst()
        .orElse(null);
    if (point.startsWith("syscall: ")) {
      return "starts " + point.substring(9);
    }
    if (point.startsWith("= ")) {
      return "returns " + point.substring(2);
    }
    if (point.startsWith("mutex_lock:") && t != null) {
      for (Snapshot.LockView l : t.locks()) {
        if (!l.held()) {
          return "about to take " + l.lock() + (l.owner() == null ? "" : ", held by " + l.owner());
        }
      }
    }
    if (point.startsWith("mutex_unlock:") && before != null && t != null) {
      Snapshot.TaskView b = before.tasks().stream().filter(x -> x.name().equals(task))
          .findFirst().orElse(null);
      if (b != null) {
        for (Snapshot.LockView l : b.locks()) {
          boolean still = t.locks().stream().anyMatch(x -> x.lock().equals(l.lock())
              && x.lockClass().equals(l.lockClass()));
          if (!still) {
            return "released " + l.lock();
          }
        }
      }
    }
    if (!point.startsWith("mutex_")) {
      return "the overlay's named point";
    }
    return "";
  }
}
