package ovlsim.properties.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import ovlsim.properties.reference.FsView;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.Sys;

/**
 * Reads the {@link FsView} of a directory tree through syscalls: {@code readdir} of every
 * directory, {@code lstat} of every name, the content of every regular file
 * ({@code open}+{@code pread}), every symlink's {@code readlink}, and the {@code user.*} xattrs
 * ({@code llistxattr}+{@code lgetxattr}). Any failing call is an {@link IllegalStateException}
 * naming it: a view that cannot be read is a finding too.
 */
public final class ViewReader {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int BUF = 1 << 16;

  private ViewReader() {}

  /** The view of the working directory of {@code fs}. */
  public static FsView read(Sys fs) {
    TreeMap<String, FsView.Entry> out = new TreeMap<>();
    readDir(fs, "", out);
    return new FsView(out);
  }

  private static void readDir(Sys fs, String dir, TreeMap<String, FsView.Entry> out) {
    List<String> names = new ArrayList<>();
    check(fs.readdir(dir.isEmpty() ? "." : dir, names), "readdir", dir);
    names.removeIf(n -> n.equals(".") || n.equals(".."));
    Collections.sort(names);
    for (String name : names) {
      String path = dir.isEmpty() ? name : dir + "/" + name;
      StatBuf st = new StatBuf();
      check(fs.lstat(path, st), "lstat", path);
      int type = st.stMode & S_IFMT;
      int perm = st.stMode & 07777;
      TreeMap<String, String> xattrs = userXattrs(fs, path);
      if (type == S_IFDIR) {
        out.put(path, FsView.Entry.dir(perm, xattrs));
        readDir(fs, path, out);
      } else if (type == S_IFLNK) {
        byte[] buf = new byte[BUF];
        long n = fs.readlink(path, buf, buf.length);
        check(n, "readlink", path);
        String target = new String(buf, 0, (int) n, StandardCharsets.ISO_8859_1);
        out.put(path, new FsView.Entry('l', perm, st.stSize, (int) st.stNlink, target, xattrs));
      } else if (type == S_IFREG) {
        out.put(path, new FsView.Entry('f', perm, st.stSize, (int) st.stNlink,
            content(fs, path, st.stSize), xattrs));
      } else {
        out.put(path, new FsView.Entry(String.format("%o", type >> 12).charAt(0), perm,
            st.stSize, (int) st.stNlink, "", xattrs));
      }
    }
  }

  private static String content(Sys fs, String path, long size) {
    int fd = fs.open(path, 0, 0);
    check(fd, "open O_RDONLY", path);
    try {
      byte[] buf = new byte[(int) Math.max(size, 1) + 1];
      long n = fs.pread(fd, buf, buf.length, 0);
      check(n, "pread", path);
      return new String(buf, 0, (int) n, StandardCharsets.ISO_8859_1);
    } finally {
      fs.close(fd);
    }
  }

  private static TreeMap<String, String> userXattrs(Sys fs, String path) {
    TreeMap<String, String> out = new TreeMap<>();
    byte[] list = new byte[BUF];
    long n = fs.llistxattr(path, list, list.length);
    if (n == -95) { // EOPNOTSUPP: none
      return out;
    }
    check(n, "llistxattr", path);
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (list[i] == 0) {
        String name = new String(list, start, i - start, StandardCharsets.ISO_8859_1);
        start = i + 1;
        if (name.startsWith("user.")) {
          byte[] v = new byte[BUF];
          long len = fs.lgetxattr(path, name, v, v.length);
          check(len, "lgetxattr " + name, path);
          out.put(name, new String(v, 0, (int) len, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }

  private static void check(long r, String call, String path) {
    if (r < 0) {
      throw new IllegalStateException(
          "reading the view: " + call + " " + (path.isEmpty() ? "." : path) + " = " + r);
    }
  }
}
