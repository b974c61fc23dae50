package ovlsim.vfs;

import java.util.Objects;

import ovlsim.kernel.locking.LockClassKey;

/**
 * A registered {@link FileSystemType} with the lockdep keys the kernel embeds in
 * {@code struct file_system_type} ({@code s_vfs_rename_key}, {@code i_mutex_key}): one lock
 * class per filesystem type.
 */
public record RegisteredFs(FileSystemType type, Keys keys) {
  /** Checks the type and the keys. */
  public RegisteredFs {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keys, "keys");
  }

  /**
   * The per-type lock class keys: {@code i_mutex_key} for every inode's i_mutex,
   * {@code i_mutex_dir_key} for a directory's once {@link Inodes#unlockNewInode} has run.
   */
  public record Keys(
      LockClassKey iMutexKey, LockClassKey iMutexDirKey, LockClassKey sVfsRenameKey) {
    /** Checks every key. */
    public Keys {
      Objects.requireNonNull(iMutexKey, "iMutexKey");
      Objects.requireNonNull(iMutexDirKey, "iMutexDirKey");
      Objects.requireNonNull(sVfsRenameKey, "sVfsRenameKey");
    }
  }

  static RegisteredFs of(FileSystemType type) {
    String n = type.name();
    return new RegisteredFs(
        type,
        new Keys(
            new LockClassKey("&type->i_mutex_key#" + n),
            new LockClassKey("&type->i_mutex_dir_key#" + n),
            new LockClassKey("&type->s_vfs_rename_key#" + n)));
  }

  public String name() {
    return type.name();
  }
}
