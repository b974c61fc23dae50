package ovlsim.upperfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Fs;

/**
 * The extended attributes of an inode, of any namespace (the VFS checks who may touch which),
 * as {@code struct shmem_xattr} lists them ({@code CONFIG_TMPFS_XATTR}, Linux 3.0): name to
 * value, listed in the order they were set.
 *
 * <p>Locking: guarded by this object, the inode's xattr monitor. Setters also hold the
 * inode's i_mutex; getxattr and listxattr do not. Nothing here blocks or calls out.
 */
final class Xattrs {
  private final Map<String, byte[]> values = new LinkedHashMap<>();

  /**
   * Port of {@code shmem_xattr_set()} with a value: EEXIST for {@code XATTR_CREATE} when the
   * name exists, ENODATA for {@code XATTR_REPLACE} when it does not.
   */
  synchronized void set(String name, byte[] value, int size, int flags) {
    boolean exists = values.containsKey(name);
    if ((flags & Fs.XATTR_CREATE) != 0 && exists) {
      throw new KernelError(Errno.EEXIST);
    }
    if ((flags & Fs.XATTR_REPLACE) != 0 && !exists) {
      throw new KernelError(Errno.ENODATA);
    }
    values.put(name, Arrays.copyOf(value == null ? new byte[0] : value, size));
  }

  /**
   * Port of {@code shmem_xattr_get()}: the value's length with {@code size == 0}, else the value
   * copied into {@code buf}; ENODATA when absent, ERANGE when it does not fit.
   */
  synchronized int get(String name, byte[] buf, int size) {
    byte[] v = values.get(name);
    if (v == null) {
      throw new KernelError(Errno.ENODATA);
    }
    if (size != 0) {
      if (size < v.length) {
        throw new KernelError(Errno.ERANGE);
      }
      System.arraycopy(v, 0, buf, 0, v.length);
    }
    return v.length;
  }

  /**
   * Port of {@code shmem_listxattr()}: the names, each followed by a NUL, into {@code list};
   * with {@code size == 0} only the length needed; ERANGE when they do not fit.
   */
  synchronized int list(byte[] list, int size) {
    int used = 0;
    for (String name : values.keySet()) {
      used += name.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    if (size == 0) {
      return used;
    }
    if (size < used) {
      throw new KernelError(Errno.ERANGE);
    }
    int at = 0;
    for (String name : values.keySet()) {
      byte[] b = name.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, list, at, b.length);
      at += b.length;
      list[at++] = 0;
    }
    return used;
  }

  /** Port of {@code shmem_xattr_set()} with no value (remove): ENODATA when absent. */
  synchronized void remove(String name) {
    if (values.remove(name) == null) {
      throw new KernelError(Errno.ENODATA);
    }
  }
}
