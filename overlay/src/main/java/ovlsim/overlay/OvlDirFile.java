package ovlsim.overlay;

import ovlsim.vfs.File;

/**
 * Port of {@code struct ovl_dir_file}: an open overlay directory's {@code private_data}.
 *
 * <p>Guarded by the overlay directory's i_mutex: {@code vfs_readdir()} holds it around
 * {@code ->readdir}, {@code ovl_dir_llseek()} takes it, {@code vfs_fsync()} holds it around
 * {@code ->fsync}; {@code ->open} and {@code ->release} run while nobody else has the file.
 */
final class OvlDirFile {
  boolean isReal;
  boolean isCached;
  final ListHead cursor = new ListHead(null);
  long cacheVersion;
  final ListHead cache = new ListHead(null);
  File realfile;
}
