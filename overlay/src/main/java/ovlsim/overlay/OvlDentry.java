package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;
import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;
import static ovlsim.overlay.OvlPathType.OVL_PATH_UPPER;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Xattr;

/**
 * The helpers at the top of {@code overlayfs.c}: which layer an overlay dentry's object is in,
 * the real paths and dentries behind it, its opaque flag and version, and the on-disk markers
 * (whiteout, opaque directory).
 *
 * <p>The 2011 on-disk format: a whiteout is a symlink to {@value #OVL_WHITEOUT_SYMLINK} with the
 * xattr {@value #OVL_WHITEOUT_XATTR}{@code =y}; an opaque directory has
 * {@value #OVL_OPAQUE_XATTR}{@code =y}.
 */
final class OvlDentry {
  /** {@code ovl_whiteout_xattr}. */
  static final String OVL_WHITEOUT_XATTR = "trusted.overlay.whiteout";

  /** {@code ovl_opaque_xattr}. */
  static final String OVL_OPAQUE_XATTR = "trusted.overlay.opaque";

  /** {@code ovl_whiteout_symlink}. */
  static final String OVL_WHITEOUT_SYMLINK = "(overlay-whiteout)";

  /** The value {@code "y"} that marks a whiteout or an opaque directory. */
  static final byte[] Y = "y".getBytes(StandardCharsets.US_ASCII);

  private OvlDentry() {}

  private static OvlEntry oe(Dentry dentry) {
    return (OvlEntry) dentry.dFsdata;
  }

  /**
   * Port of {@code ovl_path_type()}: {@code OVL_PATH_MERGE} for a directory with both layers,
   * {@code OVL_PATH_UPPER} when the upper exists, else {@code OVL_PATH_LOWER}. Reads
   * {@code __upperdentry} with a plain load, as the C does.
   */
  static OvlPathType ovlPathType(Dentry dentry) {
    OvlEntry oe = oe(dentry);

    if (oe.upperdentryPlain() != null) {
      if (oe.lowerdentry != null && Stat.S_ISDIR(dentry.dInode.iMode)) {
        return OVL_PATH_MERGE;
      } else {
        return OVL_PATH_UPPER;
      }
    } else {
      return OVL_PATH_LOWER;
    }
  }

  /** Port of {@code ovl_path_upper()}: the upper clone mount and the upper dentry (maybe null). */
  static void ovlPathUpper(Dentry dentry, Path path) {
    OvlFs ofs = OvlFs.of(dentry.dSb);
    OvlEntry oe = oe(dentry);

    path.mnt = ofs.upperMnt;
    path.dentry = OvlEntry.ovlUpperdentryDereference(oe);
  }

  /** Port of {@code ovl_path_lower()}: the lower clone mount and the lower dentry (maybe null). */
  static void ovlPathLower(Dentry dentry, Path path) {
    OvlFs ofs = OvlFs.of(dentry.dSb);
    OvlEntry oe = oe(dentry);

    path.mnt = ofs.lowerMnt;
    path.dentry = oe.lowerdentry;
  }

  /** Port of {@code ovl_path_real()}: the lower path for {@code OVL_PATH_LOWER}, else the upper. */
  static OvlPathType ovlPathReal(Dentry dentry, Path path) {
    OvlPathType type = ovlPathType(dentry);

    if (type == OVL_PATH_LOWER) {
      ovlPathLower(dentry, path);
    } else {
      ovlPathUpper(dentry, path);
    }

    return type;
  }

  /** Port of {@code ovl_dentry_upper()}. */
  static Dentry ovlDentryUpper(Dentry dentry) {
    OvlEntry oe = oe(dentry);

    return OvlEntry.ovlUpperdentryDereference(oe);
  }

  /** Port of {@code ovl_dentry_lower()}. */
  static Dentry ovlDentryLower(Dentry dentry) {
    OvlEntry oe = oe(dentry);

    return oe.lowerdentry;
  }

  /** Port of {@code ovl_dentry_real()}: the upper dentry if there is one, else the lower. */
  static Dentry ovlDentryReal(Dentry dentry) {
    OvlEntry oe = oe(dentry);
    Dentry realdentry;

    realdentry = OvlEntry.ovlUpperdentryDereference(oe);
    if (realdentry == null) {
      realdentry = oe.lowerdentry;
    }

    return realdentry;
  }

  /** Port of {@code ovl_dentry_is_opaque()}. */
  static boolean ovlDentryIsOpaque(Dentry dentry) {
    OvlEntry oe = oe(dentry);
    return oe.opaque;
  }

  /** Port of {@code ovl_dentry_set_opaque()}. */
  static void ovlDentrySetOpaque(Dentry dentry, boolean opaque) {
    OvlEntry oe = oe(dentry);
    oe.opaque = opaque;
  }

  /**
   * Port of {@code ovl_dentry_update()}: publishes the upper dentry of a copied-up or created
   * object. Warns when the upper parent's i_mutex is not held and when an upper dentry is
   * already there (the v6 copy-up vs rename race of the v7 thread trips the second one); the store
   * happens anyway, as in the C.
   */
  static void ovlDentryUpdate(Dentry dentry, Dentry upperdentry) {
    OvlEntry oe = oe(dentry);

    Bugs.warnOn(
        !KMutex.mutexIsLocked(upperdentry.dParent.dInode.iMutex),
        "ovl_dentry_update: upper parent i_mutex not held");
    Bugs.warnOn(
        oe.upperdentryPlain() != null,
        "ovl_dentry_update: %s already has an upper dentry", dentry);
    if (OvlFs.has(dentry, OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
      // v10 UPPER_DENTRY_DOUBLE_REF: a second reference, so d_delete() cannot make it negative.
      Bugs.bugOn(upperdentry.dInode == null, "ovl_dentry_update: negative upper dentry");
      oe.publishUpperdentry(Dcache.dget(upperdentry));
      return;
    }
    oe.publishUpperdentry(upperdentry);
  }

  /** Port of {@code ovl_dentry_version_inc()}: the caller holds the directory's i_mutex. */
  static void ovlDentryVersionInc(Dentry dentry) {
    OvlEntry oe = oe(dentry);

    Bugs.warnOn(
        !KMutex.mutexIsLocked(dentry.dInode.iMutex),
        "ovl_dentry_version_inc: i_mutex of %s not held", dentry);
    oe.version++;
  }

  /** Port of {@code ovl_dentry_version_get()}: the caller holds the directory's i_mutex. */
  static long ovlDentryVersionGet(Dentry dentry) {
    OvlEntry oe = oe(dentry);

    Bugs.warnOn(
        !KMutex.mutexIsLocked(dentry.dInode.iMutex),
        "ovl_dentry_version_get: i_mutex of %s not held", dentry);
    return oe.version;
  }

  /**
   * Port of {@code ovl_is_whiteout()}: a positive symlink whose {@code trusted.overlay.whiteout}
   * is {@code "y"} (one byte read; any error, ERANGE included, means no).
   */
  static boolean ovlIsWhiteout(Dentry dentry) {
    int res;
    byte[] val = new byte[1];

    if (dentry == null) {
      return false;
    }
    if (dentry.dInode == null) {
      return false;
    }
    if (!Stat.S_ISLNK(dentry.dInode.iMode)) {
      return false;
    }

    res = getxattrRes(dentry, OVL_WHITEOUT_XATTR, val, 1);
    if (res == 1 && val[0] == 'y') {
      return true;
    }

    return false;
  }

  /**
   * Port of {@code ovl_is_opaquedir()}: a directory whose {@code trusted.overlay.opaque} is
   * {@code "y"}.
   */
  static boolean ovlIsOpaquedir(Dentry dentry) {
    int res;
    byte[] val = new byte[1];

    if (!Stat.S_ISDIR(dentry.dInode.iMode)) {
      return false;
    }

    res = getxattrRes(dentry, OVL_OPAQUE_XATTR, val, 1);
    if (res == 1 && val[0] == 'y') {
      return true;
    }

    return false;
  }

  /** {@code res = vfs_getxattr(...)}: the length, or the negative errno the C would get. */
  private static int getxattrRes(Dentry dentry, String name, byte[] value, int size) {
    try {
      return Xattr.vfsGetxattr(dentry, name, value, size);
    } catch (KernelError e) {
      return -e.errno().number();
    }
  }
}
