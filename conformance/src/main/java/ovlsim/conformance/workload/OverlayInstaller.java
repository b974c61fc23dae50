package ovlsim.conformance.workload;

import ovlsim.kernel.Kernel;
import ovlsim.overlay.OverlayFsType;
import ovlsim.vfs.Dentry;

/**
 * How a {@link ModelOverlay} gets its overlay: registers the filesystem type before the mount,
 * and may touch the mounted root afterwards. The default is the port as it is; the negative
 * controls of the property tests install mutants by wrapping the root inode's operations.
 */
public interface OverlayInstaller {
  /** The port, unchanged. */
  OverlayInstaller PORT = new OverlayInstaller() {
    @Override
    public String toString() {
      return "the port";
    }
  };

  /** Registers the overlay filesystem type ({@value OverlayFsType#NAME}) in {@code kernel}. */
  default void register(Kernel kernel) {
    OverlayFsType.register(kernel);
  }

  /** Called, as init, with the root dentry of the freshly mounted overlay. */
  default void afterMount(Kernel kernel, Dentry overlayRoot) {}
}
