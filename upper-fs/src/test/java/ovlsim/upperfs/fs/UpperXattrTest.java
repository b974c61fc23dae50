package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.fs.UpperFsFixture.assertErrno;
import static ovlsim.upperfs.fs.UpperFsFixture.names;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Stat;

/** Extended attributes on every kind of upper-fs inode. */
class UpperXattrTest {
  private final UpperFsFixture fx = new UpperFsFixture("size=1m");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void set(Dentry d, String name, String value, int flags) {
    byte[] v = bytes(value);
    d.dInode.iOp.setxattr(d, name, v, v.length, flags);
  }

  private static String get(Dentry d, String name) {
    Inode inode = d.dInode;
    int len = inode.iOp.getxattr(d, name, null, 0);
    byte[] buf = new byte[len];
    assertEquals(len, inode.iOp.getxattr(d, name, buf, len));
    return new String(buf, StandardCharsets.UTF_8);
  }

  private static List<String> list(Dentry d) {
    Inode inode = d.dInode;
    int len = inode.iOp.listxattr(d, null, 0);
    byte[] buf = new byte[len];
    assertEquals(len, inode.iOp.listxattr(d, buf, len));
    return names(buf, len);
  }

  @Test
  void setGetListRemoveOnEveryType() {
    fx.run(
        () -> {
          List<Dentry> all =
              List.of(
                  fx.create(fx.root(), "f", 0644),
                  fx.mkdir(fx.root(), "d", 0755),
                  fx.symlink(fx.root(), "l", "f"),
                  fx.mknod(fx.root(), "p", Stat.S_IFIFO | 0644, 0));
          for (Dentry d : all) {
            assertTrue(d.dInode.iOp.hasGetxattr());
            set(d, "trusted.overlay.whiteout", "y", 0);
            set(d, "user.comment", "hello", 0);
            set(d, "security.label", "", 0);
            assertEquals("y", get(d, "trusted.overlay.whiteout"));
            assertEquals("hello", get(d, "user.comment"));
            assertEquals("", get(d, "security.label"));
            assertEquals(
                List.of("trusted.overlay.whiteout", "user.comment", "security.label"), list(d));
            d.dInode.iOp.removexattr(d, "user.comment");
            assertEquals(List.of("trusted.overlay.whiteout", "security.label"), list(d));
            assertErrno(Errno.ENODATA, () -> get(d, "user.comment"));
          }
        });
  }

  @Test
  void createAndReplaceFlags() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          assertErrno(Errno.ENODATA, () -> set(d, "user.a", "1", Fs.XATTR_REPLACE));
          set(d, "user.a", "1", Fs.XATTR_CREATE);
          assertErrno(Errno.EEXIST, () -> set(d, "user.a", "2", Fs.XATTR_CREATE));
          assertEquals("1", get(d, "user.a"));
          set(d, "user.a", "22", Fs.XATTR_REPLACE);
          assertEquals("22", get(d, "user.a"));
          set(d, "user.a", "333", 0);
          assertEquals("333", get(d, "user.a"));
        });
  }

  @Test
  void missingNamesAndSmallBuffers() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          Inode inode = d.dInode;
          assertErrno(Errno.ENODATA, () -> inode.iOp.getxattr(d, "user.none", new byte[8], 8));
          assertErrno(Errno.ENODATA, () -> inode.iOp.removexattr(d, "user.none"));
          assertEquals(0, inode.iOp.listxattr(d, null, 0));
          set(d, "user.name", "value", 0);
          assertEquals(5, inode.iOp.getxattr(d, "user.name", null, 0));
          assertErrno(Errno.ERANGE, () -> inode.iOp.getxattr(d, "user.name", new byte[4], 4));
          assertEquals(10, inode.iOp.listxattr(d, null, 0));
          assertErrno(Errno.ERANGE, () -> inode.iOp.listxattr(d, new byte[9], 9));
        });
  }

  @Test
  void theValueIsCopiedAndOnlySizeBytesAreKept() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          byte[] v = bytes("abcdef");
          d.dInode.iOp.setxattr(d, "user.x", v, 3, 0);
          v[0] = 'z';
          assertEquals("abc", get(d, "user.x"));
        });
  }
}
