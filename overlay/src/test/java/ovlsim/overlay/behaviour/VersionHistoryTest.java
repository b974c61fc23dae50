package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Task;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.overlay.OvlPatch;
import ovlsim.overlay.OvlVersion;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each {@link OvlPatch} switch shown, sequentially and deterministically, on every version: the
 * behaviour differs exactly between the versions that have the patch and those that do not.
 * (Races are the races module's; the copy-up cleanup is in CopyUpVersionsTest and OpenWrtTest,
 * Al Viro's race in ReviewRaceTest.)
 */
class VersionHistoryTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  /** A lower d/x hidden by a whiteout in the merged d. */
  private void whiteoutOverLowerFile(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/x", 0644, "lower x");
    f.upper().dir("d", 0755);
    OverlayFixture.whiteout(f.upper(), "d/x");
    f.mount(v);
    err(Errno.ENOENT, f.lstatResult("/mnt/d/x"));
  }

  /** RESTORE_WHITEOUT_ON_FAILURE, ovl_upper_create(): a create over a whiteout fails. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedCreateOverAWhiteoutRestoresItFromV7(OvlVersion v) {
    whiteoutOverLowerFile(v);
    f.failNextUpper("upper.create", Errno.ENOSPC);
    err(Errno.ENOSPC, f.sys().open("/mnt/d/x", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644));
    if (v.has(OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)) {
      assertTrue(f.isWhiteout("d/x"));
      err(Errno.ENOENT, f.lstatResult("/mnt/d/x"));
    } else {
      err(Errno.ENOENT, f.lstatResult("/upper/d/x"), "v6: the whiteout is gone");
      f.remountFresh();
      assertEquals("lower x", f.read("/mnt/d/x"), "v6: the lower file shows again");
    }
  }

  /** RESTORE_WHITEOUT_ON_FAILURE, ovl_link(): a link over a whiteout fails. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedLinkOverAWhiteoutRestoresItFromV7(OvlVersion v) {
    f.upper().file("src", 0644, "src");
    whiteoutOverLowerFile(v);
    f.failNextUpper("upper.link", Errno.EMLINK);
    err(Errno.EMLINK, f.sys().link("/mnt/src", "/mnt/d/x"));
    assertEquals(v.has(OvlPatch.RESTORE_WHITEOUT_ON_FAILURE), f.isWhiteout("d/x"));
  }

  /** RESTORE_WHITEOUT_ON_FAILURE, ovl_create_object(): the opaque mark of a new dir fails. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedOpaqueMarkOfANewDirectoryRemovesItFromV7(OvlVersion v) {
    f.lower().dir("d", 0755).dir("d/x", 0755).file("d/x/old", 0644, "old");
    f.upper().dir("d", 0755);
    OverlayFixture.whiteout(f.upper(), "d/x");
    f.mount(v);
    f.failNextUpper("upper.setxattr", Errno.ENOSPC);
    err(Errno.ENOSPC, f.sys().mkdir("/mnt/d/x", 0755));
    if (v.has(OvlPatch.RESTORE_WHITEOUT_ON_FAILURE)) {
      assertTrue(f.isWhiteout("d/x"), "the new directory removed, the whiteout back");
      f.remountFresh();
      err(Errno.ENOENT, f.lstatResult("/mnt/d/x"));
    } else {
      assertFalse(f.isOpaque("d/x"), "v6: an unmarked upper directory stays");
      f.remountFresh();
      assertEquals(List.of("old"), f.ls("/mnt/d/x"), "v6: the lower contents show through");
    }
  }

  /** WHITEOUT_UNLINK_ON_XATTR_FAILURE, ovl_whiteout(). */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aWhiteoutWhoseXattrFailsIsUnlinkedFromV7(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/x", 0644, "lower x");
    f.upper().dir("d", 0755);
    f.mount(v);
    f.failNextUpper("upper.setxattr", Errno.ENOSPC);
    err(Errno.ENOSPC, f.sys().unlink("/mnt/d/x"));
    if (v.has(OvlPatch.WHITEOUT_UNLINK_ON_XATTR_FAILURE)) {
      err(Errno.ENOENT, f.lstatResult("/upper/d/x"), "no bare symlink left");
      f.remountFresh();
      assertEquals("lower x", f.read("/mnt/d/x"), "the unlink failed: x is still there");
    } else {
      assertEquals("(overlay-whiteout)", f.readlink("/upper/d/x"));
      assertFalse(f.isWhiteout("d/x"), "a plain symlink, no whiteout xattr");
      f.remountFresh();
      assertEquals("(overlay-whiteout)", f.readlink("/mnt/d/x"), "v6: shown as a symlink");
    }
  }

  /**
   * RENAME_OPAQUE_BEFORE_VFS_RENAME: a pure upper directory renamed over a lower name is marked
   * opaque before vfs_rename() (v7), so when the rename fails the mark is undone and the
   * target's whiteout restored; v6 renames first, so a failed rename leaves the whiteout lost.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedRenameOverAWhiteoutRestoresItFromV7(OvlVersion v) {
    f.upper().dir("u", 0755);
    f.lower().dir("d", 0755).dir("d/x", 0755).file("d/x/old", 0644, "old");
    f.upper().dir("d", 0755);
    OverlayFixture.whiteout(f.upper(), "d/x");
    f.mount(v);
    f.failNextUpper("upper.rename", Errno.EIO);
    err(Errno.EIO, f.sys().rename("/mnt/u", "/mnt/d/x"));
    assertFalse(f.isOpaque("u"), "no mark left on the directory that did not move");
    if (v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)) {
      assertTrue(f.isWhiteout("d/x"), "the target's whiteout is back");
    } else {
      err(Errno.ENOENT, f.lstatResult("/upper/d/x"), "v6: the whiteout is lost");
      f.remountFresh();
      assertEquals(List.of("old"), f.ls("/mnt/d/x"), "v6: the lower directory shows again");
    }
  }

  /**
   * RENAME_OPAQUE_BEFORE_VFS_RENAME sets the cached opaque flag of a renamed file too (v7), and
   * REMOVE_AFTER_RENAME_FIX (v9) stops a fresh target name from counting as lower: in a
   * pure-upper directory, a file renamed and then unlinked leaves a visible whiteout symlink on
   * v7 and v7-fix only.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void removeAfterRenameLeavesAVisibleWhiteoutOnV7AndV7Fix(OvlVersion v) {
    f.upper().dir("p", 0755).file("p/a", 0644, "a");
    f.mount(v);
    ok(f.sys().rename("/mnt/p/a", "/mnt/p/b"));
    ok(f.sys().unlink("/mnt/p/b"));
    boolean buggy = v.has(OvlPatch.RENAME_OPAQUE_BEFORE_VFS_RENAME)
        && !v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX);
    assertEquals(buggy ? List.of("b") : List.of(), f.ls("/mnt/p"));
    if (buggy) {
      assertEquals("(overlay-whiteout)", f.readlink("/mnt/p/b"), "the whiteout shows");
    }
  }

  /** The same with a directory (v6 too marks a directory renamed to a free name opaque). */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void rmdirAfterRenameLeavesAVisibleWhiteoutUntilV9(OvlVersion v) {
    f.upper().dir("p", 0755).dir("p/a", 0755);
    f.mount(v);
    ok(f.sys().rename("/mnt/p/a", "/mnt/p/b"));
    ok(f.sys().rmdir("/mnt/p/b"));
    boolean buggy = !v.has(OvlPatch.REMOVE_AFTER_RENAME_FIX);
    assertEquals(buggy ? List.of("b") : List.of(), f.ls("/mnt/p"));
  }

  /**
   * REMOVE_WHITEOUTS_FROM_LIST and CHECK_EMPTY_AND_CLEAR: rmdir of a merged directory holding
   * whiteouts and a symlink that is not one cannot happen (not empty); with only whiteouts it
   * removes them and the directory on every version, v6 reading the directory twice.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void rmdirOfAMergedDirectoryHoldingOnlyWhiteoutsWorksOnEveryVersion(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "a").file("d/b", 0644, "b");
    f.upper().dir("d", 0755);
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/a"));
    ok(f.sys().unlink("/mnt/d/b"));
    assertEquals(List.of("a", "b"), f.lsUpper("d"));
    ok(f.sys().rmdir("/mnt/d"));
    assertTrue(f.isWhiteout("d"));
    err(Errno.ENOENT, f.lstatResult("/mnt/d"));
  }

  /**
   * UPPER_DENTRY_DOUBLE_REF (v10): A's open of a pure upper file has looked the name up (the
   * overlay directory's i_mutex just released) when B unlinks it. Until v10 the overlay entry
   * holds the upper dentry's only reference, so {@code d_delete()} makes it negative: A's
   * {@code ovl_permission()} WARNs on it and answers ENOENT (had the unlink come after the
   * permission check, {@code ovl_open()} would have handed it to {@code vfs_open()}: the oops).
   * From v10 the second reference keeps it positive (unhashed): A opens the unlinked file.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anOpenRacingAnUnlinkMeetsANegativeUpperDentryUntilV10(OvlVersion v) throws InterruptedException {
    f.upper().dir("u", 0755).file("u/x", 0644, "x");
    f.mount(v);
    ok(f.sys().lstat("/mnt/u", new StatBuf())); // u in the dcache: A's walk looks up x only
    Breakpoints bp = f.breakpoints();
    Task a = f.task("A", Cred.root());
    Task b = f.task("B", Cred.root());
    AtomicLong fd = new AtomicLong(Long.MIN_VALUE);
    AtomicReference<Throwable> died = new AtomicReference<>();
    if (!v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
      f.expectKernelComplaints();
    }
    // The unlock of u's i_mutex after the lookup of x (real_lookup()).
    bp.arm("A", "mutex_unlock:&type->i_mutex_key#overlayfs/0");
    Thread t = f.start("A", () -> {
      try {
        fd.set(ModelSys.of(a).open("/mnt/u/x", Fcntl.O_RDONLY));
      } catch (Throwable e) {
        died.set(e);
      }
    });
    bp.awaitParked("A");
    ok(ModelSys.of(b).unlink("/mnt/u/x"));
    bp.release("A");
    t.join();

    List<BugLog.Entry> log = f.kernel().bugLog().entries();
    if (v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
      assertEquals(null, died.get());
      int n = (int) ok(fd.get());
      StatBuf st = new StatBuf();
      ok(ModelSys.of(a).fstat(n, st));
      assertTrue(Stat.S_ISREG(st.stMode));
      assertEquals(0L, st.stNlink, "the unlinked file");
      assertEquals(List.of(), log);
      ok(ModelSys.of(a).close(n));
    } else {
      // may_open()'s inode_permission() reaches ovl_permission() first: it meets the negative
      // upper dentry, WARNs and answers ENOENT (the oops needs the unlink a step later, between
      // it and vfs_open(); the races module's scenarios show both).
      assertEquals(null, died.get());
      err(Errno.ENOENT, fd.get());
      assertEquals(1, log.size(), () -> log.toString());
      assertEquals(BugLog.Kind.WARNING, log.get(0).kind());
      assertTrue(log.get(0).stack().stream()
          .anyMatch(e -> e.getMethodName().equals("ovlPermission")), log.toString());
    }
    err(Errno.ENOENT, f.lstatResult("/mnt/u/x"));
  }

  /**
   * REMOVE_WHITEOUTS_SETS_OPAQUE (v8..v10): an rmdir of a merged directory removes its whiteouts,
   * then the upper rmdir fails. From v10 the directory was marked opaque first, so the lower
   * names stay hidden; before, they show again. (v6 and v7 agree here: both lose them.)
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedRmdirAfterRemovingTheWhiteoutsKeepsTheLowerNamesHiddenFromV10(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "a");
    f.upper().dir("d", 0755);
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/a"));
    f.failNextUpper("upper.rmdir", Errno.EIO);
    err(Errno.EIO, f.sys().rmdir("/mnt/d"));
    assertEquals(List.of(), f.lsUpper("d"), "the whiteout went");
    assertEquals(v.has(OvlPatch.REMOVE_WHITEOUTS_SETS_OPAQUE), f.isOpaque("d"));
    f.remountFresh();
    assertEquals(v.has(OvlPatch.REMOVE_WHITEOUTS_SETS_OPAQUE) ? List.of() : List.of("a"),
        f.ls("/mnt/d"));
  }

  /** READDIR_OFF_BY_ONE_FIX (v10): see MergedReaddirQuirksTest; here with whiteouts between. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aOneEntryGetdentsListsEveryNameFromV10(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "").file("d/b", 0644, "").file("d/c", 0644, "");
    f.upper().dir("d", 0755);
    f.mount(v);
    ok(f.sys().unlink("/mnt/d/b"));
    int fd = OverlayFixture.opendir(f.sys(), "/mnt/d");
    List<ovlsim.syscall.Dirent> all = OverlayFixture.getdents(f.sys(), fd, 1);
    ok(f.sys().close(fd));
    List<String> names = OverlayFixture.names(all);
    if (v.has(OvlPatch.READDIR_OFF_BY_ONE_FIX)) {
      assertEquals(List.of("a", "c"), names.stream().sorted().toList());
    } else {
      assertTrue(names.size() < 2, () -> "v6..v7-fix lose every other entry: " + names);
    }
  }

  /**
   * STACK_DEPTH_LIMIT (v11): an overlay whose lower layer is an overlay has depth 2, allowed; a
   * third level is EINVAL from v11. Earlier versions mount it. On every version, reading through
   * the stack takes the inner overlay's i_mutex under the outer's, one lock class: lockdep's
   * "possible recursive locking detected" (no version annotates it).
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aThirdStackedOverlayIsEinvalFromV11(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/f", 0644, "lower f");
    f.mount(v);
    f.expectLockdep(ovlsim.kernel.locking.LockdepReport.Kind.RECURSIVE);
    ModelSys s = f.sys();
    for (String dir : List.of("/m2", "/u2", "/m3", "/u3")) {
      ok(s.mkdir(dir, 0755));
    }
    String opt = ",version=" + v.optionName();
    ok(s.mount("overlay", "/m2", ovlsim.overlay.OverlayFsType.NAME, 0, "lowerdir=/mnt,upperdir=/u2" + opt));
    assertEquals("lower f", f.read("/m2/d/f"));
    long third = s.mount("overlay", "/m3", ovlsim.overlay.OverlayFsType.NAME, 0, "lowerdir=/m2,upperdir=/u3" + opt);
    if (v.has(OvlPatch.STACK_DEPTH_LIMIT)) {
      err(Errno.EINVAL, third);
    } else {
      ok(third);
      assertEquals("lower f", f.read("/m3/d/f"));
    }
  }

  /**
   * STATFS_OWN_TYPE_AND_NAMELEN (v15): statfs of the overlay reports the overlay's own magic;
   * before, the upper filesystem's numbers as they are.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void statfsReportsTheOverlaysOwnTypeFromV15(OvlVersion v) {
    f.mount(v);
    ovlsim.syscall.StatfsBuf upper = f.statfs("/upper");
    ovlsim.syscall.StatfsBuf ovl = f.statfs("/mnt");
    if (v.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN)) {
      assertEquals(0x794c764fL, ovl.fType, "OVERLAYFS_SUPER_MAGIC");
    } else {
      assertEquals(upper.fType, ovl.fType, "the upper filesystem's");
    }
    assertEquals(upper.fBlocks, ovl.fBlocks);
  }

  /**
   * DENTRY_OPEN_HOOK (v15): {@code ovl_path_open()} takes a reference that 3.6's
   * {@code dentry_open()} takes again itself, so copying a file's data up leaks one reference on
   * the lower file and one on the new upper file. Before v15 every reference is given back.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void copyingUpDataLeaksAReferenceOnEachRealFileFromV15(OvlVersion v) {
    f.lower().file("f", 0644, "lower f");
    f.mount(v);

    // Copy-up: ovl_copy_up_data() opens both real files; ovl_copy_up_locked() then drops the
    // overlay dentry, whose release gives its reference on the lower file back.
    f.append("/mnt/f", "+");
    assertEquals("lower f+", f.read("/mnt/f")); // a new overlay dentry: upper f only

    int leak = v.has(OvlPatch.DENTRY_OPEN_HOOK) ? 1 : 0;
    assertEquals(leak, f.dentryRefs("/lower/f"), "lower f");
    // The new overlay dentry holds the upper f, twice from v10 (UPPER_DENTRY_DOUBLE_REF).
    int entryRefs = v.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF) ? 2 : 1;
    assertEquals(entryRefs + leak, f.dentryRefs("/upper/f"), "upper f");
  }

  /**
   * DENTRY_OPEN_HOOK (v15): each read of a merged directory opens both real directories through
   * {@code ovl_path_open()} and leaks a reference on each; before v15 none leaks.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void readingAMergedDirectoryLeaksAReferenceOnEachRealDirectoryFromV15(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/a", 0644, "a");
    f.upper().dir("d", 0755).file("d/b", 0644, "b");
    f.mount(v);
    f.lstat("/mnt/d");
    int lowerBefore = f.dentryRefs("/lower/d");

    assertEquals(List.of("a", "b"), f.lsSorted("/mnt/d"));
    assertEquals(List.of("a", "b"), f.lsSorted("/mnt/d"));

    // Two opens, two reads (the second one's cache is fresh, but each open reads again: the
    // cache lives in the file); only ovl_dir_read() opens the lower directory.
    int leak = v.has(OvlPatch.DENTRY_OPEN_HOOK) ? 2 : 0;
    assertEquals(lowerBefore + leak, f.dentryRefs("/lower/d"));
  }

  /**
   * COPY_ATTR_UID_GID (v14): the overlay inode carries the real owner, so the owner of a
   * read-only file may set its times to "now" ({@code inode_owner_or_capable()} on the overlay
   * inode); before, every overlay inode was root's and the owner met the write-permission test.
   * A name made by {@code link()} takes the upper parent's owner (root) instead, as v15's C does.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theOwnerOfAReadOnlyFileMayTouchItFromV15(OvlVersion v) {
    f.lower().dir("d", 0777).file("d/f", 0444, "f").owner("d/f", 1000, 1000);
    f.mount(v);
    ModelSys user = f.user(1000, 1000);
    if (v.has(OvlPatch.COPY_ATTR_UID_GID)) {
      ok(user.utimes("/mnt/d/f", null, null));
      assertEquals(1000, f.inode("/mnt/d/f").iUid);
      ok(f.sys().link("/mnt/d/f", "/mnt/d/g"));
      assertEquals(0, f.inode("/mnt/d/g").iUid, "ovl_link(): the upper parent's owner");
      err(Errno.EACCES, user.utimes("/mnt/d/g", null, null));
    } else {
      err(Errno.EACCES, user.utimes("/mnt/d/f", null, null));
      assertEquals(0, f.inode("/mnt/d/f").iUid);
    }
  }

  /**
   * LINK_NEW_INODE (v13): a hard link made on the overlay gets an overlay inode of its own;
   * before, both names shared the source's overlay inode.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aHardLinkGetsItsOwnOverlayInodeFromV15(OvlVersion v) {
    f.upper().file("a", 0644, "a"); // upper already: no copy-up drops the dentry of a
    f.mount(v);
    ok(f.sys().link("/mnt/a", "/mnt/b"));
    assertEquals(!v.has(OvlPatch.LINK_NEW_INODE), f.inode("/mnt/a") == f.inode("/mnt/b"));
    assertEquals(f.stat("/mnt/a").stIno, f.stat("/mnt/b").stIno, "one real inode either way");
  }

  /**
   * ROOT_INODE_AFTER_MOUNTS (v15): {@code ovl_fill_super()} makes the root inode after the
   * mounts, so a mount that fails on a missing upper directory takes no inode number; before,
   * the root inode came first and the failed mount used up a number ({@code get_next_ino()}),
   * which shows in the next overlay root's {@code st_ino}.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFailedMountUsesUpNoInodeNumberFromV15(OvlVersion v) {
    f.mount(v);
    ModelSys s = f.sys();
    ok(s.mkdir("/upper/m2", 0755));
    ok(s.mkdir("/mnt2", 0755));
    ok(s.mkdir("/mnt3", 0755));
    String opts = ",lowerdir=/lower,version=" + v.optionName();

    ok(s.mount("o2", "/mnt2", ovlsim.overlay.OverlayFsType.NAME, 0, "upperdir=/upper/m2" + opts));
    long first = f.stat("/mnt2").stIno;
    err(Errno.ENOENT, s.mount("o3", "/mnt3", ovlsim.overlay.OverlayFsType.NAME, 0,
        "upperdir=/upper/none" + opts));
    ok(s.mount("o3", "/mnt3", ovlsim.overlay.OverlayFsType.NAME, 0, "upperdir=/upper/m2" + opts));
    long next = f.stat("/mnt3").stIno;

    assertEquals(v.has(OvlPatch.ROOT_INODE_AFTER_MOUNTS) ? 1 : 2, next - first);
  }
}
