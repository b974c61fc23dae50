package ovlsim.overlay;

import ovlsim.properties.workload.OverlayInstaller;
import ovlsim.kernel.Kernel;
import ovlsim.vfs.Dentry;

/**
 * An {@link OverlayInstaller} that mounts the port with an {@link OvlMutant}: the port's own
 * type is registered, and after the mount the root inode's operations are wrapped
 * ({@link MutantInodeOperations}), which wraps every inode reached from it.
 */
public final class OvlMutants implements OverlayInstaller {
  private final OvlMutant mutant;

  private OvlMutants(OvlMutant mutant) {
    this.mutant = mutant;
  }

  public static OverlayInstaller of(OvlMutant mutant) {
    return new OvlMutants(mutant);
  }

  @Override
  public void afterMount(Kernel kernel, Dentry overlayRoot) {
    MutantInodeOperations.wrap(overlayRoot.dInode, mutant);
  }

  @Override
  public String toString() {
    return "the port with mutant " + mutant;
  }
}
