package ovlsim.layer;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import ovlsim.vfs.Timespec;

/**
 * One inode of a {@link Layer}: type, permission bits, owner, times, content (regular files),
 * target (symlinks), device number (devices), extended attributes, link count. Every name of a
 * hard link refers to the same node.
 *
 * <p>Immutable: the content and xattr values are copied in and never handed out, so one layer
 * can back any number of images and mounts at once, read by any number of threads.
 */
public final class LayerNode {
  private final NodeType type;
  private final int perm;
  private final int uid;
  private final int gid;
  private final int rdev;
  private final int nlink;
  private final byte[] content;
  private final String target;
  private final Timespec atime;
  private final Timespec mtime;
  private final Timespec ctime;
  private final SortedMap<String, byte[]> xattrs;
  private final List<String> xattrNames;

  LayerNode(
      NodeType type,
      int perm,
      int uid,
      int gid,
      int rdev,
      int nlink,
      byte[] content,
      String target,
      Timespec atime,
      Timespec mtime,
      Timespec ctime,
      Map<String, byte[]> xattrs) {
    this.type = type;
    this.perm = perm;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.nlink = nlink;
    this.content = content;
    this.target = target;
    this.atime = atime;
    this.mtime = mtime;
    this.ctime = ctime;
    this.xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    this.xattrNames = List.copyOf(this.xattrs.keySet());
  }

  public NodeType type() {
    return type;
  }

  /** The permission bits, {@code 07777} at most (no {@code S_IFMT} bits). */
  public int perm() {
    return perm;
  }

  /** {@code i_mode}: the type bits and the permission bits. */
  public int mode() {
    return type.ifmt() | perm;
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  /** The device number of a device node ({@link ovlsim.vfs.Stat#mkdev}); 0 otherwise. */
  public int rdev() {
    return rdev;
  }

  /**
   * The link count: the names of a non-directory; for a directory 2 plus its subdirectories,
   * as on disk.
   */
  public int nlink() {
    return nlink;
  }

  public Timespec atime() {
    return atime;
  }

  public Timespec mtime() {
    return mtime;
  }

  public Timespec ctime() {
    return ctime;
  }

  /** The content's length: bytes of a regular file, the target's bytes of a symlink, else 0. */
  public long contentLength() {
    return content.length;
  }

  /** A copy of the content of a regular file (the target's bytes for a symlink). */
  public byte[] content() {
    return content.clone();
  }

  /**
   * Copies up to {@code len} content bytes from {@code pos} into {@code dst} at {@code off};
   * returns how many, 0 at or past the end.
   */
  public int readContent(long pos, byte[] dst, int off, int len) {
    if (pos < 0 || off < 0 || len < 0 || off + len > dst.length) {
      throw new IndexOutOfBoundsException("pos=" + pos + " off=" + off + " len=" + len);
    }
    if (pos >= content.length) {
      return 0;
    }
    int n = (int) Math.min(len, content.length - pos);
    System.arraycopy(content, (int) pos, dst, off, n);
    return n;
  }

  /** The target of a symlink; {@code null} for other types. */
  public String target() {
    return target;
  }

  /** The extended attribute names, full ({@code user.k}, {@code trusted.overlay.opaque}), sorted. */
  public List<String> xattrNames() {
    return xattrNames;
  }

  /** A copy of the value of xattr {@code name}, or {@code null} when there is none. */
  public byte[] xattr(String name) {
    byte[] v = xattrs.get(name);
    return v == null ? null : v.clone();
  }

  /** The length of xattr {@code name}'s value, or -1 when there is none. */
  public int xattrLength(String name) {
    byte[] v = xattrs.get(name);
    return v == null ? -1 : v.length;
  }

  /** Copies xattr {@code name}'s value into {@code dst}; returns its length, -1 when absent. */
  public int readXattr(String name, byte[] dst) {
    byte[] v = xattrs.get(name);
    if (v == null) {
      return -1;
    }
    System.arraycopy(v, 0, dst, 0, v.length);
    return v.length;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(type.name().toLowerCase()).append(",0").append(Integer.toOctalString(perm));
    sb.append(",").append(uid).append(":").append(gid).append(",nlink=").append(nlink);
    if (type == NodeType.SYMLINK) {
      sb.append(",->").append(target);
    } else if (type == NodeType.REGULAR) {
      sb.append(",size=").append(content.length);
    }
    return sb.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
