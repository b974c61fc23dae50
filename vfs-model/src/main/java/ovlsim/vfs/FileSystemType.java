package ovlsim.vfs;

/** Port of {@code struct file_system_type}. */
public interface FileSystemType {
  /** {@code ->name}, as {@code mount -t} takes it. */
  String name();

  /**
   * {@code ->get_sb}: set up a superblock for {@code devName} with the options {@code data}
   * and return it with {@code sRoot} set; the VFS then makes the {@code vfsmount} (the C code
   * does that through {@code simple_set_mnt()}). See {@link Super#getSbNodev}. Throws a
   * {@code KernelError} on failure.
   */
  SuperBlock getSb(int flags, String devName, String data);

  /** {@code ->kill_sb}; default {@code kill_anon_super()}. */
  default void killSb(SuperBlock sb) {
    Super.killAnonSuper(sb);
  }
}
