package ovlsim.vfs;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link FilesystemModule} providers on the class path, found once: the class path does
 * not change under a running JVM, and scanning it for every machine a test or race sample boots
 * cost a fifth of a sample. Each {@link FilesystemModule#load} still makes new modules.
 */
final class FilesystemModules {
  private FilesystemModules() {}

  /** In class path order. */
  static final List<ServiceLoader.Provider<FilesystemModule>> PROVIDERS =
      ServiceLoader.load(FilesystemModule.class, FilesystemModule.class.getClassLoader())
          .stream()
          .toList();
}
