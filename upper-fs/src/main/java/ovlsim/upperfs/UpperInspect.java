package ovlsim.upperfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Inode;

/**
 * Read-only views of what an upper-fs inode holds, for tools that draw the layer (the shell,
 * the step-by-step report); the filesystem itself never calls them. Each takes only the data
 * monitor of the object it reads ({@link Directory}, {@link Pages}, {@link Xattrs}), which is
 * never held across a schedule point, so a caller may read while model tasks are parked at
 * their points; it takes no i_mutex and changes nothing.
 */
public final class UpperInspect {
  /** One directory entry: its name and inode. */
  public record Entry(String name, Inode inode) {
    public Entry {
      Objects.requireNonNull(name);
      Objects.requireNonNull(inode);
    }
  }

  private UpperInspect() {}

  /** Is {@code inode} an upper-fs inode? */
  public static boolean isUpperInode(Inode inode) {
    return inode instanceof UpperInode;
  }

  /** The entries of the directory {@code dir} in readdir order; empty for another type. */
  public static List<Entry> entries(Inode dir) {
    UpperInode i = UpperInode.upperI(dir);
    if (i.dir == null) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (Directory.Entry e : i.dir.entries()) {
      out.add(new Entry(e.name(), e.inode()));
    }
    return List.copyOf(out);
  }

  /** The target of the symlink {@code inode}, or {@code null} for another type. */
  public static String symlinkTarget(Inode inode) {
    return UpperInode.upperI(inode).link;
  }

  /** The value of the xattr {@code name} of {@code inode} as UTF-8, or {@code null}. */
  public static String xattr(Inode inode, String name) {
    Xattrs x = UpperInode.upperI(inode).xattrs;
    try {
      int n = x.get(name, null, 0);
      byte[] buf = new byte[n];
      x.get(name, buf, n);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (KernelError e) {
      return null; // ENODATA, or ERANGE when it changed in between
    }
  }

  /** Up to {@code max} bytes of the regular file {@code inode}'s content; empty for another type. */
  public static byte[] content(Inode inode, int max) {
    UpperInode i = UpperInode.upperI(inode);
    if (i.pages == null) {
      return new byte[0];
    }
    byte[] buf = new byte[Math.max(0, max)];
    int n = i.pages.read(0, buf, buf.length);
    byte[] out = new byte[n];
    System.arraycopy(buf, 0, out, 0, n);
    return out;
  }
}
