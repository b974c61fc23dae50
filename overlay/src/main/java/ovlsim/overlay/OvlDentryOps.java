package ovlsim.overlay;

import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.DentryOperations;

/** Port of {@code ovl_dentry_operations}: {@code .d_release = ovl_dentry_release}. */
final class OvlDentryOps implements DentryOperations {
  static final OvlDentryOps OVL_DENTRY_OPERATIONS = new OvlDentryOps();

  private OvlDentryOps() {}

  @Override
  public void dRelease(Dentry dentry) {
    ovlDentryRelease(dentry);
  }

  /**
   * Port of {@code ovl_dentry_release()}: the overlay dentry is being freed; drop its
   * references on the real dentries (two on the upper one from v10,
   * {@link OvlPatch#UPPER_DENTRY_DOUBLE_REF}). The C then frees the entry after an RCU grace period
   * ({@code call_rcu(&oe->rcu, ovl_entry_free)}); the model has no RCU-walk that could still
   * see it, and the GC frees it.
   */
  static void ovlDentryRelease(Dentry dentry) {
    OvlEntry oe = (OvlEntry) dentry.dFsdata;

    if (oe != null) {
      if (dentry.dSb.sFsInfo != null && OvlFs.has(dentry, OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
        Dcache.dput(oe.upperdentryPlain()); // v10 UPPER_DENTRY_DOUBLE_REF: the second one
      }
      Dcache.dput(oe.upperdentryPlain());
      Dcache.dput(oe.lowerdentry);
    }
  }
}
