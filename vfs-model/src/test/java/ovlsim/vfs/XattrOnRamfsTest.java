package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;

/**
 * The xattr syscalls on ramfs, which has no extended attributes in 2.6.38: the VFS's own checks
 * (the flags, the name, the size, the namespaces, the mount) answer first; a call that gets past
 * them reaches a filesystem with no xattr operations and is EOPNOTSUPP, except listxattr, which
 * {@code vfs_listxattr()} answers from the (absent) LSM with an empty list. The xattr tests
 * that need a filesystem storing values run on upper-fs, in upper-fs.
 */
class XattrOnRamfsTest {
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

  @Test
  void whatReachesRamfsIsEopnotsupp() {
    err(Errno.EOPNOTSUPP, sys.setxattr("/f", "user.a", bytes("1"), 1, 0));
    err(Errno.EOPNOTSUPP, sys.getxattr("/f", "user.a", new byte[4], 4));
    err(Errno.EOPNOTSUPP, sys.removexattr("/f", "user.a"));
    err(Errno.EOPNOTSUPP, sys.lsetxattr("/s", "trusted.a", bytes("1"), 1, 0));
    assertEquals(0, sys.listxattr("/f", new byte[16], 16), "no ->listxattr: nothing to list");
    assertEquals(0, sys.llistxattr("/s", null, 0));
  }

  @Test
  void theVfsChecksComeFirst() {
    err(Errno.EINVAL, sys.setxattr("/f", "user.a", bytes("1"), 1, 4), "unknown flags");
    err(Errno.ERANGE, sys.setxattr("/f", "", bytes("1"), 1, 0), "empty name");
    err(Errno.ERANGE, sys.getxattr("/f", "user." + "n".repeat(251), new byte[4], 4));
    err(Errno.E2BIG, sys.setxattr("/f", "user.big", new byte[65537], 65537, 0));
    err(Errno.EPERM, sys.lsetxattr("/s", "user.x", bytes("v"), 1, 0), "no user.* on symlinks");
    ModelSys u = f.user(1000, 1000);
    err(Errno.EPERM, u.getxattr("/f", "trusted.a", new byte[4], 4), "trusted.* is root's");
    err(Errno.EACCES, u.setxattr("/f", "user.a", bytes("2"), 1, 0), "0644: not u's to write");
    err(Errno.ENOENT, sys.setxattr("/nope", "", bytes("v"), 1, 0), "the path comes first");
  }
}
