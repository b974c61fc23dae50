package ovlsim.upperfs;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.FilesystemModule;
import ovlsim.vfs.Vfs;

/** upper-fs's {@code module_init()}: registers {@value UpperFsType#NAME}. */
public final class UpperFsModule implements FilesystemModule {
  @Override
  public void init(Kernel kernel) {
    Vfs.of(kernel).registerFilesystem(new UpperFsType());
  }
}
