package ovlsim.properties.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;

/** The reference union against the statements of the v6 documentation and the VFS rules. */
class UnionReferenceTest {
  private UnionState state = empty(Semantics.DOCUMENTED);

  private static UnionState empty(Semantics sem) {
    return UnionState.mountable(RefLayer.empty(0755), RefLayer.empty(0755), sem);
  }

  private void layers(List<NodeSpec> lower, List<NodeSpec> upper, Semantics sem) {
    state = UnionState.mountable(NodeSpec.build(lower, false), NodeSpec.build(upper, true), sem);
  }

  private void layers(List<NodeSpec> lower, List<NodeSpec> upper) {
    layers(lower, upper, Semantics.DOCUMENTED);
  }

  /** Runs {@code op}, keeps the state, returns what it returned as text. */
  private String run(Op op) {
    UnionReference.Step s = UnionReference.apply(state, op);
    state = s.state();
    return s.outcome().toString();
  }

  private FsView view() {
    return FsView.of(state);
  }

  private FsView.Entry at(String path) {
    return view().entries().get(path);
  }

  /** The names readdir lists, joined by commas, or the errno. */
  private String readdir(String path) {
    Outcome o = UnionReference.apply(state, new Op.Readdir(path)).outcome();
    return o.ok() ? o.value() : o.errno().name();
  }

  // ------------------------------------------------------------------ the merged view

  @Test
  void upperNonDirectoryHidesLower() {
    layers(List.of(NodeSpec.file("f", 0644, "lower"), NodeSpec.dir("d", 0755),
            NodeSpec.file("d/x", 0644, "")),
        List.of(NodeSpec.file("f", 0600, "upper"), NodeSpec.file("d", 0644, "file")));
    assertEquals("upper", at("f").data());
    assertEquals(0600, at("f").perm());
    assertEquals('f', at("d").type());
    assertNull(at("d/x"));
  }

  @Test
  void directoriesMergeWithUpperAttributes() {
    layers(List.of(NodeSpec.dir("d", 0700), NodeSpec.file("d/l", 0644, "1"),
            NodeSpec.xattr("d", "user.k", "lower")),
        List.of(NodeSpec.dir("d", 0755), NodeSpec.file("d/u", 0644, "2")));
    assertEquals("l,u", readdir("d"));
    assertEquals(0755, at("d").perm(), "metadata of the upper directory only");
    assertTrue(at("d").xattrs().isEmpty(), "lower xattrs of a merged directory are hidden");
  }

  @Test
  void whiteoutHidesLowerAndItself() {
    layers(List.of(NodeSpec.file("f", 0644, ""), NodeSpec.file("g", 0644, "")),
        List.of(NodeSpec.whiteout("f")));
    assertEquals("g", readdir("."));
    assertEquals("ENOENT", run(new Op.Chmod("f", 0600)));
  }

  @Test
  void opaqueDirectoryHidesLowerDirectory() {
    layers(List.of(NodeSpec.dir("d", 0755), NodeSpec.file("d/l", 0644, "")),
        List.of(NodeSpec.opaqueDir("d", 0755), NodeSpec.file("d/u", 0644, "")));
    assertEquals("u", readdir("d"));
  }

  @Test
  void mountableDropsWhiteoutsOutsideMergedDirectories() {
    layers(List.of(), List.of(NodeSpec.dir("d", 0755), NodeSpec.whiteout("d/w")));
    assertEquals(RefLayer.empty(0755).put(List.of(), "d", RefDir.empty(0755)), state.upper());
  }

  @Test
  void whiteoutOutsideMergedDirectoryShowsAsSymlink() {
    RefLayer upper = RefLayer.empty(0755).put(List.of(), "d", RefDir.empty(0755))
        .put(List.of("d"), "w", RefWhiteout.INSTANCE);
    state = new UnionState(RefLayer.empty(0755), upper, Semantics.OVL_2011, new TreeMap<>(),
        new TreeSet<>());
    assertEquals('l', at("d/w").type());
    assertEquals(RefWhiteout.TARGET, at("d/w").data());
    assertEquals("ENOENT", run(new Op.Chmod("d/w", 0600)), "its target names nothing");
    assertEquals("0", run(new Op.Link("d/w", "d/v")), "a link to it is another whiteout");
    assertEquals(RefWhiteout.INSTANCE, state.upper().get(List.of("d", "v")));
  }

  // ------------------------------------------------------------------ errnos

  @Test
  void createAndMkdirErrnos() {
    layers(List.of(NodeSpec.file("f", 0644, ""), NodeSpec.symlink("s", "x")), List.of());
    assertEquals("EEXIST", run(new Op.Mkdir("f", 0755)));
    assertEquals("EEXIST", run(new Op.Create("s", 0644)), "O_EXCL does not follow");
    assertEquals("ENOENT", run(new Op.Create("n/f", 0644)));
    assertEquals("ENOTDIR", run(new Op.Mkdir("f/d", 0755)));
    assertEquals("ENOENT", run(new Op.Mkdir("s/d", 0755)), "a dangling symlink on the way");
    assertEquals("0", run(new Op.Mkdir("d", 0750)));
    assertEquals(0750, at("d").perm());
  }

  @Test
  void removeErrnos() {
    layers(List.of(NodeSpec.dir("d", 0755), NodeSpec.file("d/f", 0644, ""),
        NodeSpec.file("f", 0644, ""), NodeSpec.symlink("s", "d")), List.of());
    assertEquals("EISDIR", run(new Op.Unlink("d")));
    assertEquals("ENOTDIR", run(new Op.Rmdir("f")));
    assertEquals("ENOTDIR", run(new Op.Rmdir("s")), "rmdir does not follow");
    assertEquals("ENOTEMPTY", run(new Op.Rmdir("d")));
    assertEquals("ENOENT", run(new Op.Unlink("g")));
    assertEquals("0", run(new Op.Unlink("s/f")), "an intermediate symlink is followed");
    assertEquals("0", run(new Op.Rmdir("d")), "only a whiteout left: empty");
    assertEquals("f,s", readdir("."));
  }

  @Test
  void unlinkOfLowerLeavesWhiteoutInCopiedUpParent() {
    layers(List.of(NodeSpec.dir("d", 0700), NodeSpec.file("d/f", 0644, "")), List.of());
    assertEquals("0", run(new Op.Unlink("d/f")));
    assertEquals(RefWhiteout.INSTANCE, state.upper().get(List.of("d", "f")));
    assertEquals(0700, ((RefDir) state.upper().get(List.of("d"))).perm(), "parent copied up");
    assertEquals("", readdir("d"));
  }

  @Test
  void mkdirOverWhiteoutIsOpaque() {
    layers(List.of(NodeSpec.dir("d", 0755), NodeSpec.file("d/x", 0644, "")), List.of());
    run(new Op.Unlink("d/x"));
    run(new Op.Rmdir("d"));
    assertEquals("0", run(new Op.Mkdir("d", 0755)));
    assertEquals("", readdir("d"), "the new directory does not merge with the removed one");
    assertTrue(((RefDir) state.upper().get(List.of("d"))).opaque());
  }

  @Test
  void renameErrnosInVfsOrder() {
    layers(List.of(NodeSpec.dir("low", 0755), NodeSpec.dir("m", 0755)),
        List.of(NodeSpec.dir("m", 0755), NodeSpec.dir("u", 0755), NodeSpec.dir("u/v", 0755),
            NodeSpec.file("u/v/f", 0644, ""), NodeSpec.file("f", 0644, ""),
            NodeSpec.dir("e", 0755)));
    assertEquals("ENOENT", run(new Op.Rename("nope", "x")));
    assertEquals("EINVAL", run(new Op.Rename("u", "u/v/w")), "new name inside the old dir");
    assertEquals("ENOTEMPTY", run(new Op.Rename("u/v/f", "u")), "old inside the new");
    assertEquals("EISDIR", run(new Op.Rename("f", "e")));
    assertEquals("ENOTDIR", run(new Op.Rename("e", "f")));
    assertEquals("EXDEV", run(new Op.Rename("low", "x")), "lower directory");
    assertEquals("EXDEV", run(new Op.Rename("m", "x")), "merged directory");
    assertEquals("EXDEV", run(new Op.Rename("low", "u")), "EXDEV before ENOTEMPTY");
    assertEquals("ENOTEMPTY", run(new Op.Rename("e", "u")));
    assertEquals("0", run(new Op.Rename("e", "m")), "over an empty merged directory");
    assertEquals("0", run(new Op.Rename("u", "x")));
    assertEquals("f,low,m,x", readdir("."));
  }

  @Test
  void renameOfHardLinksToEachOtherDoesNothing() {
    layers(List.of(), List.of(NodeSpec.file("f", 0644, "1"), NodeSpec.hardlink("g", "f")));
    FsView before = view();
    assertEquals("0", run(new Op.Rename("f", "g")));
    assertEquals(before, view());
    assertEquals(2, at("f").nlink());
  }

  @Test
  void renameOfLowerFileCopiesUpAndWhitesOut() {
    layers(List.of(NodeSpec.file("f", 0640, "data")), List.of());
    assertEquals("0", run(new Op.Rename("f", "g")));
    assertEquals("g", readdir("."));
    assertEquals("data", at("g").data());
    assertEquals(0640, at("g").perm());
    assertEquals(RefWhiteout.INSTANCE, state.upper().get(List.of("f")));
  }

  @Test
  void renamedDirectoryOverLowerNameBecomesOpaque() {
    layers(List.of(NodeSpec.dir("t", 0755), NodeSpec.file("t/old", 0644, "")),
        List.of(NodeSpec.dir("s", 0755), NodeSpec.file("s/new", 0644, "")));
    run(new Op.Unlink("t/old"));
    assertEquals("0", run(new Op.Rename("s", "t")));
    assertEquals("new", readdir("t"));
  }

  @Test
  void linkCopiesUpAndShares() {
    layers(List.of(NodeSpec.file("f", 0644, "ab"), NodeSpec.dir("d", 0755)), List.of());
    assertEquals("EPERM", run(new Op.Link("d", "x")));
    assertEquals("EEXIST", run(new Op.Link("f", "d")));
    assertEquals("0", run(new Op.Link("f", "d/g")));
    assertEquals("2", run(new Op.Write("d/g", 1, "xy")));
    assertEquals("axy", at("f").data());
    assertEquals(2, at("f").nlink());
  }

  @Test
  void copyUpBreaksLowerHardLinks() {
    layers(List.of(NodeSpec.file("f", 0644, "ab"), NodeSpec.hardlink("g", "f")), List.of());
    assertEquals(2, at("g").nlink());
    run(new Op.Write("f", 0, "z"));
    assertEquals("zb", at("f").data());
    assertEquals(1, at("f").nlink());
    assertEquals("ab", at("g").data());
  }

  @Test
  void writeTruncateChmodFollowSymlinks() {
    layers(List.of(NodeSpec.file("f", 0644, "abc"), NodeSpec.symlink("s", "f"),
        NodeSpec.symlink("loop", "loop2"), NodeSpec.symlink("loop2", "loop"),
        NodeSpec.symlink("dangling", "x"), NodeSpec.dir("d", 0755)), List.of());
    assertEquals("1", run(new Op.Write("s", 5, "z")));
    assertEquals("abc\0\0z", at("f").data());
    assertEquals("0", run(new Op.Truncate("s", 2)));
    assertEquals("ab", at("f").data());
    assertEquals("0", run(new Op.Chmod("s", 0600)));
    assertEquals(0600, at("f").perm());
    assertEquals(0777, at("s").perm());
    assertEquals("ELOOP", run(new Op.Chmod("loop", 0600)));
    assertEquals("ENOENT", run(new Op.Write("dangling", 0, "z")));
    assertEquals("EISDIR", run(new Op.Write("d", 0, "z")));
    assertEquals("EISDIR", run(new Op.Truncate("d", 0)));
    assertEquals("ENOTDIR", run(new Op.Readdir("f")));
  }

  @Test
  void setxattrFlags() {
    layers(List.of(NodeSpec.file("f", 0644, ""), NodeSpec.xattr("f", "user.k", "1")), List.of());
    assertEquals("ENODATA", run(new Op.Setxattr("f", "user.m", "2", Op.XATTR_REPLACE)));
    assertEquals("EEXIST", run(new Op.Setxattr("f", "user.k", "2", Op.XATTR_CREATE)));
    assertEquals("0", run(new Op.Setxattr("f", "user.m", "2", Op.XATTR_CREATE)));
    assertEquals("{user.k=1, user.m=2}", at("f").xattrs().toString(), "copied up with the file");
    assertThrows(IllegalArgumentException.class,
        () -> UnionReference.apply(state, new Op.Setxattr("f", "trusted.x", "1", 0)));
  }

  // ------------------------------------------------------------------ 2011 vs documented

  private static List<NodeSpec> lowerFG() {
    return List.of(NodeSpec.file("f", 0644, "F"), NodeSpec.file("g", 0644, "G"));
  }

  @Test
  void documentedRenameOverLowerThenUnlinkLeavesNothing() {
    layers(lowerFG(), List.of(), Semantics.DOCUMENTED);
    run(new Op.Rename("f", "g"));
    run(new Op.Unlink("g"));
    assertEquals("", readdir("."));
  }

  @Test
  void ovl2011RenameOverLowerThenUnlinkBringsLowerBack() {
    layers(lowerFG(), List.of(), Semantics.OVL_2011);
    run(new Op.Rename("f", "g"));
    run(new Op.Unlink("g"));
    assertEquals("g", readdir("."), "the moved dentry's opaque flag is still false");
    assertEquals("G", at("g").data());
  }

  @Test
  void ovl2011DirectoryRenamedTwiceInUpperOnlyDirectoryLeavesVisibleWhiteout() {
    layers(List.of(), List.of(NodeSpec.dir("a", 0755), NodeSpec.dir("c", 0755)),
        Semantics.OVL_2011);
    run(new Op.Rename("a", "c/a"));
    run(new Op.Rename("c/a", "c/b"));
    assertEquals("a,b", readdir("c"));
    assertEquals('l', at("c/a").type());
    layers(List.of(), List.of(NodeSpec.dir("a", 0755), NodeSpec.dir("c", 0755)),
        Semantics.DOCUMENTED);
    run(new Op.Rename("a", "c/a"));
    run(new Op.Rename("c/a", "c/b"));
    assertEquals("b", readdir("c"));
  }

  @Test
  void v7RenameOverLowerThenUnlinkLeavesTheWhiteoutV6DoesNot() {
    for (Semantics sem : List.of(Semantics.OVL_2011_V7, Semantics.OVL_2011_V9)) {
      layers(lowerFG(), List.of(), sem);
      run(new Op.Rename("f", "g"));
      run(new Op.Unlink("g"));
      assertEquals("", readdir("."), sem + ": ovl_dentry_set_opaque() for every type");
    }
  }

  /** remove after rename: a file renamed to a fresh name in a pure-upper directory, removed. */
  private String removeAfterRename(Semantics sem, boolean dir) {
    layers(List.of(), List.of(NodeSpec.dir("p", 0755),
        dir ? NodeSpec.dir("p/a", 0755) : NodeSpec.file("p/a", 0644, "")), sem);
    assertEquals("0", run(new Op.Rename("p/a", "p/b")));
    assertEquals("0", run(dir ? new Op.Rmdir("p/b") : new Op.Unlink("p/b")));
    return readdir("p");
  }

  @Test
  void removeAfterRenameLeavesAVisibleWhiteoutUntilV10() {
    assertEquals("b", removeAfterRename(Semantics.OVL_2011, true), "v6: directories");
    assertEquals("", removeAfterRename(Semantics.OVL_2011, false), "v6: files keep their flag");
    assertEquals("b", removeAfterRename(Semantics.OVL_2011_V7, true));
    assertEquals("b", removeAfterRename(Semantics.OVL_2011_V7, false), "v7: every type");
    assertEquals("", removeAfterRename(Semantics.OVL_2011_V9, true), "v10: a fresh name is upper");
    assertEquals("", removeAfterRename(Semantics.OVL_2011_V9, false));
    assertEquals("", removeAfterRename(Semantics.DOCUMENTED, true));
  }

  @Test
  void eachVersionHasItsSemantics() {
    assertEquals(Semantics.OVL_2011, Semantics.of(ovlsim.overlay.OvlVersion.V6));
    assertEquals(Semantics.OVL_2011_V7, Semantics.of(ovlsim.overlay.OvlVersion.V7));
    assertEquals(Semantics.OVL_2011_V7, Semantics.of(ovlsim.overlay.OvlVersion.V7_FIX));
    for (var v : List.of(ovlsim.overlay.OvlVersion.V10, ovlsim.overlay.OvlVersion.V11,
        ovlsim.overlay.OvlVersion.V15)) {
      assertEquals(Semantics.OVL_2011_V9, Semantics.of(v), v.optionName());
    }
  }

  private void movedDirectoryScenario(Semantics sem) {
    layers(List.of(NodeSpec.file("a", 0644, ""), NodeSpec.dir("b", 0755),
            NodeSpec.file("b/x", 0644, "")),
        List.of(NodeSpec.dir("a", 0755), NodeSpec.dir("b", 0755), NodeSpec.whiteout("b/x")), sem);
    assertEquals("0", run(new Op.Rename("a", "b")), "over a merged directory that looks empty");
    assertEquals("0", run(new Op.Create("b/y", 0644)));
    assertEquals("y", readdir("b"));
    assertEquals("ENOTEMPTY", run(new Op.Rmdir("b")));
  }

  @Test
  void documentedRenamedDirectoryStaysOpaque() {
    movedDirectoryScenario(Semantics.DOCUMENTED);
    assertEquals("y", readdir("b"));
  }

  @Test
  void ovl2011RenamedDirectoryMergesOnceItsDentryIsDropped() {
    movedDirectoryScenario(Semantics.OVL_2011);
    // the moved directory's dentry flag was already set (lower "a" is a file), so
    // ovl_rename() wrote no opaque xattr; the failed rmdir dropped the dentry, and the fresh
    // lookup merges it with the lower "b", whose whited-out "x" was removed with the whiteouts
    assertEquals("x,y", readdir("b"));
  }

  @Test
  void statesAreValuesAndOperationsDoNotMutate() {
    layers(lowerFG(), List.of());
    UnionState before = state;
    UnionReference.Step s = UnionReference.apply(before, new Op.Unlink("f"));
    assertFalse(before.equals(s.state()));
    assertEquals(empty(Semantics.DOCUMENTED).upper(), before.upper());
  }

  @Test
  void viewDiffNamesThePaths() {
    layers(lowerFG(), List.of());
    FsView a = view();
    run(new Op.Write("f", 0, "x"));
    String diff = a.diff(view());
    assertTrue(diff.contains("f: expected file 0644 nlink=1 size=1 \"F\""), diff);
    assertFalse(diff.contains("g:"), diff);
    assertEquals(Errno.ENOENT, UnionReference.apply(state, new Op.Unlink("h")).outcome().errno());
  }
}
