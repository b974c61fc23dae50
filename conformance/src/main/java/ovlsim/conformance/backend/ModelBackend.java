package ovlsim.conformance.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.Sys;

/**
 * Scripts on the model: a fresh {@link Machine} per script, booted {@linkplain
 * Machine.Builder#staged() staged}.
 *
 * <ul>
 *   <li>{@code lower} lines run on the upper-fs of a scratch machine of their own; at
 *       {@code mount} that tree is read back ({@link LayerSnapshot}) into a {@link Layer}, which
 *       becomes the read-only lower image on {@value Machine#LOWER};
 *   <li>{@code upper} lines run on {@value Machine#UPPER} (mode 0755, as the kernel backend's
 *       directory);
 *   <li>{@code mount} mounts the lower image and the overlay on {@value Machine#MOUNT};
 *   <li>each line runs in a task of its own, spawned with the line's creds and umask, its cwd
 *       the directory of its target.
 * </ul>
 */
public final class ModelBackend implements Backend {
  private final String name;
  /** The overlay's {@code version=} option; {@code null}: no overlay (the upper layer alone). */
  private final String overlayOptions;
  /** The overlay version; {@code null} for {@link #upperOnly()}. */
  private final OvlVersion version;

  private ModelBackend(String name, String overlayOptions, OvlVersion version) {
    this.name = name;
    this.overlayOptions = overlayOptions;
    this.version = version;
  }

  /** The overlay version this model runs, or {@code null} without an overlay. */
  public OvlVersion version() {
    return version;
  }

  /** The model with the overlay port at {@code version}. */
  public static ModelBackend of(OvlVersion version) {
    return new ModelBackend("model " + version.optionName(), version.mountOption(), version);
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
    /** The machine the {@code lower} lines run in (on its upper layer), until the mount. */
    private final Machine scratch = Machine.builder().staged().boot();
    private final Machine machine = Machine.builder().staged()
        .overlayOptions(overlayOptions == null ? "" : overlayOptions).boot();
    private boolean mounted;

    @Override
    public <T> T run(Creds creds, Target target, Function<Sys, T> body) {
      Machine m;
      String dir;
      switch (target) {
        case LOWER -> {
          m = mounted ? machine : scratch;
          dir = mounted ? Machine.LOWER : Machine.UPPER;
        }
        case UPPER -> {
          m = machine;
          dir = Machine.UPPER;
        }
        default -> {
          if (!mounted) {
            throw new IllegalStateException("the overlay is not mounted yet");
          }
          m = machine;
          dir = overlayOptions != null ? Machine.MOUNT : Machine.UPPER;
        }
      }
      Task task = m.spawnIn("fst", Cred.user(creds.uid(), creds.gid(), creds.groups()), dir);
      ModelSys sys = ModelSys.of(task);
      sys.umask(creds.umask());
      return body.apply(sys);
    }

    @Override
    public void mount(boolean readOnly) {
      Layer lower = LayerSnapshot.of(scratch.sys(), Machine.UPPER);
      try {
        machine.mountLower(lower);
      } catch (IllegalStateException e) {
        throw new SetupException("cannot mount the lower image: " + e.getMessage(), e);
      }
      if (overlayOptions != null) {
        try {
          machine.mountOverlay(readOnly);
        } catch (IllegalStateException e) {
          throw new SetupException("mount -t " + Machine.OVERLAY_FS + " failed: " + e.getMessage(), e);
        }
      }
      mounted = true;
    }

    @Override
    public List<String> notes() {
      List<String> out = new ArrayList<>();
      for (Machine m : new Machine[] {scratch, machine}) {
        String which = m == scratch ? "model scratch kernel (lower setup)" : "model kernel";
        Kernel k = m.kernel();
        k.bugLog().entries().forEach(e -> out.add(which + ": " + e));
        Lockdep.of(k).reports().forEach(r -> out.add(which + ": lockdep: " + r.kind().title()
            + " " + r.classes()));
      }
      return out;
    }

    @Override
    public void close() {
      // The machines are garbage: nothing outside them refers to their objects.
    }
  }
}
