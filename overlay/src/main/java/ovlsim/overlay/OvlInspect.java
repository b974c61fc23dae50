package ovlsim.overlay;

import ovlsim.vfs.Dentry;

/**
 * Read-only views of an overlay dentry's {@code d_fsdata} ({@code struct ovl_entry}), for tools
 * that draw the overlay (the shell, the step-by-step report); the port never calls them. Each
 * is one load of a field, as a reader of the C without a lock would do: a caller reads while
 * model tasks are parked at their schedule points, so nothing changes under it.
 */
public final class OvlInspect {
  /** The xattr that marks a whiteout (a symlink): {@code trusted.overlay.whiteout=y}. */
  public static final String WHITEOUT_XATTR = OvlDentry.OVL_WHITEOUT_XATTR;

  /** The xattr that marks an opaque directory: {@code trusted.overlay.opaque=y}. */
  public static final String OPAQUE_XATTR = OvlDentry.OVL_OPAQUE_XATTR;

  private OvlInspect() {}

  /** Is {@code dentry} an overlay dentry (its {@code d_fsdata} an {@code ovl_entry})? */
  public static boolean isOverlayDentry(Dentry dentry) {
    return dentry.dFsdata instanceof OvlEntry;
  }

  /** {@code oe->__upperdentry} (an acquire load), or {@code null}; null for a non-overlay dentry. */
  public static Dentry upperDentry(Dentry dentry) {
    return dentry.dFsdata instanceof OvlEntry oe ? OvlEntry.ovlUpperdentryDereference(oe) : null;
  }

  /** {@code oe->lowerdentry}, or {@code null}; null for a non-overlay dentry. */
  public static Dentry lowerDentry(Dentry dentry) {
    return dentry.dFsdata instanceof OvlEntry oe ? oe.lowerdentry : null;
  }

  /** {@code oe->opaque}; false for a non-overlay dentry. */
  public static boolean opaque(Dentry dentry) {
    return dentry.dFsdata instanceof OvlEntry oe && oe.opaque;
  }
}
