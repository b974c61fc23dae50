package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.ramfs.RamfsFsType;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * A kernel booted with ramfs as "/", as the kernel boots on rootfs, driven through the syscall
 * API, and the assertions the VFS's syscall tests share. Nothing here reaches into the kernel:
 * every check is a syscall result.
 *
 * <p>The root is mounted {@code mode=1777} unless a test says otherwise: ramfs's default is
 * 0755, and the tests let unprivileged tasks create files in "/" (as on a tmpfs root).
 */
public final class SysFixture {
  /** The root's mount options when a test gives none. */
  public static final String ROOT_OPTIONS = "mode=1777";

  final Kernel k = new Kernel();
  final ModelSys sys;

  public SysFixture() {
    this(ROOT_OPTIONS);
  }

  /** A kernel with ramfs registered and mounted as "/" with {@code rootOptions}. */
  public SysFixture(String rootOptions) {
    Objects.requireNonNull(rootOptions, "rootOptions");
    Vfs.of(k).registerFilesystem(new RamfsFsType());
    Vfs.of(k).mountRoot(RamfsFsType.NAME, "rootfs", rootOptions);
    sys = ModelSys.of(k.init());
  }

  /** The kernel. */
  public Kernel kernel() {
    return k;
  }

  /** init's syscalls. */
  public ModelSys sys() {
    return sys;
  }

  /** {@code kern_path()} as init: {@code path}'s dentry and mount, each with a reference. */
  public Path kernPath(String path) {
    return k.init().call(() -> {
      Path p = new Path();
      Namei.kernPath(path, 0, p);
      return p;
    });
  }

  /** {@code path_put()} as init: drops what {@link #kernPath} took. */
  public void pathPut(Path p) {
    k.init().run(() -> Namespace.pathPut(p));
  }

  /** A new unprivileged task. */
  public ModelSys user(int uid, int gid, int... groups) {
    return ModelSys.of(k.spawn("u" + uid, Cred.user(uid, gid, groups)));
  }

  /** Asserts a successful result (zero or a count) and returns it. */
  public static long ok(long result) {
    assertTrue(
        result >= 0, () -> "expected success, got " + Errno.ofResult(result) + " (" + result + ")");
    return result;
  }

  /** Asserts the result is {@code -e}. */
  public static void err(Errno e, long result) {
    assertEquals(
        -e.number(),
        result,
        () -> "expected " + e + ", got " + (result >= 0 ? result : Errno.ofResult(result)));
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Asserts the result is {@code -e}, saying {@code why} on failure. */
  public static void err(Errno e, long result, String why) {
    assertEquals(
        -e.number(),
        result,
        () -> why + ": expected " + e + ", got " + (result >= 0 ? result : Errno.ofResult(result)));
  }

  /** Creates (or truncates) {@code path} with {@code content}, as {@code s}. */
  public static void writeFile(ModelSys s, String path, String content) {
    int fd = (int) ok(s.open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC, 0644));
    byte[] b = bytes(content);
    assertEquals(b.length, s.write(fd, b, b.length));
    ok(s.close(fd));
  }

  /** The whole content of {@code path}, read as {@code s}. */
  public static String readFile(ModelSys s, String path) {
    int fd = (int) ok(s.open(path, Fcntl.O_RDONLY));
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[7];
    long n;
    while ((n = ok(s.read(fd, buf, buf.length))) > 0) {
      sb.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
    }
    ok(s.close(fd));
    return sb.toString();
  }

  public static StatBuf stat(ModelSys s, String path) {
    StatBuf b = new StatBuf();
    ok(s.stat(path, b));
    return b;
  }

  public static StatBuf lstat(ModelSys s, String path) {
    StatBuf b = new StatBuf();
    ok(s.lstat(path, b));
    return b;
  }

  /** Every entry of {@code dir} through getdents, in directory order, "." and ".." included. */
  public static List<Dirent> dirents(ModelSys s, String dir, int batch) {
    int fd = (int) ok(s.open(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<Dirent> all = new ArrayList<>();
    while (ok(s.getdents(fd, all, batch)) > 0) {
      // next batch
    }
    ok(s.close(fd));
    return all;
  }

  /** The names in {@code dir}, sorted, without "." and "..". */
  public static List<String> ls(ModelSys s, String dir) {
    List<String> names = new ArrayList<>();
    for (Dirent d : dirents(s, dir, 16)) {
      if (!d.name().equals(".") && !d.name().equals("..")) {
        names.add(d.name());
      }
    }
    names.sort(null);
    return names;
  }

  /** Asserts that neither lockdep nor WARN_ON/BUG_ON said anything. */
  public void assertQuiet() {
    assertEquals(List.of(), Lockdep.of(k).reports(), "lockdep reports");
    assertEquals(List.of(), k.bugLog().entries(), "WARN_ON / BUG_ON");
  }
}
