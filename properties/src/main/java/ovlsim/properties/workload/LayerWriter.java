package ovlsim.properties.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovlsim.properties.reference.RefDir;
import ovlsim.properties.reference.RefEntry;
import ovlsim.properties.reference.RefIno;
import ovlsim.properties.reference.RefInode;
import ovlsim.properties.reference.RefLayer;
import ovlsim.properties.reference.RefWhiteout;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.syscall.Sys;

/**
 * Makes a {@link RefLayer} real: written with syscalls into a directory (the upper layer, or
 * the kernel's lower layer), or built as a {@link Layer} image (the model's lower layer).
 */
public final class LayerWriter {
  /** How a whiteout and an opaque directory are written. */
  public enum Format {
    /**
     * The 2011 patch's: a whiteout is a symlink to {@code (overlay-whiteout)} with
     * {@code trusted.overlay.whiteout=y}; an opaque directory has {@code trusted.overlay.opaque=y}.
     */
    OVL_2011,
    /**
     * Upstream overlayfs (Linux 3.18 and later): a whiteout is a character device 0/0; the
     * opaque xattr is the same.
     */
    UPSTREAM
  }

  private static final int O_WRONLY_CREAT_EXCL = 01 | 0100 | 0200;
  private static final int S_IFCHR = 0020000;

  private LayerWriter() {}

  /**
   * Writes {@code layer} below the working directory of {@code fs}, which must be empty: the
   * root's xattrs, then every entry parents first; directory modes are set last.
   *
   * @throws IllegalStateException naming the call that failed
   */
  public static void write(RefLayer layer, Sys fs, Format format) {
    Map<Integer, String> firstName = new HashMap<>();
    List<Runnable> dirModes = new ArrayList<>();
    writeXattrs(fs, ".", layer.root().xattrs());
    layer.walk((p, e) -> {
      String path = String.join("/", p);
      if (e instanceof RefDir d) {
        check(fs.mkdir(path, 0755), "mkdir", path);
        if (d.opaque()) {
          check(fs.lsetxattr(path, "trusted.overlay.opaque", y(), 1, 0), "setxattr opaque", path);
        }
        writeXattrs(fs, path, d.xattrs());
        dirModes.add(() -> check(fs.chmod(path, d.perm()), "chmod", path));
      } else if (e instanceof RefWhiteout) {
        if (format == Format.OVL_2011) {
          check(fs.symlink(RefWhiteout.TARGET, path), "symlink", path);
          check(fs.lsetxattr(path, "trusted.overlay.whiteout", y(), 1, 0), "setxattr whiteout",
              path);
        } else {
          check(fs.mknod(path, S_IFCHR, 0), "mknod c 0 0", path);
        }
      } else {
        RefIno r = (RefIno) e;
        String first = firstName.putIfAbsent(r.ino(), path);
        if (first != null) {
          check(fs.link(first, path), "link", path);
          return;
        }
        RefInode i = layer.inode(r.ino());
        if (i.kind() == RefInode.Kind.LNK) {
          check(fs.symlink(i.data(), path), "symlink", path);
          return;
        }
        int fd = fs.open(path, O_WRONLY_CREAT_EXCL, 0600);
        check(fd, "open O_CREAT", path);
        try {
          byte[] b = i.data().getBytes(StandardCharsets.ISO_8859_1);
          if (b.length > 0) {
            check(fs.pwrite(fd, b, b.length, 0), "pwrite", path);
          }
        } finally {
          fs.close(fd);
        }
        check(fs.chmod(path, i.perm()), "chmod", path);
        writeXattrs(fs, path, i.xattrs());
      }
    });
    for (int i = dirModes.size() - 1; i >= 0; i--) {
      dirModes.get(i).run();
    }
    check(fs.chmod(".", layer.root().perm()), "chmod", ".");
  }

  private static void writeXattrs(Sys fs, String path, Map<String, String> xattrs) {
    xattrs.forEach((k, v) -> check(
        fs.lsetxattr(path, k, v.getBytes(StandardCharsets.ISO_8859_1), v.length(), 0), "setxattr " + k,
        path));
  }

  private static byte[] y() {
    return new byte[] {'y'};
  }

  /** {@code layer} as a lower-fs image; it must hold no whiteout or opaque directory. */
  public static Layer image(RefLayer layer) {
    LayerBuilder b = Layer.builder().root(layer.root().perm());
    Map<Integer, String> firstName = new HashMap<>();
    layer.root().xattrs().forEach((k, v) -> b.xattr("", k, v));
    layer.walk((p, e) -> {
      String path = String.join("/", p);
      if (e instanceof RefDir d) {
        if (d.opaque()) {
          throw new IllegalArgumentException("an opaque directory in a lower layer: " + path);
        }
        b.dir(path, d.perm());
        d.xattrs().forEach((k, v) -> b.xattr(path, k, v));
      } else if (e instanceof RefWhiteout) {
        throw new IllegalArgumentException("a whiteout in a lower layer: " + path);
      } else {
        RefIno r = (RefIno) e;
        String first = firstName.putIfAbsent(r.ino(), path);
        if (first != null) {
          b.hardlink(path, first);
          return;
        }
        RefInode i = layer.inode(r.ino());
        if (i.kind() == RefInode.Kind.LNK) {
          b.symlink(path, i.data());
        } else {
          b.file(path, i.perm(), i.data().getBytes(StandardCharsets.ISO_8859_1));
          i.xattrs().forEach((k, v) -> b.xattr(path, k, v));
        }
      }
    });
    return b.build();
  }

  private static void check(long r, String call, String path) {
    if (r < 0) {
      throw new IllegalStateException("writing a layer: " + call + " " + path + " = " + r);
    }
  }
}
