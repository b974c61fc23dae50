package ovlsim.cli.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlInspect;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.ListHead;
import ovlsim.vfs.Stat;

/**
 * Takes {@link Snapshot}s of one machine, naming each dentry and inode by the same id in every
 * snapshot. It reads the model only through public fields and the read-only views
 * ({@link OvlInspect}, {@link LayerTree}): it takes no i_mutex, looks nothing up and changes
 * nothing, so it may run at a schedule point while the other tasks are parked there (it must:
 * nothing else may run while it reads).
 */
public final class Snapshotter {
  /** The overlay's dentry cache. */
  public static final String OVERLAY = "overlay";
  /** The upper layer's dentry cache. */
  public static final String UPPER = "upper";
  /** The lower layer's dentry cache. */
  public static final String LOWER = "lower";

  /** How many bytes of a file's content a tree line shows. */
  static final int PREVIEW = 24;

  private final Machine machine;
  private final Map<Object, String> ids = new IdentityHashMap<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** Snapshots of {@code machine}, whose overlay is mounted. */
  public Snapshotter(Machine machine) {
    this.machine = Objects.requireNonNull(machine);
  }

  /** The machine's kernel. */
  public Kernel kernel() {
    return machine.kernel();
  }

  /** The machine's state now, with the locks of {@code tasks}. */
  public Snapshot take(List<Task> tasks) {
    Dentry ovlRoot = machine.overlayRoot();
    Dentry upperRoot = rootOf(OvlInspect.upperDentry(ovlRoot));
    Dentry lowerRoot = rootOf(OvlInspect.lowerDentry(ovlRoot));
    List<Snapshot.DentryView> dentries = new ArrayList<>();
    Map<Inode, Snapshot.InodeView> inodes = new IdentityHashMap<>();
    List<Inode> order = new ArrayList<>();
    Map<KMutex, String[]> locks = new IdentityHashMap<>();
    walk(OVERLAY, ovlRoot, 0, dentries, inodes, order, locks);
    if (upperRoot != null) {
      walk(UPPER, upperRoot, 0, dentries, inodes, order, locks);
    }
    if (lowerRoot != null) {
      walk(LOWER, lowerRoot, 0, dentries, inodes, order, locks);
    }
    List<Snapshot.InodeView> inodeViews = new ArrayList<>();
    for (Inode i : order) {
      inodeViews.add(inodes.get(i));
    }
    List<Snapshot.TaskView> taskViews = new ArrayList<>();
    for (Task t : tasks) {
      taskViews.add(task(t, locks));
    }
    LayerTree upper = upperRoot == null ? null : LayerTree.ofInode(upperRoot.dInode);
    LayerTree lower = lowerRoot == null ? null : lowerTree(lowerRoot);
    List<String> log = new ArrayList<>();
    for (BugLog.Entry e : machine.kernel().bugLog().entries()) {
      log.add((e.kind() == BugLog.Kind.WARNING ? "WARN_ON" : "BUG") + " [" + e.task() + "]: "
          + e.message());
    }
    List<String> reports = new ArrayList<>();
    Lockdep lockdep = Lockdep.of(machine.kernel());
    for (LockdepReport r : lockdep.reports()) {
      reports.add(r.kind().title() + ": " + String.join(" -> ", r.classes()));
    }
    return new Snapshot(dentries, inodeViews, taskViews,
        LayerTree.lines(LayerTree.merge(upper, lower)),
        upper == null ? List.of() : LayerTree.lines(upper),
        lower == null ? List.of() : LayerTree.lines(lower), log, reports,
        lockdep.dependencies().size());
  }

  private static Dentry rootOf(Dentry d) {
    return d == null ? null : d.dSb.sRoot;
  }

  /** The lower layer: the image's {@link Layer} when it is one, else its upper-fs contents. */
  private LayerTree lowerTree(Dentry lowerRoot) {
    if (lowerRoot.dInode != null && LayerTree.readable(lowerRoot.dInode)) {
      return LayerTree.ofInode(lowerRoot.dInode);
    }
    Object device = machine.kernel().device(Machine.LOWER_DEVICE);
    return device instanceof Layer l ? LayerTree.ofLayer(l) : null;
  }

  private String id(String prefix, Object o) {
    return ids.computeIfAbsent(o, k -> prefix + counters.merge(prefix, 1, Integer::sum));
  }

  /** Adds {@code d} and, depth first, every child on its {@code d_subdirs}. */
  private void walk(String cache, Dentry d, int depth, List<Snapshot.DentryView> out,
      Map<Inode, Snapshot.InodeView> inodes, List<Inode> order, Map<KMutex, String[]> locks) {
    Inode inode = d.dInode;
    String fs = d.dSb.sType().name();
    String path = path(d);
    if (inode != null && !inodes.containsKey(inode)) {
      inodes.put(inode, inode(inode));
      order.add(inode);
      locks.putIfAbsent(inode.iMutex, new String[] {"i_mutex " + fs + ":" + path, id("i", inode)});
    }
    locks.putIfAbsent(d.dSb.sVfsRenameMutex, new String[] {"s_vfs_rename_mutex " + fs, null});
    boolean overlay = OvlInspect.isOverlayDentry(d);
    out.add(new Snapshot.DentryView(id(prefix(cache), d), cache, d.dName, path,
        d.isRoot() ? null : id(prefix(cache), d.dParent), depth, !d.dUnhashed(),
        inode == null, d.dCount.get(), inode == null ? null : id("i", inode),
        overlay ? dentryId(OvlInspect.upperDentry(d), UPPER) : null,
        overlay ? dentryId(OvlInspect.lowerDentry(d), LOWER) : null,
        overlay && OvlInspect.opaque(d)));
    List<Dentry> children = new ArrayList<>();
    for (ListHead<Dentry> n = d.dSubdirs.next(); n != d.dSubdirs; n = n.next()) {
      children.add(n.entry());
    }
    // d_subdirs has the newest first; draw them oldest first, as they were made
    for (int i = children.size() - 1; i >= 0; i--) {
      walk(cache, children.get(i), depth + 1, out, inodes, order, locks);
    }
  }

  private String dentryId(Dentry d, String cache) {
    return d == null ? null : id(prefix(cache), d);
  }

  private static String prefix(String cache) {
    return cache.substring(0, 1);
  }

  private Snapshot.InodeView inode(Inode i) {
    KMutex m = i.iMutex;
    Task owner = m.owner();
    return new Snapshot.InodeView(id("i", i), i.iSb.sType().name(), i.iIno, type(i.iMode),
        i.iMode & 07777, i.iNlink, i.iCount.get(), m.key().name(),
        owner == null ? null : owner.name(),
        owner == null || m.ownerSubclass() == null ? null : m.ownerSubclass().name());
  }

  private Snapshot.TaskView task(Task t, Map<KMutex, String[]> labels) {
    List<Snapshot.LockView> out = new ArrayList<>();
    for (HeldLocks.HeldLock h : HeldLocks.of(t).snapshot()) {
      KMutex m = h.lock();
      String[] label = labels.get(m);
      Task owner = m.owner();
      boolean held = owner == t;
      out.add(new Snapshot.LockView(label == null ? m.key().name() : label[0],
          m.name(h.subclass()), held, label == null ? null : label[1],
          held || owner == null ? null : owner.name()));
    }
    return new Snapshot.TaskView(t.name(), "uid=" + t.realCred().uid() + " gid="
        + t.realCred().gid(), out);
  }

  /** The path of {@code d} from its filesystem's root, through {@code d_parent}. */
  static String path(Dentry d) {
    if (d.isRoot()) {
      return "/";
    }
    List<String> names = new ArrayList<>();
    for (Dentry x = d; !x.isRoot(); x = x.dParent) {
      names.add(x.dName);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = names.size() - 1; i >= 0; i--) {
      sb.append('/').append(names.get(i));
    }
    return sb.toString();
  }

  /** The type word of a mode: {@code dir}, {@code reg}, {@code lnk}, ... */
  static String type(int mode) {
    if (Stat.S_ISDIR(mode)) {
      return "dir";
    } else if (Stat.S_ISREG(mode)) {
      return "reg";
    } else if (Stat.S_ISLNK(mode)) {
      return "lnk";
    } else if (Stat.S_ISFIFO(mode)) {
      return "fifo";
    } else if (Stat.S_ISCHR(mode)) {
      return "chr";
    } else if (Stat.S_ISBLK(mode)) {
      return "blk";
    }
    return (mode & Stat.S_IFMT) == Stat.S_IFSOCK ? "sock" : "?";
  }

  /** A file's first bytes for a line: quoted, with control characters escaped. */
  static String preview(byte[] content, long size) {
    String s = new String(content, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(size > content.length ? "...\"" : "\"").toString();
  }
}
