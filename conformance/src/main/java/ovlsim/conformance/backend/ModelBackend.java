package ovlsim.conformance.backend;

import java.util.function.Consumer;
import java.util.function.Function;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.layer.Layer;
import ovlsim.lowerfs.LowerFsType;
import ovlsim.lowerfs.LowerImage;
import ovlsim.overlay.OverlayFsType;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Syscalls;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fs;

/**
 * Scripts on the model: a fresh {@link Kernel} per script.
 *
 * <ul>
 *   <li>{@code lower} lines run on a scratch upper-fs in a kernel of their own; at
 *       {@code mount} that tree is read back ({@link LayerSnapshot}) into a {@link Layer} and
 *       becomes a read-only lower-fs image, mounted at {@code /lower};
 *   <li>{@code upper} lines run on an upper-fs mounted at {@code /upper} (mode 0755, as the
 *       kernel backend's directory);
 *   <li>{@code mount} mounts the overlay at {@code /mnt} with
 *       {@code lowerdir=/lower,upperdir=/upper} and the version's option;
 *   <li>each line runs in a task of its own, spawned with the line's creds and umask, its cwd
 *       the directory of its target.
 * </ul>
 */
public final class ModelBackend implements Backend {
  private final String name;
  /** Registers the overlay in a kernel; {@code null}: no overlay (the upper layer alone). */
  private final Consumer<Kernel> overlayType;
  private final String overlayOptions;

  private ModelBackend(String name, Consumer<Kernel> overlayType, String overlayOptions) {
    this.name = name;
    this.overlayType = overlayType;
    this.overlayOptions = overlayOptions;
  }

  /** The model with the overlay port at {@code version}. */
  public static ModelBackend of(OvlVersion version) {
    return new ModelBackend("model " + version.optionName(), OverlayFsType::register,
        ",version=" + version.optionName());
  }

  /**
   * The version {@code name} ({@code v6}, {@code V7}) names.
   *
   * @throws IllegalArgumentException naming the versions there are
   */
  public static OvlVersion version(String name) {
    for (OvlVersion v : OvlVersion.values()) {
      if (v.optionName().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown overlay version '" + name + "' (known: "
        + String.join(", ", java.util.Arrays.stream(OvlVersion.values())
            .map(OvlVersion::optionName).toList()) + ")");
  }

  /**
   * The model without an overlay: {@code mount} mounts the lower image but the expectations
   * run on the upper layer itself. For the runner's own tests, which need no overlay port.
   */
  public static ModelBackend upperOnly() {
    return new ModelBackend("model upper-fs only", null, null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Instance start(String scriptName) {
    return new ModelInstance();
  }

  private final class ModelInstance implements Instance {
    /** The kernel the {@code lower} lines run in, until the mount. */
    private final Kernel scratch = new Kernel();
    private final Kernel kernel = new Kernel();
    private boolean mounted;

    ModelInstance() {
      scratch.registerFilesystem(new UpperFsType());
      scratch.mountRoot(UpperFsType.NAME, "none", "mode=0755");
      kernel.registerFilesystem(new UpperFsType());
      kernel.registerFilesystem(new LowerFsType());
      if (overlayType != null) {
        overlayType.accept(kernel);
      }
      kernel.mountRoot(UpperFsType.NAME, "none", "mode=0755");
      Syscalls sys = kernel.init().sys();
      for (String d : new String[] {"/lower", "/upper", "/mnt"}) {
        check(sys.mkdir(d, 0755), "mkdir " + d);
      }
      check(sys.mount("none", "/upper", UpperFsType.NAME, 0, "mode=0755"), "mount /upper");
    }

    @Override
    public <T> T run(Creds creds, Target target, Function<Sys, T> body) {
      Kernel k;
      String dir;
      switch (target) {
        case LOWER -> {
          k = mounted ? kernel : scratch;
          dir = mounted ? "/lower" : "/";
        }
        case UPPER -> {
          k = kernel;
          dir = "/upper";
        }
        default -> {
          if (!mounted) {
            throw new IllegalStateException("the overlay is not mounted yet");
          }
          k = kernel;
          dir = overlayType != null ? "/mnt" : "/upper";
        }
      }
      Task task = k.spawn("fst", Cred.user(creds.uid(), creds.gid(), creds.groups()));
      Syscalls sys = task.sys();
      sys.umask(creds.umask());
      check(sys.chdir(dir), "chdir " + dir);
      return body.apply(new ModelSys(sys));
    }

    @Override
    public void mount(boolean readOnly) {
      Layer lower = LayerSnapshot.of(scratch.init().sys(), "/");
      kernel.attachDevice("/dev/loop0", LowerImage.of(lower));
      Syscalls sys = kernel.init().sys();
      int r = sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, Fs.MS_RDONLY, "");
      if (r < 0) {
        throw new SetupException("cannot mount the lower image: " + ErrnoNames.ofResult(r));
      }
      if (overlayType != null) {
        String type = OverlayFsType.NAME;
        r = sys.mount("overlay", "/mnt", type, readOnly ? Fs.MS_RDONLY : 0,
            "lowerdir=/lower,upperdir=/upper" + overlayOptions);
        if (r < 0) {
          throw new SetupException(
              "mount -t " + type + " failed: " + ErrnoNames.ofResult(r));
        }
      }
      mounted = true;
    }

    @Override
    public java.util.List<String> notes() {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (Kernel k : new Kernel[] {scratch, kernel}) {
        String which = k == scratch ? "model scratch kernel (lower setup)" : "model kernel";
        k.bugLog().entries().forEach(e -> out.add(which + ": " + e));
        k.lockdep().reports().forEach(r -> out.add(which + ": lockdep: " + r.kind().title()
            + " " + r.classes()));
      }
      return out;
    }

    @Override
    public void close() {
      // The kernels are garbage: nothing outside them refers to their objects.
    }

    private static void check(long r, String what) {
      if (r < 0) {
        throw new IllegalStateException("model boot: " + what + ": " + ErrnoNames.ofResult(r));
      }
    }
  }
}
