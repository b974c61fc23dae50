package ovlsim.lowerfs;

import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.commons.lang3.Validate;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerEntry;
import ovlsim.layer.LayerNode;
import ovlsim.layer.NodeType;

/**
 * A read-only filesystem image, the model's squashfs image: an immutable tree of inodes built
 * from a {@link Layer}. Attach it as a block device ({@code kernel.attachDevice("/dev/loop0",
 * image)}) and mount it with type {@code "lowerfs"}; one image can back any number of devices
 * and kernels at once.
 *
 * <p>Inode numbers follow the layer's order (the root is 1); the names of a hard link share one
 * inode. A directory's entries are sorted by name, and its {@code i_size} is the size of its
 * squashfs directory table: 3 for an empty one, else 3 + a 12-byte header + 8 bytes and the
 * name per entry. Building costs one pass over the layer and a sort per directory.
 */
public final class LowerImage {
  /** Bytes the model counts per inode and for the superblock, for {@link #bytesUsed}. */
  private static final int INODE_BYTES = 32;

  private static final int SUPERBLOCK_BYTES = 96;
  /**
   * {@link #cachedOf}'s images by layer, guarded by itself. Soft values: an image refers to its
   * layer, so only clearing the image under memory pressure lets the layer's entry go.
   */
  private static final Map<Layer, SoftReference<LowerImage>> CACHE = new WeakHashMap<>();

  private final Layer layer;
  private final ImageInode root;
  private final int inodeCount;
  private final long bytesUsed;

  private LowerImage(Layer layer, ImageInode root, int inodeCount, long bytesUsed) {
    this.layer = layer;
    this.root = root;
    this.inodeCount = inodeCount;
    this.bytesUsed = bytesUsed;
  }

  /** The image of {@code layer}. */
  public static LowerImage of(Layer layer) {
    Validate.notNull(layer, "layer");
    return new Builder(layer).build();
  }

  /**
   * The image of {@code layer}, built once and then shared by every caller that passes the same
   * (immutable) layer: for machines that boot many times from one layer.
   */
  public static LowerImage cachedOf(Layer layer) {
    Validate.notNull(layer, "layer");
    synchronized (CACHE) {
      SoftReference<LowerImage> ref = CACHE.get(layer);
      LowerImage image = ref == null ? null : ref.get();
      if (image == null) {
        image = of(layer);
        CACHE.put(layer, new SoftReference<>(image));
      }
      return image;
    }
  }

  /** The image of the host directory {@code dir}: {@code of(Layer.importFrom(dir))}. */
  public static LowerImage importFrom(java.nio.file.Path dir) {
    return of(Layer.importFrom(dir));
  }

  /** The layer this image was built from. */
  public Layer layer() {
    return layer;
  }

  /** How many inodes the image holds, the root included. */
  public int inodeCount() {
    return inodeCount;
  }

  /** The image's size in bytes: what {@code statfs} reports as used. */
  public long bytesUsed() {
    return bytesUsed;
  }

  ImageInode root() {
    return root;
  }

  @Override
  public String toString() {
    return "lower-image{" + inodeCount + " inodes," + bytesUsed + " bytes}";
  }

  private record Child(String name, ImageInode inode) {}

  /** One pass over the layer: inodes in order, then each directory's entries sorted. */
  private static final class Builder {
    private final Layer layer;
    private final Map<String, ImageInode> dirs = new HashMap<>();
    private final Map<ImageInode, List<Child>> entries = new IdentityHashMap<>();
    private final Map<LayerNode, ImageInode> byNode = new IdentityHashMap<>();
    private int nextIno = 1;
    private long bytes = SUPERBLOCK_BYTES;

    Builder(Layer layer) {
      this.layer = layer;
    }

    LowerImage build() {
      ImageInode root = inode(layer.root());
      root.parent = root;
      dirs.put("", root);
      for (LayerEntry e : layer.entries()) {
        ImageInode dir = dirs.get(e.parent());
        ImageInode child = byNode.get(e.node());
        if (child == null) {
          child = inode(e.node());
        }
        if (child.isDir()) {
          child.parent = dir;
          dirs.put(e.path(), child);
        }
        entries.computeIfAbsent(dir, d -> new ArrayList<>()).add(new Child(e.name(), child));
      }
      for (ImageInode dir : dirs.values()) {
        freezeDir(dir, entries.getOrDefault(dir, List.of()));
      }
      return new LowerImage(layer, root, nextIno - 1, bytes);
    }

    private ImageInode inode(LayerNode node) {
      ImageInode i = new ImageInode(nextIno++, node);
      byNode.put(node, i);
      if (node.type() != NodeType.DIRECTORY) {
        i.size = node.contentLength();
        bytes += i.size;
      }
      bytes += INODE_BYTES;
      for (String name : node.xattrNames()) {
        bytes += name.length() + node.xattrLength(name);
      }
      return i;
    }

    private void freezeDir(ImageInode dir, List<Child> list) {
      if (list.size() > 1) {
        list.sort((a, b) -> a.name().compareTo(b.name()));
      }
      int n = list.size();
      dir.names = new String[n];
      dir.children = new ImageInode[n];
      long size = 3;
      if (n > 0) {
        size += 12;
      }
      for (int i = 0; i < n; i++) {
        dir.names[i] = list.get(i).name();
        dir.children[i] = list.get(i).inode();
        size += 8 + dir.names[i].getBytes(StandardCharsets.UTF_8).length;
      }
      dir.size = size;
      bytes += size;
    }
  }
}
