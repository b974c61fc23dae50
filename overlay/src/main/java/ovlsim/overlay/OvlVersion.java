package ovlsim.overlay;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * A historical state of the overlay patch series, as a set of {@link OvlPatch}es applied to
 * the v6 code as posted. The mount option {@code version=v6|v7|v7-fix|v10|v11|v15}
 * (model-only) chooses one; the default is the newest. docs/versions.md tells where each comes
 * from.
 */
public enum OvlVersion {
  /** The v6 code exactly as posted on 2011-03-01, WARN_ONs and all. */
  V6(EnumSet.noneOf(OvlPatch.class)),
  /** v7 as posted (2011-03-22), the code Al Viro reviewed: without the review's fix. */
  V7(EnumSet.of(
      OvlPatch.COPY_UP_FAILURE_CLEANUP,
      OvlPatch.READDIR_MARK_WHITEOUTS,
      OvlPatch.DIR_READ_DROPS_ERRORS,
      OvlPatch.REMOVE_WHITEOUTS_FROM_LIST,
      OvlPatch.CHECK_EMPTY_AND_CLEAR,
      OvlPatch.RESTORE_WHITEOUT_ON_FAILURE,
      OvlPatch.WHITEOUT_UNLINK_ON_XATTR_FAILURE,
      OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)),
  /** v7 with Miklos's two patches from the review thread (2011-03-22 and 2011-03-23). */
  V7_FIX(with(V7, OvlPatch.RECHECK_COPY_UP_UNDER_LOCK, OvlPatch.COPY_UP_LOCKED_EEXIST_IS_ERROR)),
  /** v10 (2011-06), with the v8, v9 and v10 changes. */
  V10(with(V7_FIX,
      OvlPatch.REMOVE_AFTER_RENAME_FIX,
      OvlPatch.RENAME_FAILURE_RESTORE_CREATED_ONLY,
      OvlPatch.UPPER_DENTRY_DOUBLE_REF,
      OvlPatch.READDIR_OFF_BY_ONE_FIX,
      OvlPatch.REMOVE_WHITEOUTS_SETS_OPAQUE,
      OvlPatch.PERMISSION_PUTS_ALIAS,
      OvlPatch.WARN_ON_UNINSTANTIATED_UPPER,
      OvlPatch.WHITEOUT_RAISES_CAP_FOWNER)),
  /** v11 (2011-08). */
  V11(with(V10, OvlPatch.STACK_DEPTH_LIMIT, OvlPatch.LOWER_MOUNT_READONLY)),
  /** v15 (2012-08), the last of the series this model ports. */
  V15(with(V11,
      OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN,
      OvlPatch.INODE_PERMISSION_HELPER,
      OvlPatch.DENTRY_OPEN_HOOK,
      OvlPatch.LINK_NEW_INODE,
      OvlPatch.NEW_INODE_ILLEGAL_TYPE_IPUT,
      OvlPatch.COPY_ATTR_UID_GID,
      OvlPatch.ROOT_INODE_AFTER_MOUNTS));

  static {
    if (OvlPatch.values().length > Long.SIZE) {
      throw new ExceptionInInitializerError("OvlVersion.bits holds at most 64 OvlPatch switches");
    }
  }

  private final Set<OvlPatch> patches;
  /** {@link #patches} as one bit per {@link OvlPatch#ordinal()}: {@link #has} is on hot paths. */
  private final long bits;

  OvlVersion(EnumSet<OvlPatch> patches) {
    this.patches = Collections.unmodifiableSet(patches);
    long b = 0;
    for (OvlPatch p : patches) {
      b |= 1L << p.ordinal();
    }
    this.bits = b;
  }

  /** The patches this version applies to v6. */
  public Set<OvlPatch> patches() {
    return patches;
  }

  /** Does this version have {@code patch}? */
  public boolean has(OvlPatch patch) {
    return (bits & (1L << patch.ordinal())) != 0;
  }

  /** The newest version: the default of a mount without {@code version=}. */
  public static OvlVersion newest() {
    OvlVersion[] all = values();
    return all[all.length - 1];
  }

  /** The name users and the mount option spell it with: {@code v6}, {@code v7-fix}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The mount option that selects this version: {@code version=v6}. */
  public String mountOption() {
    return "version=" + optionName();
  }

  /**
   * The version {@code name} names ({@code v6}, {@code V7-FIX}, ...; case does not matter):
   * the one parser of version names, for the mount option and every command.
   *
   * @throws IllegalArgumentException naming the versions there are
   */
  public static OvlVersion fromName(String name) {
    for (OvlVersion v : values()) {
      if (v.optionName().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown overlay version '" + name + "' (known: "
        + String.join(", ", Arrays.stream(values()).map(OvlVersion::optionName).toList()) + ")");
  }

  /** The patches of {@code base} and {@code more}. */
  private static EnumSet<OvlPatch> with(OvlVersion base, OvlPatch... more) {
    EnumSet<OvlPatch> s = base.patches.isEmpty()
        ? EnumSet.noneOf(OvlPatch.class) : EnumSet.copyOf(base.patches);
    s.addAll(Arrays.asList(more));
    return s;
  }

  /**
   * The version a {@code version=} mount option names; EINVAL for anything else, as
   * {@code ovl_parse_opt()} answers an option it does not know.
   */
  static OvlVersion parseMountOption(String s) {
    try {
      return fromName(s);
    } catch (IllegalArgumentException e) {
      throw new KernelError(Errno.EINVAL, "overlayfs: " + e.getMessage());
    }
  }
}
