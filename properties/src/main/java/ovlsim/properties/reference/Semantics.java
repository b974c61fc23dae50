package ovlsim.properties.reference;

/**
 * Which union the reference computes.
 *
 * <p>{@link #DOCUMENTED} is the v6 documentation taken at its word: removing or renaming
 * away a name leaves a whiteout exactly when the lower layer would otherwise show through. The
 * upstream kernel (which looks the lower layers up again when it removes a name) behaves so.
 *
 * <p>{@link #OVL_2011} is the same with the one place where the 2011 patch (v6 and v7 alike)
 * differs, found by this property: the overlay decides whether to leave a whiteout from the
 * {@code opaque} flag cached in the overlay dentry ({@code ovl_do_remove()}: {@code if (type !=
 * OVL_PATH_UPPER || ovl_dentry_is_opaque(dentry))}; {@code ovl_rename()} likewise for the old
 * name), and {@code ovl_rename()} updates that flag for directories only. A renamed
 * non-directory therefore keeps the flag its dentry had at the old name (false when it was
 * copied up by the rename itself), and a new name keeps the flag of the negative dentry it
 * was created on (true when a whiteout was there). Consequences: after {@code rename f g} over
 * a name {@code g} that showed a lower object, {@code unlink g} brings the lower {@code g}
 * back; and a file whose flag is set, renamed into a directory with no lower part and removed
 * there, leaves a whiteout that shows as a symlink to {@code (overlay-whiteout)}. Later
 * versions set the flag on every rename ({@code ovl_dentry_set_opaque(old, new_opaque)} for
 * every type: {@link #OVL_2011_V7}, {@link #OVL_2011_V9}). The model's dcache never evicts, so
 * the flag lives as long as the name.
 */
public enum Semantics {
  DOCUMENTED,
  /** v6: the rename keeps a non-directory's flag and sets a directory's. */
  OVL_2011,
  /**
   * v7 and v7-fix ({@code RENAME_OPAQUE_BEFORE_VFS_RENAME}): the rename sets the flag of every
   * moved object to {@code new_opaque}, the target's flag or true when the target is not
   * {@code OVL_PATH_UPPER}, which includes a free name (a negative dentry).
   */
  OVL_2011_V7,
  /** v10 on (v9's {@code REMOVE_AFTER_RENAME_FIX}): as v7, but a free name counts as upper. */
  OVL_2011_V9;

  /** Is this the union of the 2011 series (any version), not the documented one? */
  public boolean series() {
    return this != DOCUMENTED;
  }

  /** The semantics of the model's overlay {@code version}. */
  public static Semantics of(ovlsim.overlay.OvlVersion version) {
    if (version.has(ovlsim.overlay.OvlPatch.REMOVE_AFTER_RENAME_FIX)) {
      return OVL_2011_V9;
    }
    return version.has(ovlsim.overlay.OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)
        ? OVL_2011_V7 : OVL_2011;
  }
}
