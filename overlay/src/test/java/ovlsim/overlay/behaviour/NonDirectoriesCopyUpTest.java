package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Non-directories" of the v6 posting's overlayfs.txt: a lower object accessed for writing (open
 * for write or with O_TRUNC, a metadata change, an xattr change, a hard link) is first copied up:
 * parents first, then the object with its owner, mode, times and symlink target, then the data
 * of a regular file (1 MiB splices), then the xattrs; from then on the upper object is used.
 * Reading copies nothing.
 */
class NonDirectoriesCopyUpTest {
  private static final Timespec A_TIME = new Timespec(1111111111L, 0);
  private static final Timespec M_TIME = new Timespec(1222222222L, 0);
  private static final Timespec DIR_TIME = new Timespec(1033333333L, 0);

  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void parentsAreCopiedUpFirstWithTheirMetadata(OvlVersion v) {
    f.lower().dir("a", 0751).owner("a", 11, 12).times("a", DIR_TIME).xattr("a", "user.a", "A")
        .dir("a/b", 0711).owner("a/b", 13, 14).times("a/b", DIR_TIME)
        .dir("a/b/c", 0700).owner("a/b/c", 15, 16).times("a/b/c", DIR_TIME)
        .file("a/b/c/f", 0666, "deep").file("a/b/c/other", 0644, "other")
        .file("a/b/sibling", 0644, "");
    f.mount(v);

    f.append("/mnt/a/b/c/f", "er");

    assertEquals("deeper", f.read("/upper/a/b/c/f"));
    int[][] expected = {{0751, 11, 12}, {0711, 13, 14}, {0700, 15, 16}};
    String[] dirs = {"a", "a/b", "a/b/c"};
    for (int i = 0; i < dirs.length; i++) {
      StatBuf st = f.stat("/upper/" + dirs[i]);
      assertEquals(Stat.S_IFDIR | expected[i][0], st.stMode, dirs[i]);
      assertEquals(expected[i][1], st.stUid, dirs[i]);
      assertEquals(expected[i][2], st.stGid, dirs[i]);
      assertEquals(DIR_TIME, st.stMtime, dirs[i] + ": times restored after the child's copy-up");
    }
    assertEquals("A", f.lgetxattr("/upper/a", "user.a"));
    assertEquals(List.of("b"), f.lsUpper("a"), "no sibling is copied");
    assertEquals(List.of("c"), f.lsUpper("a/b"));
    assertEquals(List.of("f"), f.lsUpper("a/b/c"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFileKeepsOwnerModeTimesContentAndXattrs(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 02755, "content").owner("d/f", 123, 456)
        .times("d/f", A_TIME, M_TIME, M_TIME)
        .xattr("d/f", "user.one", "1").xattr("d/f", "user.two", "22")
        .xattr("d/f", "trusted.private", "t");
    f.mount(v);

    ok(f.sys().utimes("/mnt/d/f", A_TIME, M_TIME)); // copies up (ovl_setattr)

    StatBuf st = f.stat("/upper/d/f");
    assertEquals(Stat.S_IFREG | 02755, st.stMode, "set-gid kept (CAP_FSETID)");
    assertEquals(123, st.stUid);
    assertEquals(456, st.stGid);
    assertEquals(A_TIME, st.stAtime);
    assertEquals(M_TIME, st.stMtime);
    assertEquals("content", f.read("/upper/d/f"));
    assertEquals("1", f.lgetxattr("/upper/d/f", "user.one"));
    assertEquals("22", f.lgetxattr("/upper/d/f", "user.two"));
    assertEquals("t", f.lgetxattr("/upper/d/f", "trusted.private"));
    assertEquals(List.of("trusted.private", "user.one", "user.two"),
        f.llistxattr("/mnt/d/f").stream().sorted().toList());
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void openingForWriteCopiesUpAtOpenAndReadingCopiesNothing(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/w", 0644, "w").file("d/rw", 0644, "rw")
        .file("d/app", 0644, "app").file("d/ro", 0644, "ro").symlink("d/l", "ro")
        .xattr("d/ro", "user.x", "x");
    f.mount(v);
    ModelSys s = f.sys();

    int fd = (int) ok(s.open("/mnt/d/ro", Fcntl.O_RDONLY));
    assertEquals("ro", OverlayFixture.readFd(s, fd));
    ok(s.close(fd));
    f.stat("/mnt/d/ro");
    f.readlink("/mnt/d/l");
    assertEquals("ro", f.read("/mnt/d/l"));
    assertEquals("x", f.lgetxattr("/mnt/d/ro", "user.x"));
    f.llistxattr("/mnt/d/ro");
    f.ls("/mnt/d");
    assertFalse(f.inUpper("d"), "reading copied nothing up");

    for (int flags : new int[] {Fcntl.O_WRONLY, Fcntl.O_RDWR, Fcntl.O_WRONLY | Fcntl.O_APPEND}) {
      String name = flags == Fcntl.O_WRONLY ? "w" : flags == Fcntl.O_RDWR ? "rw" : "app";
      fd = (int) ok(s.open("/mnt/d/" + name, flags));
      assertEquals(name, f.read("/upper/d/" + name), "copied up by open(), before any write");
      ok(s.close(fd));
    }
    assertEquals(List.of("app", "rw", "w"), f.lsUpper("d"));
  }

  /** O_TRUNC copies up only the parents and an empty file ({@code ovl_copy_up_truncate()}). */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void oTruncCopiesUpAnEmptyFileWithTheMetadata(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0640, "long lower content").owner("d/f", 7, 8)
        .file("d/g", 0600, "also lower");
    f.mount(v);
    ModelSys s = f.sys();

    int fd = (int) ok(s.open("/mnt/d/f", Fcntl.O_WRONLY | Fcntl.O_TRUNC));
    assertEquals("", f.read("/upper/d/f"));
    StatBuf st = f.stat("/upper/d/f");
    assertEquals(Stat.S_IFREG | 0640, st.stMode);
    assertEquals(7, st.stUid);
    ok(s.write(fd, bytes("short"), 5));
    ok(s.close(fd));
    assertEquals("short", f.read("/mnt/d/f"));

    // O_TRUNC alone (read-only access) asks for write permission and copies up too.
    fd = (int) ok(s.open("/mnt/d/g", Fcntl.O_RDONLY | Fcntl.O_TRUNC));
    ok(s.close(fd));
    assertEquals("", f.read("/mnt/d/g"));
    assertEquals("", f.read("/upper/d/g"));
    assertEquals("also lower", f.read("/lower/d/g"));
  }

  /** Metadata changes copy up first: chmod, chown, utimes, truncate, setxattr, removexattr. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void metadataChangesCopyUpFirst(OvlVersion v) {
    f.lower().dir("d", 0755);
    for (String n : List.of("chmod", "chown", "utimes", "trunc", "setx", "removex")) {
      f.lower().file("d/" + n, 0644, n + " data").xattr("d/" + n, "user.k", "v");
    }
    f.mount(v);
    ModelSys s = f.sys();

    ok(s.chmod("/mnt/d/chmod", 0600));
    ok(s.chown("/mnt/d/chown", 5, 6));
    ok(s.utimes("/mnt/d/utimes", A_TIME, M_TIME));
    ok(s.truncate("/mnt/d/trunc", 4));
    ok(s.setxattr("/mnt/d/setx", "user.new", bytes("n"), 1, 0));
    ok(s.removexattr("/mnt/d/removex", "user.k"));

    assertEquals(List.of("chmod", "chown", "removex", "setx", "trunc", "utimes"),
        f.lsUpper("d"));
    assertEquals(Stat.S_IFREG | 0600, f.stat("/upper/d/chmod").stMode);
    assertEquals(5, f.stat("/upper/d/chown").stUid);
    assertEquals(M_TIME, f.stat("/upper/d/utimes").stMtime);
    assertEquals("trun", f.read("/upper/d/trunc"), "only what the new size keeps");
    assertEquals("n", f.lgetxattr("/upper/d/setx", "user.new"));
    assertEquals("v", f.lgetxattr("/upper/d/setx", "user.k"));
    assertNull(f.lgetxattr("/upper/d/removex", "user.k"));
    assertEquals("removex data", f.read("/mnt/d/removex"));
    // The lower layer saw nothing.
    for (String n : List.of("chmod", "chown", "utimes", "trunc", "setx", "removex")) {
      StatBuf st = f.stat("/lower/d/" + n);
      assertEquals(Stat.S_IFREG | 0644, st.stMode, n);
      assertEquals(0, st.stUid, n);
      assertEquals(n + " data", f.read("/lower/d/" + n), n);
    }
  }

  /** Removing an xattr a lower file does not have fails before anything is copied up. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removingAnAbsentXattrOfALowerFileCopiesNothing(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "");
    f.mount(v);
    err(Errno.ENODATA, f.sys().removexattr("/mnt/d/f", "user.none"));
    assertFalse(f.inUpper("d"), "ovl_removexattr() checks the lower xattr first");
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void truncatingToALargerSizeCopiesEverythingAndExtends(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "abc");
    f.mount(v);
    ok(f.sys().truncate("/mnt/d/f", 6));
    assertEquals("abc\0\0\0", f.read("/mnt/d/f"));
    assertEquals("abc", f.read("/lower/d/f"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aSymlinkIsCopiedUpWithItsTarget(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/t", 0644, "target").symlink("d/l", "t")
        .owner("d/l", 3, 3);
    f.mount(v);
    ok(f.sys().lchown("/mnt/d/l", 9, 9));
    StatBuf st = f.lstat("/upper/d/l");
    assertTrue(Stat.S_ISLNK(st.stMode));
    assertEquals(9, st.stUid);
    assertEquals("t", f.readlink("/upper/d/l"));
    assertEquals("target", f.read("/mnt/d/l"), "resolves to the lower target");
    assertFalse(f.inUpper("d/t"));
  }

  /** Special files are opened where they are: no copy-up for a fifo opened for writing. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFifoOpenedForWritingIsNotCopiedUp(OvlVersion v) {
    f.lower().dir("d", 0755).fifo("d/p", 0666);
    f.mount(v);
    ModelSys s = f.sys();
    int fd = (int) ok(s.open("/mnt/d/p", Fcntl.O_RDWR));
    ok(s.close(fd));
    // O_RDWR: a FIFO opened O_WRONLY would wait for a reader (fifo_open()).
    fd = (int) ok(s.open("/mnt/d/p", Fcntl.O_RDWR | Fcntl.O_TRUNC));
    ok(s.close(fd));
    assertFalse(f.inUpper("d"));
    ok(s.chmod("/mnt/d/p", 0600));
    assertEquals(Stat.S_IFIFO | 0600, f.lstat("/upper/d/p").stMode, "chmod does copy it up");
  }

  /** "Once the copy_up is complete, the overlay filesystem simply provides direct access." */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void afterCopyUpTheUpperFileIsUsed(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "one");
    f.mount(v);
    f.append("/mnt/d/f", " two");
    f.append("/upper/d/f", " three"); // behind the overlay's back, to show where reads go
    assertEquals("one two three", f.read("/mnt/d/f"));
    assertEquals("one", f.read("/lower/d/f"));
  }

  /** Data goes up in {@code OVL_COPY_UP_CHUNK_SIZE} (1 MiB) splices: a 2.5 MiB file. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFileOfSeveralChunksIsCopiedWhole(OvlVersion v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < (5 << 19) + 7; i++) {
      sb.append(i).append('\n');
    }
    String big = sb.toString();
    f.lower().dir("d", 0755).file("d/big", 0644, big);
    f.mount(v);
    f.append("/mnt/d/big", "!");
    assertEquals(big.length() + 1, f.stat("/upper/d/big").stSize);
    assertEquals(big + "!", f.read("/upper/d/big"));
  }

  /**
   * Copy-up is done with the lower object's owner as fsuid and raised capabilities, so an
   * unprivileged owner of a file in a root-owned directory can write it; a user who may not
   * write it gets EACCES and nothing is copied.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anUnprivilegedOwnerCanCopyUpIntoARootOwnedDirectory(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/mine", 0644, "mine").owner("d/mine", 1000, 100)
        .file("d/theirs", 0644, "theirs");
    f.mount(v);
    ModelSys user = f.user(1000, 100);

    int fd = (int) ok(user.open("/mnt/d/mine", Fcntl.O_WRONLY | Fcntl.O_APPEND));
    ok(user.write(fd, bytes("!"), 1));
    ok(user.close(fd));
    err(Errno.EACCES, user.open("/mnt/d/theirs", Fcntl.O_WRONLY));
    err(Errno.EACCES, user.open("/mnt/d/new", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644));

    assertEquals("mine!", f.read("/upper/d/mine"));
    assertEquals(1000, f.stat("/upper/d/mine").stUid);
    assertEquals(0, f.stat("/upper/d").stUid);
    assertEquals(List.of("mine"), f.lsUpper("d"));
  }

  /**
   * {@code ovl_copy_up_xattr()} stops at the first xattr whose value is empty ({@code size <= 0}
   * ends the loop with that size, 0, as "success"): the xattrs listed after it are not copied
   * up, although the documentation says they all are.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anEmptyXattrValueEndsTheXattrCopy(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "")
        .xattr("d/f", "user.a", "first").xattr("d/f", "user.b", "")
        .xattr("d/f", "user.c", "lost");
    f.mount(v);
    assertEquals(List.of("user.a", "user.b", "user.c"), f.llistxattr("/mnt/d/f"));

    ok(f.sys().chmod("/mnt/d/f", 0600));

    assertEquals(List.of("user.a"), f.llistxattr("/upper/d/f"));
    assertEquals(List.of("user.a"), f.llistxattr("/mnt/d/f"));
  }
}
