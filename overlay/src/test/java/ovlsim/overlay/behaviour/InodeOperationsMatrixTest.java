package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every inode operation on every kind of overlay object, with the errno asserted: directories
 * that are lower-only, upper-only and merged; files that are lower-only, upper-only and upper
 * over lower; symlinks of each layer. Run on every {@link OvlVersion}.
 */
class InodeOperationsMatrixTest {
  private static final Timespec T = new Timespec(1300000000L, 0);

  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private ModelSys s;

  /** The objects, all in the merged root. */
  enum Obj {
    LOWER_DIR("lodir", Stat.S_IFDIR, true, false),
    UPPER_DIR("updir", Stat.S_IFDIR, false, true),
    MERGED_DIR("merged", Stat.S_IFDIR, true, true),
    LOWER_FILE("lofile", Stat.S_IFREG, true, false),
    UPPER_FILE("upfile", Stat.S_IFREG, false, true),
    UPPER_OVER_LOWER_FILE("shadow", Stat.S_IFREG, true, true),
    LOWER_SYMLINK("lolink", Stat.S_IFLNK, true, false),
    UPPER_SYMLINK("uplink", Stat.S_IFLNK, false, true);

    final String name;
    final int type;
    final boolean inLower;
    final boolean inUpper;

    Obj(String name, int type, boolean inLower, boolean inUpper) {
      this.name = name;
      this.type = type;
      this.inLower = inLower;
      this.inUpper = inUpper;
    }

    boolean isDir() {
      return type == Stat.S_IFDIR;
    }

    boolean isLink() {
      return type == Stat.S_IFLNK;
    }

    String path() {
      return "/mnt/" + name;
    }
  }

  static Stream<Arguments> everyVersionAndObject() {
    List<Arguments> l = new ArrayList<>();
    for (OvlVersion v : OvlVersion.values()) {
      for (Obj o : Obj.values()) {
        l.add(Arguments.of(v, o));
      }
    }
    return l.stream();
  }

  /**
   * lodir {c}, merged {lc | uc2}, updir {uc}; lofile, upfile, shadow (both); lolink and uplink
   * point at lofile and upfile.
   */
  private void layers(OvlVersion v) {
    f.lower().dir("lodir", 0755).file("lodir/c", 0644, "")
        .dir("merged", 0755).file("merged/lc", 0644, "")
        .file("lofile", 0644, "lower file").file("shadow", 0644, "lower shadow")
        .symlink("lolink", "lofile");
    f.upper().dir("updir", 0755).file("updir/uc", 0644, "")
        .dir("merged", 0755).file("merged/uc2", 0644, "")
        .file("upfile", 0644, "upper file").file("shadow", 0644, "upper shadow")
        .symlink("uplink", "upfile");
    f.mount(v);
    s = f.sys();
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void lookupAndGetattr(OvlVersion v, Obj o) {
    layers(v);
    StatBuf st = f.lstat(o.path());
    assertEquals(o.type, st.stMode & Stat.S_IFMT);
    long nlink = o == Obj.MERGED_DIR ? 1 : o.isDir() ? 2 : 1;
    assertEquals(nlink, st.stNlink);
    boolean overlayDev = o.isDir();
    long expectedDev =
        overlayDev ? f.stat("/mnt").stDev : f.stat(o.inUpper ? "/upper" : "/lower").stDev;
    assertEquals(expectedDev, st.stDev);
    err(Errno.ENOENT, f.lstatResult(o.path() + "x"), "a name in neither layer");
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void createMkdirMknodSymlinkInside(OvlVersion v, Obj o) {
    layers(v);
    String in = o.path() + "/";
    if (o.isDir()) {
      int fd = (int) ok(s.open(in + "f", Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0640));
      ok(s.close(fd));
      ok(s.mkdir(in + "m", 0750));
      ok(s.mkfifo(in + "p", 0600));
      ok(s.symlink("f", in + "l"));
      assertEquals(Stat.S_IFREG | 0640, f.lstat(in + "f").stMode);
      assertEquals(Stat.S_IFDIR | 0750, f.lstat(in + "m").stMode);
      assertEquals(Stat.S_IFIFO | 0600, f.lstat(in + "p").stMode);
      assertEquals("f", f.readlink(in + "l"));
      for (String n : List.of("f", "m", "p", "l")) {
        assertTrue(f.inUpper(o.name + "/" + n), n + " was created in the upper layer");
      }
    } else {
      err(Errno.ENOTDIR, s.open(in + "f", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0640));
      err(Errno.ENOTDIR, s.mkdir(in + "m", 0750));
      err(Errno.ENOTDIR, s.mkfifo(in + "p", 0600));
      err(Errno.ENOTDIR, s.symlink("f", in + "l"));
    }
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void creatingOverAnExistingNameIsEexist(OvlVersion v, Obj o) {
    layers(v);
    err(Errno.EEXIST, s.mkdir(o.path(), 0755));
    err(Errno.EEXIST, s.mkfifo(o.path(), 0600));
    err(Errno.EEXIST, s.symlink("x", o.path()));
    err(Errno.EEXIST, s.open(o.path(), Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, 0644));
    assertEquals(o.inUpper, f.inUpper(o.name), "nothing copied up");
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void unlink(OvlVersion v, Obj o) {
    layers(v);
    if (o.isDir()) {
      err(Errno.EISDIR, s.unlink(o.path()));
      return;
    }
    ok(s.unlink(o.path()));
    err(Errno.ENOENT, f.lstatResult(o.path()));
    assertEquals(o.inLower, f.isWhiteout(o.name), "a whiteout exactly when a lower one exists");
    assertEquals(o.inLower, f.inUpper(o.name));
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void rmdir(OvlVersion v, Obj o) {
    layers(v);
    if (!o.isDir()) {
      err(Errno.ENOTDIR, s.rmdir(o.path()));
      return;
    }
    err(Errno.ENOTEMPTY, s.rmdir(o.path()));
    for (String n : f.ls(o.path())) {
      ok(s.unlink(o.path() + "/" + n));
    }
    ok(s.rmdir(o.path()));
    err(Errno.ENOENT, f.lstatResult(o.path()));
    assertEquals(o.inLower, f.isWhiteout(o.name));
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void rename(OvlVersion v, Obj o) {
    layers(v);
    long r = s.rename(o.path(), o.path() + "2");
    if (o.isDir() && o.inLower) {
      err(Errno.EXDEV, r);
      return;
    }
    ok(r);
    err(Errno.ENOENT, f.lstatResult(o.path()));
    assertEquals(o.type, f.lstat(o.path() + "2").stMode & Stat.S_IFMT);
    assertEquals(o.inLower, f.isWhiteout(o.name));
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void link(OvlVersion v, Obj o) {
    layers(v);
    long r = s.link(o.path(), o.path() + "2");
    if (o.isDir()) {
      err(Errno.EPERM, r);
      assertEquals(o.inUpper, f.inUpper(o.name));
      return;
    }
    ok(r);
    StatBuf a = f.lstat(o.path());
    StatBuf b = f.lstat(o.path() + "2");
    assertEquals(a.stIno, b.stIno);
    assertEquals(2L, b.stNlink);
    assertTrue(f.inUpper(o.name), "the source is copied up");
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void setattrChownChmodUtimesTruncate(OvlVersion v, Obj o) {
    layers(v);
    ok(s.lchown(o.path(), 77, 78));
    StatBuf st = f.lstat(o.path());
    assertEquals(77, st.stUid);
    assertEquals(78, st.stGid);
    assertTrue(f.inUpper(o.name), "copied up");
    if (o.isLink()) {
      return; // chmod, utimes and truncate follow the link
    }
    ok(s.chmod(o.path(), 0710));
    ok(s.utimes(o.path(), T, T));
    st = f.stat(o.path());
    assertEquals(o.type | 0710, st.stMode);
    assertEquals(T, st.stMtime);
    if (o.isDir()) {
      err(Errno.EISDIR, s.truncate(o.path(), 0));
    } else {
      ok(s.truncate(o.path(), 3));
      assertEquals(3, f.stat(o.path()).stSize);
    }
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void xattrOperations(OvlVersion v, Obj o) {
    layers(v);
    if (o.isLink()) {
      // xattr_permission() of 2.6.38: user.* only on regular files and directories, EPERM.
      err(Errno.EPERM, f.lgetxattrResult(o.path(), "user.none"));
      err(Errno.EPERM, s.lsetxattr(o.path(), "user.k", bytes("v"), 1, 0));
      err(Errno.EPERM, s.lremovexattr(o.path(), "user.none"));
      assertEquals(o.inUpper, f.inUpper(o.name));
      return;
    }
    err(Errno.ENODATA, f.lgetxattrResult(o.path(), "user.none"));
    err(Errno.ENODATA, s.lremovexattr(o.path(), "user.none"));
    assertEquals(o.inUpper, f.inUpper(o.name), "nothing copied up so far");
    ok(s.lsetxattr(o.path(), "user.k", bytes("v"), 1, 0));
    err(Errno.EEXIST, s.lsetxattr(o.path(), "user.k", bytes("w"), 1, Fs.XATTR_CREATE));
    assertEquals("v", f.lgetxattr(o.path(), "user.k"));
    assertEquals(List.of("user.k"), f.llistxattr(o.path()));
    ok(s.lremovexattr(o.path(), "user.k"));
    assertEquals(List.of(), f.llistxattr(o.path()));
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void openAndReaddir(OvlVersion v, Obj o) {
    layers(v);
    int fd = (int) ok(s.open(o.path(), Fcntl.O_RDONLY));
    ok(s.close(fd));
    if (o.isDir()) {
      err(Errno.EISDIR, s.open(o.path(), Fcntl.O_WRONLY));
      err(Errno.EISDIR, s.open(o.path(), Fcntl.O_RDWR));
      fd = OverlayFixture.opendir(s, o.path());
      assertFalse(OverlayFixture.getdents(s, fd, 100).isEmpty());
      ok(s.close(fd));
    } else {
      err(Errno.ENOTDIR, s.open(o.path(), Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
      fd = (int) ok(s.open(o.path(), Fcntl.O_WRONLY | Fcntl.O_APPEND));
      ok(s.write(fd, bytes("+"), 1));
      ok(s.close(fd));
      assertTrue(f.read(o.path()).endsWith("+"));
    }
  }

  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void readlinkAndFollowLink(OvlVersion v, Obj o) {
    layers(v);
    byte[] buf = new byte[100];
    if (!o.isLink()) {
      err(Errno.EINVAL, s.readlink(o.path(), buf, buf.length));
      return;
    }
    String target = o.inLower ? "lofile" : "upfile";
    assertEquals(target, f.readlink(o.path()));
    assertEquals(f.read("/mnt/" + target), f.read(o.path()));
    err(Errno.ELOOP, s.open(o.path(), Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW));
  }

  /**
   * {@code ovl_permission()} for an unprivileged user on root's 0755/0644 objects: the VFS asks
   * it before create, unlink and open, so nothing is copied up. A chown is different: the VFS
   * leaves the check to the filesystem's {@code ->setattr} ({@code inode_change_ok()}), and
   * {@code ovl_setattr()} copies up before it calls the upper one, which refuses: a refused
   * chown of a lower object still copies it up.
   */
  @ParameterizedTest
  @MethodSource("everyVersionAndObject")
  void permission(OvlVersion v, Obj o) {
    layers(v);
    ModelSys user = f.user(1001, 1001);
    if (o.isDir()) {
      err(Errno.EACCES, user.mkdir(o.path() + "/x", 0755));
      err(Errno.EACCES, user.unlink(o.path() + "/" + f.ls(o.path()).get(0)));
      int fd = OverlayFixture.opendir(user, o.path());
      ok(user.close(fd));
    } else {
      err(Errno.EACCES, user.open(o.path(), Fcntl.O_WRONLY));
      assertEquals(f.read(o.path()), OverlayFixture.read(user, o.path()));
    }
    assertEquals(o.inUpper, f.inUpper(o.name), "nothing copied up for refused calls");
    err(Errno.EPERM, user.lchown(o.path(), 1001, 1001));
    assertTrue(f.inUpper(o.name), "copied up by the refused chown");
    assertEquals(0, f.lstat(o.path()).stUid);
  }
}
