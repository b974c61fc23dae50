package ovlsim.layer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.lang3.Validate;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * Builds a {@link Layer}: directories, regular files with content, symlinks, fifos, devices and
 * hard links, then owners, times and extended attributes on any of them.
 *
 * <pre>{@code
 * Layer l = Layer.builder()
 *     .dir("a", 0755)
 *     .file("a/foo", 0644, "content")
 *     .symlink("a/l", "../x")
 *     .hardlink("a/bar", "a/foo")
 *     .owner("a/foo", 1000, 1000)
 *     .xattr("a/foo", "user.k", "v")
 *     .build();
 * }</pre>
 *
 * <p>Paths are relative to the layer's root ({@code "a/foo"}; a leading {@code /} is ignored;
 * {@code ""} names the root). A parent must be added before its children. Every method checks
 * its arguments and throws {@link IllegalArgumentException} naming the path. Owners default to
 * 0:0 and times to {@link Layer#DEFAULT_TIME}, so a layer built twice is the same. Not
 * thread-safe; {@link #build} may be called more than once.
 */
public final class LayerBuilder {
  /** A node under construction. */
  private static final class Draft {
    final NodeType type;
    int perm;
    int uid;
    int gid;
    final int rdev;
    final byte[] content;
    final String target;
    Timespec atime = Layer.DEFAULT_TIME;
    Timespec mtime = Layer.DEFAULT_TIME;
    Timespec ctime = Layer.DEFAULT_TIME;
    final Map<String, byte[]> xattrs = new TreeMap<>();
    int links;
    int subdirs;

    Draft(NodeType type, int perm, int rdev, byte[] content, String target) {
      this.type = type;
      this.perm = perm;
      this.rdev = rdev;
      this.content = content;
      this.target = target;
    }
  }

  private record Name(String path, Draft draft, String linkTo) {}

  private final Draft root = new Draft(NodeType.DIRECTORY, 0755, 0, new byte[0], null);
  private final Map<String, Draft> byPath = new HashMap<>();
  private final List<Name> names = new ArrayList<>();
  private boolean rootSet;

  LayerBuilder() {
    byPath.put("", root);
  }

  /** Sets the permission bits of the layer's root directory (default 0755). */
  public LayerBuilder root(int perm) {
    root.perm = checkPerm("", perm);
    rootSet = true;
    return this;
  }

  /** Adds a directory. */
  public LayerBuilder dir(String path, int perm) {
    return add(path, new Draft(NodeType.DIRECTORY, checkPerm(path, perm), 0, new byte[0], null));
  }

  /** Adds an empty regular file. */
  public LayerBuilder file(String path, int perm) {
    return file(path, perm, new byte[0]);
  }

  /** Adds a regular file holding {@code content} in UTF-8. */
  public LayerBuilder file(String path, int perm, String content) {
    Validate.notNull(content, "content of %s", path);
    return file(path, perm, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a regular file holding a copy of {@code content}. */
  public LayerBuilder file(String path, int perm, byte[] content) {
    Validate.notNull(content, "content of %s", path);
    return add(
        path, new Draft(NodeType.REGULAR, checkPerm(path, perm), 0, content.clone(), null));
  }

  /** Adds a symlink to {@code target} (mode 0777, as Linux makes every symlink). */
  public LayerBuilder symlink(String path, String target) {
    Validate.isTrue(
        target != null && !target.isEmpty() && target.indexOf('\0') < 0,
        "symlink %s: the target must be a non-empty string without NUL",
        path);
    byte[] body = target.getBytes(StandardCharsets.UTF_8);
    Validate.isTrue(
        body.length < Fs.PATH_MAX, "symlink %s: the target is longer than PATH_MAX", path);
    return add(path, new Draft(NodeType.SYMLINK, 0777, 0, body, target));
  }

  /** Adds a fifo. */
  public LayerBuilder fifo(String path, int perm) {
    return add(path, new Draft(NodeType.FIFO, checkPerm(path, perm), 0, new byte[0], null));
  }

  /** Adds a character device. */
  public LayerBuilder chr(String path, int perm, int major, int minor) {
    return add(path, device(NodeType.CHAR_DEVICE, path, perm, major, minor));
  }

  /** Adds a block device. */
  public LayerBuilder blk(String path, int perm, int major, int minor) {
    return add(path, device(NodeType.BLOCK_DEVICE, path, perm, major, minor));
  }

  /** Adds {@code path} as another name of {@code existing}, which must not be a directory. */
  public LayerBuilder hardlink(String path, String existing) {
    String to = normalize(existing);
    Draft d = byPath.get(to);
    Validate.isTrue(d != null, "hardlink %s: no such entry %s", path, existing);
    Validate.isTrue(
        d.type != NodeType.DIRECTORY, "hardlink %s: %s is a directory", path, existing);
    String p = checkNew(path);
    byPath.put(p, d);
    d.links++;
    names.add(new Name(p, d, to));
    return this;
  }

  /** Sets the owner of the node {@code path} names (every name of a hard link shares it). */
  public LayerBuilder owner(String path, int uid, int gid) {
    Validate.isTrue(uid >= 0 && gid >= 0, "owner of %s: negative id %s:%s", path, uid, gid);
    Draft d = existing(path);
    d.uid = uid;
    d.gid = gid;
    return this;
  }

  /** Sets the permission bits of an existing entry (not of a symlink). */
  public LayerBuilder chmod(String path, int perm) {
    Draft d = existing(path);
    Validate.isTrue(d.type != NodeType.SYMLINK, "chmod %s: a symlink's mode is fixed", path);
    d.perm = checkPerm(path, perm);
    return this;
  }

  /** Sets atime, mtime and ctime of {@code path} to {@code time}. */
  public LayerBuilder times(String path, Timespec time) {
    return times(path, time, time, time);
  }

  /** Sets the three times of {@code path}. */
  public LayerBuilder times(String path, Timespec atime, Timespec mtime, Timespec ctime) {
    Validate.noNullElements(new Object[] {atime, mtime, ctime}, "times of %s", path);
    Draft d = existing(path);
    d.atime = atime;
    d.mtime = mtime;
    d.ctime = ctime;
    return this;
  }

  /** Sets extended attribute {@code name} of {@code path} to {@code value} in UTF-8. */
  public LayerBuilder xattr(String path, String name, String value) {
    Validate.notNull(value, "xattr %s of %s: null value", name, path);
    return xattr(path, name, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sets extended attribute {@code name} of {@code path} to a copy of {@code value}. The name
   * must be in the {@code user.}, {@code trusted.} or {@code security.} namespace (the ones
   * squashfs stores); {@code user.} only on regular files and directories, as Linux allows.
   */
  public LayerBuilder xattr(String path, String name, byte[] value) {
    Validate.notNull(value, "xattr %s of %s: null value", name, path);
    Validate.isTrue(
        name != null && isStorableXattr(name),
        "xattr %s of %s: only user.*, trusted.* and security.* names with a suffix are stored",
        name,
        path);
    Validate.isTrue(
        name.getBytes(StandardCharsets.UTF_8).length <= Fs.XATTR_NAME_MAX,
        "xattr %s of %s: name longer than XATTR_NAME_MAX",
        name,
        path);
    Validate.isTrue(
        value.length <= Fs.XATTR_SIZE_MAX,
        "xattr %s of %s: value longer than XATTR_SIZE_MAX",
        name,
        path);
    Draft d = existing(path);
    Validate.isTrue(
        !name.startsWith(Fs.XATTR_USER_PREFIX)
            || d.type == NodeType.REGULAR
            || d.type == NodeType.DIRECTORY,
        "xattr %s of %s: user.* attributes only go on regular files and directories",
        name,
        path);
    d.xattrs.put(name, value.clone());
    return this;
  }

  /** Is {@code name} in a namespace a layer stores, with something after the prefix. */
  static boolean isStorableXattr(String name) {
    for (String prefix :
        new String[] {Fs.XATTR_USER_PREFIX, Fs.XATTR_TRUSTED_PREFIX, Fs.XATTR_SECURITY_PREFIX}) {
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        return name.indexOf('\0') < 0;
      }
    }
    return false;
  }

  /** Has any entry been added, or the root changed. */
  public boolean isEmpty() {
    return names.isEmpty() && !rootSet;
  }

  /** The immutable layer of everything added so far. */
  public Layer build() {
    Map<Draft, LayerNode> frozen = new IdentityHashMap<>();
    LayerNode rootNode = freeze(root, frozen);
    List<LayerEntry> entries = new ArrayList<>(names.size());
    for (Name n : names) {
      entries.add(new LayerEntry(n.path(), freeze(n.draft(), frozen), n.linkTo()));
    }
    return new Layer(rootNode, entries, rootSet);
  }

  private static LayerNode freeze(Draft d, Map<Draft, LayerNode> frozen) {
    LayerNode n = frozen.get(d);
    if (n == null) {
      int nlink = d.type == NodeType.DIRECTORY ? 2 + d.subdirs : d.links;
      n =
          new LayerNode(
              d.type, d.perm, d.uid, d.gid, d.rdev, nlink, d.content, d.target, d.atime,
              d.mtime, d.ctime, d.xattrs);
      frozen.put(d, n);
    }
    return n;
  }

  private LayerBuilder add(String path, Draft d) {
    String p = checkNew(path);
    byPath.put(p, d);
    d.links = 1;
    if (d.type == NodeType.DIRECTORY) {
      byPath.get(parentOf(p)).subdirs++;
    }
    names.add(new Name(p, d, null));
    return this;
  }

  /** Checks that {@code path} is well formed, new, and in an existing directory. */
  private String checkNew(String path) {
    String p = normalize(path);
    Validate.isTrue(!p.isEmpty(), "the root already exists");
    Validate.isTrue(!byPath.containsKey(p), "%s: already in the layer", p);
    Draft parent = byPath.get(parentOf(p));
    Validate.isTrue(parent != null, "%s: parent directory %s is not in the layer", p, parentOf(p));
    Validate.isTrue(
        parent.type == NodeType.DIRECTORY, "%s: parent %s is not a directory", p, parentOf(p));
    return p;
  }

  private Draft existing(String path) {
    String p = normalize(path);
    Draft d = byPath.get(p);
    Validate.isTrue(d != null, "%s: not in the layer", path);
    if (p.isEmpty()) {
      rootSet = true;
    }
    return d;
  }

  private static String parentOf(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? "" : p.substring(0, i);
  }

  /**
   * {@code path} without a leading {@code /}; throws unless every component is a valid name
   * (non-empty, not {@code .} or {@code ..}, at most NAME_MAX bytes, no NUL).
   */
  static String normalize(String path) {
    Validate.notNull(path, "null path");
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.isEmpty()) {
      return p;
    }
    for (String c : p.split("/", -1)) {
      Validate.isTrue(
          !c.isEmpty() && !c.equals(".") && !c.equals(".."),
          "%s: bad path (empty, . or .. component)",
          path);
      Validate.isTrue(c.indexOf('\0') < 0, "%s: NUL in path", path);
      Validate.isTrue(
          c.getBytes(StandardCharsets.UTF_8).length <= Fs.NAME_MAX,
          "%s: component longer than NAME_MAX",
          path);
    }
    return p;
  }

  private static int checkPerm(String path, int perm) {
    Validate.isTrue(
        (perm & ~Stat.S_IALLUGO) == 0,
        "%s: mode 0%s has bits beyond 07777",
        path,
        Integer.toOctalString(perm));
    return perm;
  }

  private static Draft device(NodeType type, String path, int perm, int major, int minor) {
    Validate.isTrue(
        major >= 0 && major < 4096 && minor >= 0 && minor < (1 << 20),
        "%s: device %s:%s out of range",
        path,
        major,
        minor);
    return new Draft(type, checkPerm(path, perm), Stat.mkdev(major, minor), new byte[0], null);
  }
}
