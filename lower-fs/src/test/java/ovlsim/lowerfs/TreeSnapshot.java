package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;

/**
 * What a tree looks like through the syscall API: per path below a directory, its type, mode,
 * link count, owner, device, content or target, xattrs, mtime (not for symlinks or
 * directories: making entries moves a directory's), and each directory's entry names with
 * their d_type. Two trees with the same layer content give equal snapshots, whatever
 * filesystem holds them.
 */
final class TreeSnapshot {
  private TreeSnapshot() {}

  static Map<String, String> of(ModelSys sys, String dir) {
    Map<String, String> out = new TreeMap<>();
    walk(sys, dir, "", out);
    return out;
  }

  private static void walk(ModelSys sys, String dir, String rel, Map<String, String> out) {
    for (Dirent e : readdir(sys, dir + rel)) {
      if (e.name().equals(".") || e.name().equals("..")) {
        continue;
      }
      String path = rel + "/" + e.name();
      StatBuf st = lstat(sys, dir + path);
      assertEquals(Stat.dtType(st.stMode), e.type(), "d_type of " + path);
      out.put(path, describe(sys, dir + path, st));
      if (Stat.S_ISDIR(st.stMode)) {
        walk(sys, dir, path, out);
      }
    }
  }

  static StatBuf lstat(ModelSys sys, String path) {
    StatBuf st = new StatBuf();
    assertEquals(0, sys.lstat(path, st), "lstat " + path);
    return st;
  }

  private static String describe(ModelSys sys, String path, StatBuf st) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("mode=0%o nlink=%d owner=%d:%d", st.stMode, st.stNlink, st.stUid, st.stGid));
    if (Stat.S_ISCHR(st.stMode) || Stat.S_ISBLK(st.stMode)) {
      sb.append(" rdev=").append(st.stRdev);
    }
    if (Stat.S_ISREG(st.stMode)) {
      sb.append(" size=").append(st.stSize).append(" content=").append(content(sys, path));
      sb.append(" mtime=").append(st.stMtime);
    } else if (Stat.S_ISLNK(st.stMode)) {
      sb.append(" target=").append(readlink(sys, path));
    } else if (Stat.S_ISDIR(st.stMode)) {
      List<String> names = new ArrayList<>();
      for (Dirent e : readdir(sys, path)) {
        names.add(e.name() + ":" + e.type());
      }
      names.sort(null);
      sb.append(" entries=").append(names);
    }
    sb.append(" xattrs=").append(xattrs(sys, path));
    return sb.toString();
  }

  static List<Dirent> readdir(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
    assertTrue(fd >= 0, "open " + path + ": " + fd);
    List<Dirent> out = new ArrayList<>();
    try {
      while (true) {
        long n = sys.getdents(fd, out, 16);
        assertTrue(n >= 0, "getdents " + path + ": " + n);
        if (n == 0) {
          return out;
        }
      }
    } finally {
      sys.close(fd);
    }
  }

  static String content(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY);
    assertTrue(fd >= 0, "open " + path + ": " + fd);
    try {
      StringBuilder sb = new StringBuilder();
      byte[] buf = new byte[7];
      long n;
      while ((n = sys.read(fd, buf, buf.length)) > 0) {
        sb.append(new String(buf, 0, (int) n, StandardCharsets.ISO_8859_1));
      }
      assertEquals(0, n, "read " + path);
      return sb.toString();
    } finally {
      sys.close(fd);
    }
  }

  static String readlink(ModelSys sys, String path) {
    byte[] buf = new byte[4096];
    long n = sys.readlink(path, buf, buf.length);
    assertTrue(n >= 0, "readlink " + path + ": " + n);
    return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
  }

  /** name=value per xattr listxattr shows, sorted. */
  static List<String> xattrs(ModelSys sys, String path) {
    byte[] list = new byte[4096];
    long n = sys.llistxattr(path, list, list.length);
    assertTrue(n >= 0, "llistxattr " + path + ": " + n);
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (list[i] == 0) {
        String name = new String(list, start, i - start, StandardCharsets.UTF_8);
        byte[] v = new byte[4096];
        long len = sys.lgetxattr(path, name, v, v.length);
        assertTrue(len >= 0, "lgetxattr " + path + " " + name + ": " + len);
        out.add(name + "=" + new String(Arrays.copyOf(v, (int) len), StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    out.sort(null);
    return out;
  }
}
