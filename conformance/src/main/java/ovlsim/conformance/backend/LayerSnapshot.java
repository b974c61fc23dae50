package ovlsim.conformance.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Stat;

/**
 * Reads a directory tree back into a {@link Layer}, through the syscalls only ({@link Sys}): names, types, permission bits, owners, times, content, symlink targets, device
 * numbers, hard links (by inode number) and xattrs. The model backend applies a script's
 * {@code lower} lines to a scratch upper-fs with the same ops as every other line, then turns
 * the result into the read-only lower image this way.
 */
public final class LayerSnapshot {
  private static final int O_RDONLY = 0;

  private final Sys sys;
  private final LayerBuilder builder = Layer.builder();
  private final Map<Long, String> firstName = new HashMap<>();

  private LayerSnapshot(Sys sys) {
    this.sys = sys;
  }

  /**
   * The layer under {@code dir} (absolute, as {@code sys} sees it), root included.
   *
   * @throws SetupException for what a layer cannot hold (a socket) or a syscall that fails
   */
  public static Layer of(Sys sys, String dir) {
    LayerSnapshot s = new LayerSnapshot(sys);
    try {
      StatBuf root = s.lstat(dir);
      s.builder.root(root.stMode & Stat.S_IALLUGO);
      s.attributes(dir, "", root);
      s.walk(dir, "");
    } catch (IllegalArgumentException e) {
      throw new SetupException("cannot make the lower image: " + e.getMessage(), e);
    }
    return s.builder.build();
  }

  private void walk(String abs, String rel) {
    for (String name : names(abs)) {
      String a = abs.endsWith("/") ? abs + name : abs + "/" + name;
      String p = rel.isEmpty() ? name : rel + "/" + name;
      StatBuf st = lstat(a);
      int perm = st.stMode & Stat.S_IALLUGO;
      int fmt = st.stMode & Stat.S_IFMT;
      if (fmt != Stat.S_IFDIR && st.stNlink > 1) {
        String first = firstName.putIfAbsent(st.stIno, p);
        if (first != null) {
          builder.hardlink(p, first);
          continue;
        }
      }
      switch (fmt) {
        case Stat.S_IFDIR -> builder.dir(p, perm);
        case Stat.S_IFREG -> builder.file(p, perm, content(a, st.stSize));
        case Stat.S_IFLNK -> builder.symlink(p, readlink(a));
        case Stat.S_IFIFO -> builder.fifo(p, perm);
        case Stat.S_IFCHR, Stat.S_IFBLK -> {
          int major = Stat.major((int) st.stRdev);
          int minor = Stat.minor((int) st.stRdev);
          if (fmt == Stat.S_IFCHR) {
            builder.chr(p, perm, major, minor);
          } else {
            builder.blk(p, perm, major, minor);
          }
        }
        default -> throw new SetupException(
            "cannot make the lower image: " + p + " is a socket; a layer holds none");
      }
      attributes(a, p, st);
      if (fmt == Stat.S_IFDIR) {
        walk(a, p);
      }
    }
  }

  private void attributes(String abs, String p, StatBuf st) {
    if (st.stUid != 0 || st.stGid != 0) {
      builder.owner(p, st.stUid, st.stGid);
    }
    builder.times(p, st.stAtime, st.stMtime, st.stCtime);
    byte[] list = new byte[65536];
    long n = check("llistxattr", abs, sys.llistxattr(abs, list, list.length));
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (list[i] == 0) {
        String name = new String(list, start, i - start, StandardCharsets.UTF_8);
        byte[] v = new byte[65536];
        long len = check("lgetxattr " + name, abs, sys.lgetxattr(abs, name, v, v.length));
        builder.xattr(p, name, Arrays.copyOf(v, (int) len));
        start = i + 1;
      }
    }
  }

  private List<String> names(String abs) {
    List<String> out = new ArrayList<>();
    check("readdir", abs, sys.readdir(abs, out));
    out.removeIf(n -> n.equals(".") || n.equals(".."));
    out.sort(null);
    return out;
  }

  private byte[] content(String abs, long size) {
    int fd = (int) check("open", abs, sys.open(abs, O_RDONLY));
    try {
      byte[] buf = new byte[(int) size];
      int done = 0;
      while (done < size) {
        byte[] chunk = new byte[(int) size - done];
        long n = check("read", abs, sys.read(fd, chunk, chunk.length));
        if (n == 0) {
          break;
        }
        System.arraycopy(chunk, 0, buf, done, (int) n);
        done += (int) n;
      }
      return done == size ? buf : Arrays.copyOf(buf, done);
    } finally {
      sys.close(fd);
    }
  }

  private String readlink(String abs) {
    byte[] buf = new byte[4096];
    long n = check("readlink", abs, sys.readlink(abs, buf, buf.length));
    return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
  }

  private StatBuf lstat(String abs) {
    StatBuf st = new StatBuf();
    check("lstat", abs, sys.lstat(abs, st));
    return st;
  }

  private static long check(String call, String path, long result) {
    if (result < 0) {
      throw new SetupException(
          "cannot make the lower image: " + call + " " + path + ": "
              + ErrnoNames.ofResult(result));
    }
    return result;
  }
}
