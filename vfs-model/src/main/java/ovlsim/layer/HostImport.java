package ovlsim.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * {@link Layer#importFrom}: walks a host directory with java.nio (never following symlinks),
 * children in name order, into a {@link LayerBuilder}.
 *
 * <p>On a host whose default filesystem has the {@code unix} attribute view (Linux) it reads
 * {@code unix:mode} (so set-id and sticky bits, fifos, devices and sockets are told apart),
 * {@code unix:rdev} of devices and {@code unix:dev}/{@code unix:ino} (so hard links stay hard
 * links); elsewhere it falls back to the POSIX permissions, knows only directories, files and
 * symlinks, and makes every name its own node.
 *
 * <p>It refuses, naming the host path and the reason: sockets; names and symlink targets the
 * host's file name encoding cannot decode; files too large for one Java array; anything it
 * cannot read. xattrs outside {@code user.} are not read (java.nio shows only that namespace).
 */
final class HostImport {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  /** Larger than this, a file does not fit in one Java array. */
  private static final long MAX_CONTENT = Integer.MAX_VALUE - 8;

  private final LayerBuilder builder = Layer.builder();
  private final boolean unix;
  /** First layer path of each host inode with more than one link, by "dev:ino". */
  private final Map<String, String> seenInodes = new HashMap<>();
  private final Map<FileStore, Boolean> xattrStores = new HashMap<>();

  private HostImport(Path root) {
    this.unix = root.getFileSystem().supportedFileAttributeViews().contains("unix");
  }

  static Layer importTree(Path dir) {
    if (dir == null || !Files.isDirectory(dir, NOFOLLOW)) {
      throw new IllegalArgumentException("cannot import " + dir + ": not a directory");
    }
    HostImport imp = new HostImport(dir);
    imp.importRoot(dir);
    return imp.builder.build();
  }

  private void importRoot(Path dir) {
    int mode = mode(dir, attributes(dir));
    builder.root(mode & Stat.S_IALLUGO);
    importCommon(dir, "", attributes(dir), NodeType.DIRECTORY);
    importChildren(dir, "");
  }

  private void importChildren(Path dir, String prefix) {
    for (Path child : sortedChildren(dir)) {
      String name = decoded(child, child.getFileName().toString(), "its name");
      importOne(child, prefix.isEmpty() ? name : prefix + "/" + name);
    }
  }

  /**
   * {@code s} when the host's file name encoding decoded it without loss; a name or target
   * holding bytes that encoding cannot decode comes back with U+FFFD, and a layer would then
   * hold another name than the host's.
   */
  private static String decoded(Path p, String s, String what) {
    if (s.indexOf('\uFFFD') >= 0) {
      throw new IllegalArgumentException(
          "cannot import " + p + ": " + what + " is not valid in the host's file name encoding ("
              + System.getProperty("sun.jnu.encoding") + ")");
    }
    return s;
  }

  /** {@code st_rdev} of a device node ({@code unix:rdev}); only a unix host tells devices apart. */
  private static long rdev(Path p) {
    try {
      return (Long) Files.getAttribute(p, "unix:rdev", NOFOLLOW);
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private void importOne(Path p, String path) {
    BasicFileAttributes a = attributes(p);
    int mode = mode(p, a);
    int perm = mode & Stat.S_IALLUGO;
    int fmt = mode & Stat.S_IFMT;
    if (fmt == Stat.S_IFDIR) {
      builder.dir(path, perm);
      importCommon(p, path, a, NodeType.DIRECTORY);
      importChildren(p, path);
    } else if (fmt == Stat.S_IFLNK) {
      builder.symlink(path, decoded(p, readLink(p), "its target"));
      importCommon(p, path, a, NodeType.SYMLINK);
    } else if (fmt == Stat.S_IFREG) {
      String first = firstName(p, path);
      if (first != null) {
        builder.hardlink(path, first);
        return;
      }
      builder.file(path, perm, readContent(p));
      importCommon(p, path, a, NodeType.REGULAR);
    } else if (fmt == Stat.S_IFIFO) {
      String first = firstName(p, path);
      if (first != null) {
        builder.hardlink(path, first);
        return;
      }
      builder.fifo(path, perm);
      importCommon(p, path, a, NodeType.FIFO);
    } else if (fmt == Stat.S_IFSOCK) {
      throw new IllegalArgumentException(
          "cannot import " + p + ": a socket (a layer holds no sockets)");
    } else if (fmt == Stat.S_IFCHR || fmt == Stat.S_IFBLK) {
      String first = firstName(p, path);
      if (first != null) {
        builder.hardlink(path, first);
        return;
      }
      long rdev = rdev(p);
      int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
      int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
      if (fmt == Stat.S_IFCHR) {
        builder.chr(path, perm, major, minor);
      } else {
        builder.blk(path, perm, major, minor);
      }
      importCommon(p, path, a, NodeType.CHAR_DEVICE);
    } else {
      throw new IllegalArgumentException(
          "cannot import " + p + ": unknown file type 0" + Integer.toOctalString(fmt));
    }
  }

  /** Times and {@code user.*} xattrs of the node just added at {@code path}. */
  private void importCommon(Path p, String path, BasicFileAttributes a, NodeType type) {
    builder.times(
        path, timespec(a.lastAccessTime()), timespec(a.lastModifiedTime()), ctime(p, a));
    if (type == NodeType.REGULAR || type == NodeType.DIRECTORY) {
      importXattrs(p, path);
    }
  }

  /**
   * The layer path that already names the host inode of {@code p} when it has other links, or
   * {@code null} (and {@code p} is remembered as its first name).
   */
  private String firstName(Path p, String path) {
    if (!unix) {
      return null;
    }
    try {
      int nlink = (Integer) Files.getAttribute(p, "unix:nlink", NOFOLLOW);
      if (nlink < 2) {
        return null;
      }
      String key = Files.getAttribute(p, "unix:dev", NOFOLLOW) + ":"
          + Files.getAttribute(p, "unix:ino", NOFOLLOW);
      return seenInodes.putIfAbsent(key, path);
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private void importXattrs(Path p, String path) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
    if (view == null || !storeHasXattrs(p)) {
      return;
    }
    try {
      for (String name : view.list()) {
        ByteBuffer buf = ByteBuffer.allocate(view.size(name));
        view.read(name, buf);
        buf.flip();
        byte[] value = new byte[buf.remaining()];
        buf.get(value);
        builder.xattr(path, Fs.XATTR_USER_PREFIX + name, value);
      }
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private boolean storeHasXattrs(Path p) {
    try {
      FileStore store = Files.getFileStore(p);
      return xattrStores.computeIfAbsent(
          store, s -> s.supportsFileAttributeView(UserDefinedFileAttributeView.class));
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private List<Path> sortedChildren(Path dir) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path c : ds) {
        children.add(c);
      }
    } catch (IOException e) {
      throw unreadable(dir, e);
    }
    children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
    return children;
  }

  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  /** {@code st_mode}: from {@code unix:mode}, else the type and POSIX permission bits. */
  private int mode(Path p, BasicFileAttributes a) {
    try {
      if (unix) {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
      }
      int fmt;
      if (a.isDirectory()) {
        fmt = Stat.S_IFDIR;
      } else if (a.isSymbolicLink()) {
        fmt = Stat.S_IFLNK;
      } else if (a.isRegularFile()) {
        fmt = Stat.S_IFREG;
      } else {
        throw new IllegalArgumentException(
            "cannot import " + p + ": neither a directory, a regular file nor a symlink");
      }
      if (fmt == Stat.S_IFLNK) {
        return fmt | 0777;
      }
      PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
      return fmt | permBits(pa.permissions());
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "cannot import " + p + ": the host filesystem has no POSIX modes", e);
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private static int permBits(Set<PosixFilePermission> perms) {
    int bits = 0;
    for (PosixFilePermission perm : perms) {
      bits |= 1 << (8 - perm.ordinal());
    }
    return bits;
  }

  private Timespec ctime(Path p, BasicFileAttributes a) {
    if (!unix) {
      return timespec(a.lastModifiedTime());
    }
    try {
      return timespec((FileTime) Files.getAttribute(p, "unix:ctime", NOFOLLOW));
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private static Timespec timespec(FileTime t) {
    java.time.Instant i = t.toInstant();
    return new Timespec(i.getEpochSecond(), i.getNano());
  }

  private static String readLink(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private static byte[] readContent(Path p) {
    try {
      long size = Files.size(p);
      if (size > MAX_CONTENT) {
        throw new IllegalArgumentException(
            "cannot import " + p + ": " + size + " bytes, more than a layer file holds ("
                + MAX_CONTENT + ")");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw unreadable(p, e);
    }
  }

  private static IllegalArgumentException unreadable(Path p, IOException e) {
    return new IllegalArgumentException("cannot import " + p + ": cannot read it: " + e, e);
  }
}
