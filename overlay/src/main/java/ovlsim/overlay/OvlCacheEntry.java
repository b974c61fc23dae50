package ovlsim.overlay;

/**
 * Port of {@code struct ovl_cache_entry}: one name of a merged directory's readdir cache.
 * {@code lNode} links it into the cache list (readdir order); the {@code rb_node} of the C is
 * the entry's place in the {@link OvlReaddirData#root} map.
 */
final class OvlCacheEntry {
  final String name;
  /** {@code len}: the name's length in bytes, as the C stores it. */
  final int len;
  final int type;
  final long ino;
  /**
   * {@code is_whiteout}: set at creation in v6 (by {@code ovl_fill_upper()}); from v7
   * ({@link OvlPatch#READDIR_MARK_WHITEOUTS}) set afterwards by {@code ovl_dir_mark_whiteouts()}.
   */
  boolean isWhiteout;
  final ListHead lNode = new ListHead(this);

  OvlCacheEntry(String name, int len, long ino, int type, boolean isWhiteout) {
    this.name = name;
    this.len = len;
    this.type = type;
    this.ino = ino;
    this.isWhiteout = isWhiteout;
  }

  @Override
  public String toString() {
    return "ovl_cache_entry{" + name + (isWhiteout ? ",whiteout" : "") + "}";
  }
}
