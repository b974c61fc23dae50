package ovlsim.overlay;

import java.util.HashMap;
import ovlsim.vfs.Dentry;

/**
 * Port of {@code struct ovl_readdir_data}: the state the fill callbacks ({@code ovl_fill_upper},
 * {@code ovl_fill_lower}, {@code ovl_unlink_whiteout}) share while one directory is read.
 * {@code err} holds a negative errno or 0, as in the C, because the callbacks return it to the
 * filesystem's {@code ->readdir} as their "stop" value.
 */
final class OvlReaddirData {
  /**
   * {@code struct rb_root *root}: the names read so far from the upper layer, for weeding out
   * duplicates. Model difference: a hash map, not an rbtree in {@code strncmp()} order; the C
   * only finds and inserts by name and never walks the tree, so no order is visible
   * (ReaddirBenchmark: the tree was over half of a merged readdir).
   */
  HashMap<String, OvlCacheEntry> root;
  ListHead list;
  ListHead middle;
  Dentry dir;
  int count;
  int err;
  /** Model-only: the version of the overlay being read, for the {@link OvlPatch} switches. */
  OvlVersion version;
}
