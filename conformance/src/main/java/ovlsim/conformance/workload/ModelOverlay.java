package ovlsim.conformance.workload;

import ovlsim.conformance.reference.RefLayer;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.lowerfs.LowerFsType;
import ovlsim.lowerfs.LowerImage;
import ovlsim.overlay.OverlayFsType;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Syscalls;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Path;

/**
 * A booted model kernel with the overlay mounted over two layers, for workloads:
 *
 * <ul>
 *   <li>the lower layer is a lower-fs image built from a {@link RefLayer}, mounted read-only at
 *       {@code /lower};
 *   <li>the upper layer is an upper-fs at {@code /upper}, written with syscalls from a
 *       {@link RefLayer} (2011 whiteouts and opaque directories);
 *   <li>the overlay is mounted at {@code /mnt} with
 *       {@code lowerdir=/lower,upperdir=/upper,version=vN}.
 * </ul>
 *
 * Tasks made by {@link #newTask} run as root with umask 0 in {@code /mnt}.
 */
public final class ModelOverlay {
  public static final String MOUNT = "/mnt";

  private final Kernel kernel;
  private final OvlVersion version;

  private ModelOverlay(Kernel kernel, OvlVersion version) {
    this.kernel = kernel;
    this.version = version;
  }

  /**
   * Boots a kernel, makes the layers and mounts the overlay of {@code version} as
   * {@code installer} provides it.
   *
   * @throws IllegalStateException when a step fails (the message names it)
   */
  public static ModelOverlay boot(
      RefLayer lower, RefLayer upper, OvlVersion version, OverlayInstaller installer) {
    Kernel k = new Kernel();
    k.registerFilesystem(new UpperFsType());
    k.registerFilesystem(new LowerFsType());
    installer.register(k);
    k.mountRoot(UpperFsType.NAME, "none", "mode=0755");
    Syscalls sys = k.init().sys();
    for (String d : new String[] {"/lower", "/upper", MOUNT}) {
      check(sys.mkdir(d, 0755), "mkdir " + d);
    }
    check(sys.mount("none", "/upper", UpperFsType.NAME, 0, "mode=0755"), "mount /upper");
    k.attachDevice("/dev/loop0", LowerImage.of(LayerWriter.image(lower)));
    check(sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, Fs.MS_RDONLY, ""), "mount /lower");
    Task setup = k.spawn("setup", Cred.root());
    setup.sys().umask(0);
    check(setup.sys().chdir("/upper"), "chdir /upper");
    LayerWriter.write(upper, FsCalls.of(setup.sys()), LayerWriter.Format.OVL_2011);
    check(sys.mount("overlay", MOUNT, OverlayFsType.NAME, 0,
        "lowerdir=/lower,upperdir=/upper,version=" + version.optionName()), "mount overlay");
    k.init().run(() -> {
      Path p = new Path();
      Namei.kernPath(MOUNT, Fs.LOOKUP_FOLLOW, p);
      try {
        installer.afterMount(k, p.dentry);
      } finally {
        Namespace.pathPut(p);
      }
    });
    return new ModelOverlay(k, version);
  }

  public Kernel kernel() {
    return kernel;
  }

  public OvlVersion version() {
    return version;
  }

  /** A new root task with umask 0 whose working directory is the overlay's root. */
  public Task newTask(String name) {
    Task t = kernel.spawn(name, Cred.root());
    t.sys().umask(0);
    check(t.sys().chdir(MOUNT), "chdir " + MOUNT);
    return t;
  }

  private static void check(long r, String what) {
    if (r < 0) {
      throw new IllegalStateException("model boot: " + what + " = " + r);
    }
  }
}
