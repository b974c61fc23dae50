package ovlsim.overlay;

/**
 * Port of {@code enum ovl_path_type}: where an overlay dentry's object lives. See
 * {@link OvlDentry#ovlPathType}.
 */
enum OvlPathType {
  /** Only in the upper layer, or in both but not a directory (the upper hides the lower). */
  OVL_PATH_UPPER,
  /** A directory in both layers: a merged directory. */
  OVL_PATH_MERGE,
  /** Only in the lower layer: not copied up (yet). */
  OVL_PATH_LOWER,
}
