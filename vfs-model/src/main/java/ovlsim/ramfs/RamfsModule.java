package ovlsim.ramfs;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.FilesystemModule;
import ovlsim.vfs.Vfs;

/** ramfs's {@code init_ramfs_fs()}: registers {@value RamfsFsType#NAME}. */
public final class RamfsModule implements FilesystemModule {
  @Override
  public void init(Kernel kernel) {
    Vfs.of(kernel).registerFilesystem(new RamfsFsType());
  }
}
