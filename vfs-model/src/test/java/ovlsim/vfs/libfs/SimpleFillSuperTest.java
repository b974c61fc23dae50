package ovlsim.vfs.libfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.lstat;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.stat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SysFixture;
import ovlsim.vfs.Vfs;

/**
 * {@code simple_fill_super()}: a pseudo filesystem of fixed files, as securityfs or configfs's
 * root are made, with {@code simple_dir_inode_operations} and {@code simple_dir_operations}.
 */
class SimpleFillSuperTest {
  private static final long MAGIC = 0x73636673L;

  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys();

  /** A file whose read returns "hi" once. */
  private static final FileOperations HELLO =
      new FileOperations() {
        @Override
        public int read(File file, byte[] buf, int count, Loff pos) {
          byte[] hi = {'h', 'i'};
          if (pos.value >= hi.length) {
            return 0;
          }
          int n = (int) Math.min(count, hi.length - pos.value);
          System.arraycopy(hi, (int) pos.value, buf, 0, n);
          pos.value += n;
          return n;
        }
      };

  /** {@code pseudofs}: {@code get_sb_nodev()} with {@code simple_fill_super()}. */
  private static final class PseudoFs implements FileSystemType {
    @Override
    public String name() {
      return "pseudofs";
    }

    @Override
    public SuperBlock getSb(int flags, String devName, String data) {
      return Super.getSbNodev(
          this,
          flags,
          data,
          (sb, d, silent) ->
              Libfs.simpleFillSuper(
                  sb,
                  MAGIC,
                  Arrays.asList(null, null, new TreeDescr("hello", HELLO, 0444), null,
                      new TreeDescr("other", HELLO, 0400))));
    }
  }

  @BeforeEach
  void mount() {
    Vfs.of(f.kernel()).registerFilesystem(new PseudoFs());
    ok(sys.mkdir("/sys", 0755));
    ok(sys.mount("none", "/sys", "pseudofs", 0, ""));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void theTreeIsThereWithItsInodeNumbers() {
    assertEquals(List.of("hello", "other"), ls(sys, "/sys"));
    assertEquals(1, stat(sys, "/sys").stIno);
    assertEquals(Stat.S_IFDIR | 0755, stat(sys, "/sys").stMode);
    assertEquals(2, stat(sys, "/sys").stNlink);
    assertEquals(2, lstat(sys, "/sys/hello").stIno, "the index in the files array");
    assertEquals(4, lstat(sys, "/sys/other").stIno);
    assertEquals(Stat.S_IFREG | 0444, lstat(sys, "/sys/hello").stMode);
    int fd = (int) ok(sys.open("/sys/hello", Fcntl.O_RDONLY));
    byte[] buf = new byte[8];
    assertEquals(2, sys.read(fd, buf, 8));
    ok(sys.close(fd));
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs("/sys/hello", b));
    assertEquals(MAGIC, b.fType, "simple_statfs(): s_magic");
  }

  @Test
  void aSimpleDirectoryOnlyLooksUp() {
    err(Errno.ENOENT, sys.stat("/sys/nope", new StatBuf()));
    err(Errno.EPERM, sys.mkdir("/sys/d", 0755), "no ->mkdir");
    err(Errno.EACCES, sys.open("/sys/n", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644), "no ->create");
    err(Errno.EPERM, sys.unlink("/sys/hello"), "no ->unlink");
    err(Errno.EPERM, sys.symlink("x", "/sys/s"));
    assertEquals(List.of("hello", "other"), ls(sys, "/sys"));
  }
}
