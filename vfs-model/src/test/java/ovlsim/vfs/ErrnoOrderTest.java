package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.writeFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/**
 * The order in which 2.6.38 checks what {@code link(2)} and {@code mknod(2)} can fail with, so
 * that a call wrong in several ways gets the errno Linux gives: {@code sys_linkat()} checks
 * EXDEV before {@code lookup_create()} (EEXIST) and {@code mnt_want_write()} (EROFS);
 * {@code sys_mknodat()} checks a directory (EPERM) first, then {@code lookup_create()}, then
 * {@code may_mknod()} (EINVAL), then {@code mnt_want_write()}. And {@code lookup_one_len()}
 * without the parent's i_mutex warns once ({@code WARN_ON_ONCE}), not on every call.
 */
class ErrnoOrderTest {
  /** A file type no mknod makes ({@code S_IFMT} bits of none). */
  private static final int BAD_TYPE = 0110000;

  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @BeforeEach
  void mounts() {
    writeFile(sys, "/f", "f");
    ok(sys.mkdir("/rw", 0755));
    ok(sys.mount("none", "/rw", "ramfs", 0, ""));
    writeFile(sys, "/rw/there", "x");
    ok(sys.mkdir("/ro", 0755));
    ok(sys.mount("none", "/ro", "ramfs", Fs.MS_RDONLY, ""));
  }

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void linkAcrossMountsIsExdevBeforeTheTargetIsLookedUp() {
    err(Errno.EXDEV, sys.link("/f", "/rw/there"), "the target exists: EXDEV, not EEXIST");
    err(Errno.EXDEV, sys.link("/f", "/ro/new"), "a read-only mount: EXDEV, not EROFS");
    err(Errno.EXDEV, sys.link("/f", "/rw/new"));
    err(Errno.ENOENT, sys.link("/f", "/rw/missing/new"), "the parent walk comes first");
    err(Errno.EEXIST, sys.link("/rw/there", "/rw/there"), "one mount: lookup_create()");
  }

  @Test
  void mknodChecksTheTypeAfterTheLookupAndBeforeWriteAccess() {
    err(Errno.EINVAL, sys.mknod("/ro/node", BAD_TYPE | 0644, 0), "not EROFS");
    err(Errno.EROFS, sys.mknod("/ro/node", Stat.S_IFIFO | 0644, 0), "a good type");
    err(Errno.EEXIST, sys.mknod("/rw/there", BAD_TYPE | 0644, 0), "lookup_create() first");
    err(Errno.EPERM, sys.mknod("/rw/there", Stat.S_IFDIR | 0755, 0), "a directory: first");
    err(Errno.EPERM, sys.mknod("/missing/d", Stat.S_IFDIR | 0755, 0), "before the walk");
    err(Errno.ENOENT, sys.stat("/ro/node", new StatBuf()));
  }

  @Test
  void lookupOneLenWithoutTheLockWarnsOnce() {
    f.kernel().init().run(() -> {
      Path root = new Path();
      Namei.kernPath("/", 0, root);
      try {
        for (int i = 0; i < 3; i++) {
          Dentry d = Namei.lookupOneLen("f", root.dentry, 1);
          assertNotNull(d.dInode);
          Dcache.dput(d);
        }
      } finally {
        Namespace.pathPut(root);
      }
    });
    assertEquals(1, f.kernel().bugLog().warnings(), f.kernel().bugLog().entries().toString());
    assertEquals("lookup_one_len: i_mutex not held",
        f.kernel().bugLog().entries().get(0).message());
    f.kernel().bugLog().clear();
  }
}
