package ovlsim.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.machine.Machine;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * A {@linkplain Machine staged machine} with a {@linkplain Machine.Builder#writableLower
 * writable lower}: upper-fs on {@code /lower} (populated with syscalls before the overlay is
 * mounted, as a lower layer would be) and on {@code /upper}, and {@code /mnt} for the overlay,
 * which each test mounts with its own options. Checks go through the syscall API; the few
 * white-box assertions (version, write references) read the overlay's own state.
 */
final class OvlFixture {
  final Machine machine;
  final Kernel k;
  final ModelSys sys;

  OvlFixture() {
    this("");
  }

  /** {@code upperOptions} are the upper-fs options of the upper layer ({@code size=...}). */
  OvlFixture(String upperOptions) {
    machine = Machine.builder().staged().writableLower("").upperOptions(upperOptions).boot();
    k = machine.kernel();
    sys = machine.sys();
  }

  /** Mounts the overlay on /mnt with the extra options {@code extra} (e.g. "version=v6"). */
  void mountOverlay(String extra) {
    machine.mountOverlay(extra, false);
  }

  /** The overlay's superblock (the one mounted last). */
  SuperBlock overlaySb() {
    SuperBlock found = null;
    for (VfsMount m : Vfs.of(k).mounts()) {
      if (m.mntSb.sType().name().equals(OverlayFsType.NAME)) {
        found = m.mntSb;
      }
    }
    assertTrue(found != null, "no overlay mounted");
    return found;
  }

  static long ok(long result) {
    assertTrue(
        result >= 0, () -> "expected success, got " + Errno.ofResult(result) + " (" + result + ")");
    return result;
  }

  static void err(Errno e, long result) {
    assertEquals(
        -e.number(),
        result,
        () -> "expected " + e + ", got " + (result >= 0 ? result : Errno.ofResult(result)));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void writeFile(ModelSys s, String path, String content) {
    int fd = (int) ok(s.open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC, 0644));
    byte[] b = bytes(content);
    assertEquals(b.length, s.write(fd, b, b.length));
    ok(s.close(fd));
  }

  static String readFile(ModelSys s, String path) {
    int fd = (int) ok(s.open(path, Fcntl.O_RDONLY));
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[4096];
    long n;
    while ((n = ok(s.read(fd, buf, buf.length))) > 0) {
      sb.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
    }
    ok(s.close(fd));
    return sb.toString();
  }

  /** The names in {@code dir} in getdents order (one large buffer), without "." and "..". */
  static List<String> ls(ModelSys s, String dir) {
    int fd = (int) ok(s.open(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    List<Dirent> all = new ArrayList<>();
    while (ok(s.getdents(fd, all, 1024)) > 0) {
      // next batch
    }
    ok(s.close(fd));
    List<String> names = new ArrayList<>();
    for (Dirent d : all) {
      if (!d.name().equals(".") && !d.name().equals("..")) {
        names.add(d.name());
      }
    }
    return names;
  }

  static List<String> lsSorted(ModelSys s, String dir) {
    List<String> l = ls(s, dir);
    l.sort(null);
    return l;
  }

  /** The value of xattr {@code name} of {@code path} (not following), or null. */
  static String lgetxattr(ModelSys s, String path, String name) {
    byte[] v = new byte[256];
    long n = s.lgetxattr(path, name, v, v.length);
    return n < 0 ? null : new String(v, 0, (int) n, StandardCharsets.UTF_8);
  }

  static String readlink(ModelSys s, String path) {
    byte[] b = new byte[4096];
    long n = ok(s.readlink(path, b, b.length));
    return new String(b, 0, (int) n, StandardCharsets.UTF_8);
  }

  /** Asserts that neither lockdep nor WARN_ON/BUG_ON said anything. */
  void assertQuiet() {
    assertEquals(List.of(), Lockdep.of(k).reports(), "lockdep reports");
    assertEquals(List.of(), k.bugLog().entries(), "WARN_ON / BUG_ON");
  }
}
