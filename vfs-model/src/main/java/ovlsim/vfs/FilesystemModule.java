package ovlsim.vfs;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import ovlsim.kernel.Kernel;

/**
 * A filesystem built into a model kernel: its {@code module_init()} function, which registers
 * its {@link FileSystemType}. Each filesystem module names its implementation in
 * {@code META-INF/services/ovlsim.vfs.FilesystemModule}, so that a machine boots with every
 * filesystem on its class path registered, as a kernel runs the init calls of the filesystems
 * built into it; {@link #load} finds them.
 */
public interface FilesystemModule {
  /** The module's init function: registers its filesystem type(s) in {@code kernel}. */
  void init(Kernel kernel);

  /** Every filesystem module on the class path, in class path order. */
  static List<FilesystemModule> load() {
    List<FilesystemModule> modules = new ArrayList<>();
    for (ServiceLoader.Provider<FilesystemModule> p : FilesystemModules.PROVIDERS) {
      modules.add(p.get());
    }
    return modules;
  }
}
