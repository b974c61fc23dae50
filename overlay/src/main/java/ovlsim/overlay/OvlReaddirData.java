package ovlsim.overlay;

import java.util.TreeMap;
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
   * duplicates. The Java form of the rbtree is a {@link TreeMap} in {@code strncmp()} order.
   */
  TreeMap<String, OvlCacheEntry> root;
  ListHead list;
  ListHead middle;
  Dentry dir;
  int count;
  int err;
  /** Model-only: the version of the overlay being read, for the {@link OvlPatch} switches. */
  OvlVersion version;
}
