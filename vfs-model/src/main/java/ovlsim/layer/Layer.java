package ovlsim.layer;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Timespec;

/**
 * The content of one filesystem layer: an immutable tree of named {@link LayerNode}s, built
 * once and then either turned into a read-only image (lower-fs's {@code LowerImage}) or written
 * into any writable mounted directory through the syscall API ({@link #applyTo}), so a test or
 * a script sets up the lower and the upper layer the same way.
 *
 * <p>Made by {@link #builder()} or {@link #importFrom(java.nio.file.Path)}. Entries are in the
 * order they were added, every parent before its children; the names of a hard link share one
 * node. Immutable and safe to share between threads and kernels.
 */
public final class Layer {
  /**
   * The times a node has unless the builder sets them: 2011-03-01 12:36:00 UTC, when the v6
   * overlayfs patch was posted. Fixed, so a layer built twice is the same.
   */
  public static final Timespec DEFAULT_TIME = new Timespec(1298982960L, 0);

  private final LayerNode root;
  private final List<LayerEntry> entries;
  private final boolean rootSet;
  private volatile Map<String, LayerEntry> byPath;

  Layer(LayerNode root, List<LayerEntry> entries, boolean rootSet) {
    this.root = root;
    this.entries = Collections.unmodifiableList(entries);
    this.rootSet = rootSet;
  }

  /** A builder of a new layer. */
  public static LayerBuilder builder() {
    return new LayerBuilder();
  }

  /**
   * A layer holding the tree under the host directory {@code dir}, read with java.nio: names,
   * types (directories, regular files, symlinks, fifos, devices), permission bits, symlink
   * targets, content, device numbers, times, hard links and {@code user.*} xattrs (where the
   * host's filesystem has them). Owners are not kept: every node belongs to 0:0, so a layer
   * does not depend on who ran the import.
   *
   * @throws IllegalArgumentException naming the path and the reason, for what a layer cannot
   *     hold (sockets, names the host's encoding cannot decode, files over 2 GiB) or what
   *     cannot be read
   */
  public static Layer importFrom(java.nio.file.Path dir) {
    return HostImport.importTree(dir);
  }

  /** The root directory's node. */
  public LayerNode root() {
    return root;
  }

  /** Were the root's mode, owner, times or xattrs set by the builder. */
  public boolean rootSet() {
    return rootSet;
  }

  /** Every name below the root, parents before children, in the order they were added. */
  public List<LayerEntry> entries() {
    return entries;
  }

  /** How many names the layer has below its root. */
  public int size() {
    return entries.size();
  }

  /** The entry at {@code path} ({@code "a/foo"}), or {@code null}. */
  public LayerEntry entry(String path) {
    Map<String, LayerEntry> m = byPath;
    if (m == null) {
      m = new HashMap<>(entries.size() * 2);
      for (LayerEntry e : entries) {
        m.put(e.path(), e);
      }
      byPath = m;
    }
    return m.get(LayerBuilder.normalize(path));
  }

  /**
   * Writes this layer into the existing directory {@code dir} of a writable mount, through
   * {@code sys} (so through the VFS and the mounted filesystem, whatever it is): creates every
   * entry in order, then, children before parents, sets xattrs, owners, modes and atime/mtime
   * (symlinks keep the times the filesystem gives them, and ctime is the time of the call, as
   * on any filesystem). The root's attributes go onto {@code dir} itself, last, only if the
   * builder set them. Runs with umask
   * 0 and restores the task's umask after. Changes an owner only where it differs from what
   * the filesystem gave, so a task that may not chown (not root) can apply a layer whose owners
   * are its own.
   *
   * @throws LayerApplyException naming the syscall and path, at the first one that fails
   */
  public void applyTo(Sys sys, String dir) {
    new LayerApply(this, sys, dir).run();
  }

  @Override
  public String toString() {
    return "layer{" + entries.size() + " entries}";
  }
}
