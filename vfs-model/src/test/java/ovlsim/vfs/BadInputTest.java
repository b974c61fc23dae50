package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;

/**
 * Malformed user input: every path syscall, and nothing left half-done afterwards. The errors
 * come from the syscall layer ({@code getname()}) and the walk, before any filesystem is asked;
 * a component past NAME_MAX is ramfs's {@code simple_lookup()} answering ENAMETOOLONG.
 */
class BadInputTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  /** Every syscall that takes a path, applied to a given path. */
  private Map<String, ToLongFunction<String>> pathCalls() {
    byte[] buf = new byte[16];
    return Map.ofEntries(
        Map.entry("open", p -> sys.open(p, Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644)),
        Map.entry("mkdir", p -> sys.mkdir(p, 0755)),
        Map.entry("rmdir", p -> sys.rmdir(p)),
        Map.entry("unlink", p -> sys.unlink(p)),
        Map.entry("rename-old", p -> sys.rename(p, "/target")),
        Map.entry("rename-new", p -> sys.rename("/f", p)),
        Map.entry("link-old", p -> sys.link(p, "/target")),
        Map.entry("link-new", p -> sys.link("/f", p)),
        Map.entry("symlink-target", p -> sys.symlink(p, "/target")),
        Map.entry("symlink-name", p -> sys.symlink("f", p)),
        Map.entry("readlink", p -> sys.readlink(p, buf, 16)),
        Map.entry("mknod", p -> sys.mknod(p, 0644, 0)),
        Map.entry("mkfifo", p -> sys.mkfifo(p, 0644)),
        Map.entry("stat", p -> sys.stat(p, new StatBuf())),
        Map.entry("lstat", p -> sys.lstat(p, new StatBuf())),
        Map.entry("truncate", p -> sys.truncate(p, 0)),
        Map.entry("chmod", p -> sys.chmod(p, 0600)),
        Map.entry("chown", p -> sys.chown(p, 1, 1)),
        Map.entry("lchown", p -> sys.lchown(p, 1, 1)),
        Map.entry("utimes", p -> sys.utimes(p, new Timespec(1, 0), null)),
        Map.entry("statfs", p -> sys.statfs(p, new StatfsBuf())),
        Map.entry("chdir", p -> sys.chdir(p)),
        Map.entry("getxattr", p -> sys.getxattr(p, "user.a", buf, 16)),
        Map.entry("setxattr", p -> sys.setxattr(p, "user.a", buf, 1, 0)),
        Map.entry("listxattr", p -> sys.listxattr(p, buf, 16)),
        Map.entry("removexattr", p -> sys.removexattr(p, "user.a")),
        Map.entry("mount", p -> sys.mount("none", p, "ramfs", 0, "")),
        Map.entry("umount", p -> sys.umount(p)));
  }

  private void expectEverywhere(Errno e, String path) {
    writeFile(sys, "/f", "content");
    pathCalls()
        .forEach(
            (name, call) ->
                assertEquals(
                    -e.number(),
                    call.applyAsLong(path),
                    () -> name + "(" + path.length() + " chars) should give " + e));
    assertEquals(List.of("f"), ls(sys, "/"), "nothing created");
    assertEquals("content", SysFixture.readFile(sys, "/f"));
  }

  @Test
  void emptyPathIsEnoent() {
    expectEverywhere(Errno.ENOENT, "");
  }

  @Test
  void nulInAPathIsEinval() {
    expectEverywhere(Errno.EINVAL, "/g\0h");
  }

  @Test
  void pathOfPathMaxBytesIsEnametoolong() {
    expectEverywhere(Errno.ENAMETOOLONG, "/" + "a/".repeat(2047) + "b");
    // Counted in bytes: 2049 chars, 4097 bytes.
    expectEverywhere(Errno.ENAMETOOLONG, "/" + "\u00e9".repeat(2048));
  }

  @Test
  void nullPathIsEfault() {
    expectEverywhere(Errno.EFAULT, null);
  }

  @Test
  void aPathJustUnderPathMaxIsWalked() {
    ok(sys.mkdir("/d", 0755));
    String path = "/d" + "/.".repeat(2045) + "/xy";
    assertEquals(4095, path.length());
    ok(sys.mkdir(path, 0755));
    assertEquals(List.of("xy"), ls(sys, "/d"));
    err(Errno.ENAMETOOLONG, sys.mkdir(path + "y", 0755));
  }

  @Test
  void aComponentOverNameMaxIsEnametoolong() {
    String max = "n".repeat(255);
    ok(sys.mkdir("/" + max, 0755));
    err(Errno.ENAMETOOLONG, sys.mkdir("/" + max + "x", 0755));
    err(Errno.ENAMETOOLONG, sys.open("/" + max + "x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    err(Errno.ENAMETOOLONG, sys.stat("/" + max + "x", new StatBuf()));
    err(Errno.ENAMETOOLONG, sys.rename("/" + max, "/" + max + "x"));
    assertEquals(List.of(max), ls(sys, "/"));
  }

  @Test
  void badDescriptorsAreEbadf() {
    byte[] buf = new byte[4];
    for (int fd : new int[] {-1, 3, 1024, Integer.MAX_VALUE}) {
      err(Errno.EBADF, sys.close(fd));
      err(Errno.EBADF, sys.read(fd, buf, 4));
      err(Errno.EBADF, sys.write(fd, buf, 4));
      err(Errno.EBADF, sys.pread(fd, buf, 4, 0));
      err(Errno.EBADF, sys.pwrite(fd, buf, 4, 0));
      err(Errno.EBADF, sys.lseek(fd, 0, Fcntl.SEEK_SET));
      err(Errno.EBADF, sys.fstat(fd, new StatBuf()));
      err(Errno.EBADF, sys.fchmod(fd, 0644));
      err(Errno.EBADF, sys.fchown(fd, 0, 0));
      err(Errno.EBADF, sys.ftruncate(fd, 0));
      err(Errno.EBADF, sys.fsync(fd));
      err(Errno.EBADF, sys.getdents(fd, new ArrayList<>(), 4));
    }
  }
}
