package ovlsim.lowerfs;

import java.util.Arrays;
import ovlsim.layer.LayerNode;
import ovlsim.layer.NodeType;

/**
 * One inode of a {@link LowerImage}: the on-disk inode of squashfs. Its attributes are the
 * layer's {@link LayerNode}; the image adds the inode number, the parent (for a directory's
 * {@code ..}) and, for a directory, its entries sorted by name as squashfs stores them.
 *
 * <p>Immutable once the image is built; read without locks.
 */
final class ImageInode {
  private static final String[] NO_NAMES = new String[0];
  private static final ImageInode[] NO_CHILDREN = new ImageInode[0];

  final int ino;
  final LayerNode attrs;
  /** The directory holding this one ({@code ..}); the root is its own parent. Dirs only. */
  ImageInode parent;
  /** Entry names, sorted; only a directory has any. */
  String[] names = NO_NAMES;
  /** {@code children[i]} is the inode {@code names[i]} names. */
  ImageInode[] children = NO_CHILDREN;
  /** {@code i_size}: see {@link LowerImage}. */
  long size;

  ImageInode(int ino, LayerNode attrs) {
    this.ino = ino;
    this.attrs = attrs;
  }

  boolean isDir() {
    return attrs.type() == NodeType.DIRECTORY;
  }

  /**
   * The entry {@code name} of this directory, or {@code null}: a binary search of the sorted
   * names (squashfs searches its directory index, then the sorted entries).
   */
  ImageInode child(String name) {
    int i = Arrays.binarySearch(names, name);
    return i < 0 ? null : children[i];
  }

  @Override
  public String toString() {
    return "image-inode{" + ino + "," + attrs + "}";
  }
}
