package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.layer.Layer;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.Vfs;

/**
 * Overlay-as-lower readiness: lower-fs reaches its image only through the inode an operation
 * was handed as its own, never through a path, a parent or a mount, so it works under any
 * stacking (an overlay over it, an overlay over that overlay) and beside any filesystem.
 */
class StackingReadinessTest {
  private final Kernel k = new Kernel();
  private final ModelSys sys = ModelSys.of(k.init());

  private void boot() {
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).registerFilesystem(new LowerFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    assertEquals(0, sys.mkdir("/lower", 0755));
    k.attachDevice("/dev/loop0", LowerImage.of(LowerFsOpsTest.sample()));
    assertEquals(0, sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    Layer.builder().file("f", 0644, "upper").dir("d", 0755).build().applyTo(sys, "/");
  }

  private static Inode inodeAt(String path) {
    Path p = new Path();
    Namei.kernPath(path, 0, p);
    try {
      return p.dentry.dInode;
    } finally {
      Namespace.pathPut(p);
    }
  }

  /**
   * What a stacking filesystem does when it opens a lower file on its own {@code f_path}
   * (Al Viro's point on linux-fsdevel, June 2018): {@code ->open} gets the lower inode, the file's path is not
   * lower-fs's. Reads and readdir still see the inode that was opened.
   */
  @Test
  void fileOpsUseTheOpenedInodeNotTheFilesPath() {
    boot();
    k.init().run(() -> {
      Inode foo = inodeAt("/lower/a/foo");
      File f = Namei.doFilpOpen("/f", Fcntl.O_RDONLY, 0);
      try {
        assertNotSame(foo, f.inode());
        foo.iFop.open(foo, f);
        f.fOp = foo.iFop;
        byte[] buf = new byte[64];
        int n = f.fOp.read(f, buf, 64, new Loff(0));
        assertEquals("hello world", new String(buf, 0, n, StandardCharsets.UTF_8));
      } finally {
        Open.fput(f);
      }

      Inode a = inodeAt("/lower/a");
      File d = Namei.doFilpOpen("/f", Fcntl.O_RDONLY, 0);
      try {
        a.iFop.open(a, d);
        d.fOp = a.iFop;
        List<String> names = new ArrayList<>();
        KMutex.mutexLock(a.iMutex);
        try {
          d.fOp.readdir(d, (name, off, ino, type) -> {
            names.add(name);
            return 0;
          });
        } finally {
          KMutex.mutexUnlock(a.iMutex);
        }
        assertEquals(List.of(".", "..", "bar", "foo", "l", "null", "p", "sda", "sub"), names);
      } finally {
        Open.fput(d);
      }
    });
    assertEquals(0, k.bugLog().bugs());
  }

  /** A file lower-fs never opened is a bug, reported in the kernel's words, not a wrong read. */
  @Test
  void aFileLowerFsDidNotOpenIsABug() {
    boot();
    k.init().run(() -> {
      Inode foo = inodeAt("/lower/a/foo");
      File f = Namei.doFilpOpen("/f", Fcntl.O_RDONLY, 0);
      try {
        assertThrows(KernelBug.class, () -> foo.iFop.read(f, new byte[4], 4, new Loff(0)));
      } finally {
        Open.fput(f);
      }
    });
    assertEquals(1, k.bugLog().bugs());
  }

  /**
   * The mutating operations refuse without looking at their arguments: a foreign dentry (as a
   * stacking filesystem might hand down) gets EROFS, not a cast failure.
   */
  @Test
  void mutatingOpsLookAtNoForeignInode() {
    boot();
    k.init().run(() -> {
      Path lp = new Path();
      Namei.kernPath("/lower/a", 0, lp);
      Path up = new Path();
      Namei.kernPath("/f", 0, up);
      try {
        Inode dir = lp.dentry.dInode;
        Dentry foreign = up.dentry;
        assertErrno(Errno.EROFS, () -> dir.iOp.link(foreign, dir, foreign));
        assertErrno(Errno.EROFS, () -> dir.iOp.rename(foreign.dInode, foreign, dir, foreign));
        assertErrno(Errno.EROFS, () -> dir.iOp.unlink(foreign.dInode, foreign));
        assertErrno(Errno.EROFS, () -> dir.iOp.create(foreign.dInode, foreign, 0644, null));
      } finally {
        Namespace.pathPut(lp);
        Namespace.pathPut(up);
      }
    });
    assertEquals(0, k.bugLog().bugs());
  }

  /**
   * {@code ..} of the mount root is the image's root, whatever the lower-fs is mounted on (the
   * VFS, not the filesystem, crosses mounts); a second instance mounted inside the first sees
   * only its own image.
   */
  @Test
  void readdirLooksOnlyAtTheImage() {
    boot();
    k.attachDevice("/dev/loop1", LowerImage.of(Layer.builder().file("only", 0600).build()));
    assertEquals(
        0, sys.mount("/dev/loop1", "/lower/a/sub", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    List<String> inner = new ArrayList<>();
    for (Dirent e : TreeSnapshot.readdir(sys, "/lower/a/sub")) {
      inner.add(e.name() + ":" + e.ino());
    }
    assertEquals(List.of(".:1", "..:1", "only:2"), inner);
    List<Dirent> outer = TreeSnapshot.readdir(sys, "/lower");
    assertEquals("..", outer.get(1).name());
    assertEquals(1, outer.get(1).ino());
    assertEquals("0600", String.format("%04o", TreeSnapshot.lstat(sys, "/lower/a/sub/only").stMode & 07777));
    assertEquals(
        "hello world", TreeSnapshot.content(sys, "/lower/a/sub/../foo"),
        "the walk leaves the inner mount through the VFS");
  }

  private static void assertErrno(Errno e, org.junit.jupiter.api.function.Executable ex) {
    KernelError err = assertThrows(KernelError.class, ex);
    assertEquals(e, err.errno(), err::getMessage);
  }
}
