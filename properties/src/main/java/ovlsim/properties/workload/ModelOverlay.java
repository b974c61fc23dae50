package ovlsim.properties.workload;

import ovlsim.kernel.Cred;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.properties.reference.RefLayer;
import ovlsim.syscall.ModelSys;

/**
 * A {@link Machine} with the overlay mounted over two layers made from {@link RefLayer}s, for
 * workloads:
 *
 * <ul>
 *   <li>the lower layer is the image of {@link LayerWriter#image} of one;
 *   <li>the upper layer is written with syscalls from the other ({@link LayerWriter}, 2011
 *       whiteouts and opaque directories) before the overlay is mounted;
 *   <li>the overlay runs the given {@link OvlVersion}, and an {@link OverlayInstaller} may
 *       touch it once mounted.
 * </ul>
 *
 * Tasks made by {@link #newTask} run as root with umask 0 in {@value Machine#MOUNT}.
 */
public final class ModelOverlay {
  public static final String MOUNT = Machine.MOUNT;

  private final Machine machine;
  private final OvlVersion version;

  private ModelOverlay(Machine machine, OvlVersion version) {
    this.machine = machine;
    this.version = version;
  }

  /**
   * Boots a machine, makes the layers and mounts the overlay of {@code version}, then lets
   * {@code installer} at it.
   *
   * @throws IllegalStateException when a step fails (the message names it)
   */
  public static ModelOverlay boot(
      RefLayer lower, RefLayer upper, OvlVersion version, OverlayInstaller installer) {
    Machine m = Machine.builder().staged().overlayOptions(version.mountOption()).boot();
    m.mountLower(LayerWriter.image(lower));
    Task setup = m.spawnIn("setup", Cred.root(), Machine.UPPER);
    LayerWriter.write(upper, ModelSys.of(setup), LayerWriter.Format.OVL_2011);
    m.mountOverlay(false);
    m.init().run(() -> installer.afterMount(m.kernel(), m.overlayRoot()));
    return new ModelOverlay(m, version);
  }

  public Kernel kernel() {
    return machine.kernel();
  }

  public OvlVersion version() {
    return version;
  }

  /** A new root task with umask 0 whose working directory is the overlay's root. */
  public Task newTask(String name) {
    return machine.spawnIn(name, Cred.root(), MOUNT);
  }
}
