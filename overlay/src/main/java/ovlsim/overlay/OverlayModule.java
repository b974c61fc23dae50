package ovlsim.overlay;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.FilesystemModule;

/** The overlay's {@code module_init(ovl_init)}: {@link OverlayFsType#register}. */
public final class OverlayModule implements FilesystemModule {
  @Override
  public void init(Kernel kernel) {
    OverlayFsType.register(kernel);
  }
}
