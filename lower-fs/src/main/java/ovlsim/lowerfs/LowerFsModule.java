package ovlsim.lowerfs;

import ovlsim.kernel.Kernel;
import ovlsim.vfs.FilesystemModule;
import ovlsim.vfs.Vfs;

/** lower-fs's {@code module_init()} ({@code init_squashfs_fs()}): registers {@value LowerFsType#NAME}. */
public final class LowerFsModule implements FilesystemModule {
  @Override
  public void init(Kernel kernel) {
    Vfs.of(kernel).registerFilesystem(new LowerFsType());
  }
}
