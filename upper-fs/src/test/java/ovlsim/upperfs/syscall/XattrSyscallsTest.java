package ovlsim.upperfs.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.upperfs.syscall.SysFixture.bytes;
import static ovlsim.upperfs.syscall.SysFixture.err;
import static ovlsim.upperfs.syscall.SysFixture.ok;
import static ovlsim.upperfs.syscall.SysFixture.writeFile;
import static ovlsim.vfs.Fs.XATTR_CREATE;
import static ovlsim.vfs.Fs.XATTR_REPLACE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;

/**
 * getxattr, lgetxattr, setxattr, lsetxattr, listxattr, llistxattr, removexattr, lremovexattr.
 * These test the VFS's xattr rules (names, sizes, flags, namespaces, permissions) together with
 * upper-fs's storage of the values, so they stay here: ramfs, on which the VFS's other syscall
 * tests run in vfs-model, has no extended attributes in 2.6.38.
 */
class XattrSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @BeforeEach
  void files() {
    writeFile(sys, "/f", "");
    ok(sys.symlink("f", "/s"));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  private String get(ModelSys s, String path, String name) {
    byte[] buf = new byte[256];
    long n = ok(s.getxattr(path, name, buf, buf.length));
    return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
  }

  private List<String> list(ModelSys s, String path, boolean follow) {
    byte[] buf = new byte[1024];
    long n = ok(follow ? s.listxattr(path, buf, buf.length) : s.llistxattr(path, buf, 1024));
    if (n == 0) {
      return List.of();
    }
    String all = new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    assertEquals('\0', all.charAt(all.length() - 1), "each name is NUL-terminated");
    List<String> names = Arrays.asList(all.substring(0, all.length() - 1).split("\0"));
    names.sort(null);
    return names;
  }

  @Test
  void setGetListRemove() {
    ok(sys.setxattr("/f", "user.a", bytes("one"), 3, 0));
    ok(sys.setxattr("/f", "trusted.b", bytes("two!"), 4, 0));
    assertEquals("one", get(sys, "/f", "user.a"));
    assertEquals(4, sys.getxattr("/f", "trusted.b", null, 0), "size 0 asks for the length");
    err(Errno.ERANGE, sys.getxattr("/f", "trusted.b", new byte[3], 3));
    assertEquals(List.of("trusted.b", "user.a"), list(sys, "/f", true));
    assertEquals(17, sys.listxattr("/f", null, 0));
    err(Errno.ERANGE, sys.listxattr("/f", new byte[5], 5));
    ok(sys.removexattr("/f", "user.a"));
    err(Errno.ENODATA, sys.getxattr("/f", "user.a", new byte[8], 8));
    err(Errno.ENODATA, sys.removexattr("/f", "user.a"));
    assertEquals(List.of("trusted.b"), list(sys, "/f", true));
    ok(sys.setxattr("/f", "user.empty", new byte[0], 0, 0));
    assertEquals(0, sys.getxattr("/f", "user.empty", new byte[4], 4));
  }

  @Test
  void createAndReplaceFlags() {
    ok(sys.setxattr("/f", "user.a", bytes("1"), 1, XATTR_CREATE));
    err(Errno.EEXIST, sys.setxattr("/f", "user.a", bytes("2"), 1, XATTR_CREATE));
    ok(sys.setxattr("/f", "user.a", bytes("3"), 1, XATTR_REPLACE));
    err(Errno.ENODATA, sys.setxattr("/f", "user.b", bytes("4"), 1, XATTR_REPLACE));
    err(Errno.EINVAL, sys.setxattr("/f", "user.a", bytes("5"), 1, 4));
    err(Errno.EINVAL, sys.setxattr("/f", "", bytes("5"), 1, 8), "flags are checked first");
    assertEquals("3", get(sys, "/f", "user.a"));
    assertEquals(List.of("user.a"), list(sys, "/f", true));
  }

  @Test
  void nameAndSizeLimits() {
    String max = "user." + "n".repeat(250);
    ok(sys.setxattr("/f", max, bytes("v"), 1, 0));
    assertEquals("v", get(sys, "/f", max));
    err(Errno.ERANGE, sys.setxattr("/f", max + "x", bytes("v"), 1, 0));
    err(Errno.ERANGE, sys.getxattr("/f", max + "x", new byte[4], 4));
    err(Errno.ERANGE, sys.removexattr("/f", max + "x"));
    err(Errno.ERANGE, sys.setxattr("/f", "", bytes("v"), 1, 0));
    err(Errno.ERANGE, sys.getxattr("/f", "", new byte[4], 4));
    err(Errno.ERANGE, sys.removexattr("/f", ""));
    err(Errno.EINVAL, sys.setxattr("/f", "user.a\0b", bytes("v"), 1, 0));
    err(Errno.EFAULT, sys.setxattr("/f", null, bytes("v"), 1, 0));
    err(Errno.E2BIG, sys.setxattr("/f", "user.big", new byte[65537], 65537, 0));
    ok(sys.setxattr("/f", "user.big", new byte[65536], 65536, 0));
    assertEquals(65536, sys.getxattr("/f", "user.big", null, 0));
    assertEquals(65536, sys.getxattr("/f", "user.big", new byte[70000], 70000));
    err(Errno.EFAULT, sys.setxattr("/f", "user.c", new byte[2], 3, 0));
    err(Errno.ENOENT, sys.setxattr("/nope", "", bytes("v"), 1, 0), "the path comes first");
    assertEquals(List.of("user.big", max), list(sys, "/f", true));
  }

  @Test
  void theLVariantsActOnTheLinkItself() {
    ok(sys.lsetxattr("/s", "trusted.link", bytes("L"), 1, 0));
    ok(sys.setxattr("/s", "trusted.file", bytes("F"), 1, 0));
    assertEquals(List.of("trusted.link"), list(sys, "/s", false));
    assertEquals(List.of("trusted.file"), list(sys, "/f", true));
    assertEquals(List.of("trusted.file"), list(sys, "/s", true));
    byte[] buf = new byte[4];
    assertEquals(1, sys.lgetxattr("/s", "trusted.link", buf, 4));
    assertEquals('L', buf[0]);
    err(Errno.ENODATA, sys.getxattr("/s", "trusted.link", buf, 4));
    err(Errno.EPERM, sys.lsetxattr("/s", "user.x", bytes("v"), 1, 0), "no user.* on symlinks");
    err(Errno.ENODATA, sys.lgetxattr("/s", "trusted.file", buf, 4));
    err(Errno.ENODATA, sys.lremovexattr("/s", "trusted.file"));
    err(Errno.ENOENT, sys.llistxattr("/nope", buf, 4));
    err(Errno.ERANGE, sys.llistxattr("/s", buf, 4));
    err(Errno.ERANGE, sys.lsetxattr("/s", "", buf, 1, 0));
    ok(sys.lremovexattr("/s", "trusted.link"));
    assertEquals(List.of(), list(sys, "/s", false));
    ok(sys.removexattr("/s", "trusted.file"));
    assertEquals(List.of(), list(sys, "/f", true));
  }

  @Test
  void permissionsForAnUnprivilegedTask() {
    ok(sys.setxattr("/f", "user.a", bytes("1"), 1, 0));
    ModelSys u = f.user(1000, 1000);
    assertEquals(1, u.getxattr("/f", "user.a", new byte[4], 4), "0644: others may read");
    err(Errno.EACCES, u.setxattr("/f", "user.a", bytes("2"), 1, 0));
    err(Errno.EACCES, u.removexattr("/f", "user.a"));
    err(Errno.EPERM, u.setxattr("/f", "trusted.a", bytes("2"), 1, 0));
    ok(sys.chmod("/f", 0600));
    err(Errno.EACCES, u.getxattr("/f", "user.a", new byte[4], 4));
    writeFile(u, "/mine", "");
    ok(u.setxattr("/mine", "user.a", bytes("x"), 1, 0));
    assertEquals("1", get(sys, "/f", "user.a"));
  }
}
