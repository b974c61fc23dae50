package ovlsim.machine;

import java.util.Objects;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.layer.Layer;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.FilesystemModule;
import ovlsim.vfs.Fs;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * One booted model machine, the way every part of ovlsim runs the overlay:
 *
 * <pre>
 *   /        {@value #ROOT_FS}, the root filesystem, as the kernel's rootfs is a ramfs
 *   /lower   {@value #LOWER_FS}: the lower layer's image, attached as {@value #LOWER_DEVICE}, read-only
 *   /upper   {@value #UPPER_FS}: the upper layer, its entries written with syscalls
 *   /mnt     {@value #OVERLAY_FS}: lowerdir=/lower,upperdir=/upper plus the overlay options
 * </pre>
 *
 * <p>The kernel boots with every {@link FilesystemModule} on the class path registered (the
 * filesystems a kernel is built with), so this class names the filesystems only as
 * {@code mount -t} does. A {@linkplain Builder#staged() staged} boot stops after {@code /upper}
 * for callers that fill the layers first and mount later ({@link #mountLower},
 * {@link #mountOverlay}). A {@linkplain Builder#writableLower writable lower} layer is a second
 * {@value #UPPER_FS} on {@code /lower} instead of the image, for callers that write the lower
 * layer with syscalls.
 *
 * <p>Boot runs as init with umask 0; init keeps that umask. A boot step that fails throws
 * {@link IllegalStateException} naming the step and the errno: it is a bug in the caller's
 * setup, never a result.
 */
public final class Machine {
  /** Where the lower layer is mounted. */
  public static final String LOWER = "/lower";
  /** Where the upper layer is mounted. */
  public static final String UPPER = "/upper";
  /** Where the overlay is mounted. */
  public static final String MOUNT = "/mnt";

  /** The root filesystem's type: ramfs, as the kernel's rootfs ({@code mode=} is its option). */
  public static final String ROOT_FS = "ramfs";
  /** The lower layer's filesystem type: a read-only image filesystem. */
  public static final String LOWER_FS = "lowerfs";
  /** The upper layer's filesystem type: a writable tmpfs-like one. */
  public static final String UPPER_FS = "upperfs";
  /** The overlay's filesystem type. */
  public static final String OVERLAY_FS = "overlayfs";
  /** The device the lower layer's image is attached as. */
  public static final String LOWER_DEVICE = "/dev/loop0";

  private final Kernel kernel = new Kernel();
  private final ModelSys init;
  private final String overlayOptions;
  private final boolean writableLower;
  private VfsMount overlayMount;

  private Machine(Builder b) {
    for (FilesystemModule module : FilesystemModule.load()) {
      module.init(kernel);
    }
    Vfs.of(kernel).mountRoot(ROOT_FS, "rootfs", "mode=0755");
    init = ModelSys.of(kernel.init());
    init.umask(0);
    for (String dir : new String[] {LOWER, UPPER, MOUNT}) {
      check(init.mkdir(dir, 0755), "mkdir " + dir);
    }
    check(init.mount("upper", UPPER, UPPER_FS, 0, b.upperOptions), "mount " + UPPER);
    if (b.upper != null) {
      b.upper.applyTo(init, UPPER);
    }
    writableLower = b.writableLowerOptions != null;
    if (writableLower) {
      check(init.mount("lower", LOWER, UPPER_FS, 0, b.writableLowerOptions), "mount " + LOWER);
      b.lower.applyTo(init, LOWER);
    }
    overlayOptions = b.overlayOptions;
    if (!b.staged) {
      if (!writableLower) {
        mountLower(b.lower);
      }
      mountOverlay(b.readOnly);
    }
  }

  /** A builder of a machine: empty layers, the newest overlay, read-write. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A machine whose lower layer is {@code lower}, whose upper layer starts with {@code upper}'s
   * entries, and whose overlay is mounted with {@code overlayOptions} (e.g. {@code version=v6}).
   */
  public static Machine boot(Layer lower, Layer upper, String overlayOptions) {
    return builder().lower(lower).upper(upper).overlayOptions(overlayOptions).boot();
  }

  /** How a machine boots; see {@link Machine}. */
  public static final class Builder {
    private Layer lower = Layer.builder().build();
    private Layer upper;
    private String upperOptions = "mode=0755";
    private String overlayOptions = "";
    private String writableLowerOptions;
    private boolean readOnly;
    private boolean staged;

    private Builder() {}

    /**
     * The lower layer (one image is built per distinct layer and shared; with
     * {@link #writableLower}, written into the writable lower at boot). Default: empty.
     */
    public Builder lower(Layer layer) {
      this.lower = Objects.requireNonNull(layer, "lower");
      return this;
    }

    /** What the upper layer holds before the overlay is mounted. Default: nothing. */
    public Builder upper(Layer layer) {
      this.upper = Objects.requireNonNull(layer, "upper");
      return this;
    }

    /** The upper filesystem's mount options ({@code size=...}); default {@code mode=0755}. */
    public Builder upperOptions(String options) {
      this.upperOptions = Objects.requireNonNull(options, "upperOptions");
      return this;
    }

    /** Options after {@code lowerdir=/lower,upperdir=/upper}, such as {@code version=v6}. */
    public Builder overlayOptions(String options) {
      this.overlayOptions = Objects.requireNonNull(options, "overlayOptions");
      return this;
    }

    /**
     * Makes the lower layer a fresh {@value Machine#UPPER_FS} mounted read-write on
     * {@value Machine#LOWER} with {@code options}, instead of the read-only image: a writable
     * lower, which a caller fills with syscalls before it mounts the overlay. It is mounted at
     * boot, staged or not, right after {@value Machine#UPPER}; {@link Machine#mountLower} does
     * not apply to it.
     */
    public Builder writableLower(String options) {
      this.writableLowerOptions = Objects.requireNonNull(options, "writableLower");
      return this;
    }

    /** Mounts the overlay with {@code MS_RDONLY}. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Boots up to {@code /upper} only: the caller mounts the lower layer and the overlay
     * ({@link Machine#mountLower}, {@link Machine#mountOverlay}) when the layers are ready.
     */
    public Builder staged() {
      this.staged = true;
      return this;
    }

    public Machine boot() {
      return new Machine(this);
    }
  }

  /**
   * Attaches {@code lower}'s image as {@value #LOWER_DEVICE} and mounts it read-only on
   * {@value #LOWER}; {@link IllegalStateException} on a machine with a
   * {@linkplain Builder#writableLower writable lower}, which is mounted already.
   */
  public void mountLower(Layer lower) {
    Objects.requireNonNull(lower, "lower");
    if (writableLower) {
      throw new IllegalStateException("the lower layer is writable and mounted at boot");
    }
    kernel.attachDevice(LOWER_DEVICE, lower);
    check(init.mount(LOWER_DEVICE, LOWER, LOWER_FS, Fs.MS_RDONLY, ""), "mount " + LOWER);
  }

  /**
   * Mounts the overlay on {@value #MOUNT} with the builder's {@linkplain Builder#overlayOptions
   * options}, with {@code MS_RDONLY} when {@code readOnly}.
   */
  public void mountOverlay(boolean readOnly) {
    mountOverlay(overlayOptions, readOnly);
  }

  /**
   * Mounts the overlay on {@value #MOUNT} with {@code options} after
   * {@code lowerdir=/lower,upperdir=/upper} instead of the builder's: for callers that choose
   * the version (or other options) only when they mount, or mount again with others.
   */
  public void mountOverlay(String options, boolean readOnly) {
    Objects.requireNonNull(options, "options");
    String opts = "lowerdir=" + LOWER + ",upperdir=" + UPPER
        + (options.isEmpty() ? "" : "," + options);
    check(init.mount("overlay", MOUNT, OVERLAY_FS, readOnly ? Fs.MS_RDONLY : 0, opts),
        "mount " + MOUNT + " (" + opts + ")");
    for (VfsMount m : Vfs.of(kernel).mounts()) {
      if (m.mntSb.sType().name().equals(OVERLAY_FS)) {
        overlayMount = m;
      }
    }
  }

  public Kernel kernel() {
    return kernel;
  }

  /** The first task: root, umask 0, cwd {@code /}. */
  public Task init() {
    return kernel.init();
  }

  /** init's syscalls. */
  public ModelSys sys() {
    return init;
  }

  /** A new task named {@code name} acting with {@code cred}, umask 0, cwd {@code /}. */
  public Task spawn(String name, Cred cred) {
    Task t = kernel.spawn(name, cred);
    ModelSys.of(t).umask(0);
    return t;
  }

  /** A new task as {@link #spawn}, its working directory {@code dir}. */
  public Task spawnIn(String name, Cred cred, String dir) {
    Task t = spawn(name, cred);
    check(ModelSys.of(t).chdir(dir), "chdir " + dir + " as " + name);
    return t;
  }

  /** Is the overlay mounted? */
  public boolean overlayMounted() {
    return overlayMount != null;
  }

  /** The overlay's superblock; {@link IllegalStateException} before it is mounted. */
  public SuperBlock overlaySuperBlock() {
    return overlayMountOrThrow().mntSb;
  }

  /** The overlay's root dentry; {@link IllegalStateException} before it is mounted. */
  public Dentry overlayRoot() {
    return overlayMountOrThrow().mntRoot;
  }

  private VfsMount overlayMountOrThrow() {
    if (overlayMount == null) {
      throw new IllegalStateException("the overlay is not mounted");
    }
    return overlayMount;
  }

  private static void check(long result, String step) {
    if (result < 0) {
      throw new IllegalStateException("machine boot: " + step + ": " + Errno.ofResult(result));
    }
  }
}
