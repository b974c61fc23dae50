package ovlsim.properties.workload;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.Dentry;

/**
 * What a {@link ModelOverlay} does to the overlay once it is mounted. The default is the port
 * as it is; the negative controls of the property tests install mutants by wrapping the root
 * inode's operations.
 */
public interface OverlayInstaller {
  /** The port, unchanged. */
  OverlayInstaller PORT = new OverlayInstaller() {
    @Override
    public String toString() {
      return "the port";
    }
  };

  /** Called, as init, with the root dentry of the freshly mounted overlay. */
  default void afterMount(Kernel kernel, Dentry overlayRoot) {}
}
