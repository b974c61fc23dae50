package ovlsim.conformance.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import ovlsim.conformance.backend.Target;
import org.junit.jupiter.api.Test;

class FstParserTest {
  /** The example of docs/design.md's "fstest scripts" section, verbatim. */
  static final String DESIGN_EXAMPLE = """
      # comment
      lower mkdir a 0755
      lower create a/foo 0644 ":xxx:yyy:zzz"
      lower symlink ../a/foo a/direct_sym
      upper mkdir a 0755
      mount                                  # or: mount ro
      expect 0 mkdir a/new 0755
      expect EEXIST mkdir a/new 0755
      expect regular,0644,1 lstat a/foo type,mode,nlink
      expect EACCES -u 65534 -g 65534 open a/foo O_WRONLY
      expect ":xxx" open a/foo O_RDONLY : read 0 4
      expect 0 open a/foo O_RDWR : write 0 "shark" : close 0
      expect "sharkyyy:zzz" open a/foo O_RDONLY : pread 0 12 0
      """;

  private static String error(String text) {
    return assertThrows(FstSyntaxException.class, () -> FstParser.parse("t.fst", text))
        .getMessage();
  }

  @Test
  void readsTheDesignExample() {
    Script s = FstParser.parse("design.fst", DESIGN_EXAMPLE);
    assertEquals(4, s.setup().size());
    assertEquals(Target.LOWER, s.setup().get(0).layer());
    assertEquals(Target.UPPER, s.setup().get(3).layer());
    assertEquals(6, s.mountLine().number());
    assertFalse(s.readOnly());
    assertEquals(7, s.expectations().size());
    Expectation eacces = s.expectations().get(3);
    assertEquals(4, eacces.number());
    assertEquals(10, eacces.line().number());
    assertEquals(65534, eacces.creds().uid());
    assertEquals(65534, eacces.creds().gid());
    assertEquals(0, eacces.creds().umask());
    Expectation chain = s.expectations().get(5);
    assertEquals(List.of(OpKind.OPEN, OpKind.WRITE, OpKind.CLOSE),
        chain.ops().stream().map(OpCall::kind).toList());
    assertEquals("expect 0 open a/foo O_RDWR : write 0 \"shark\" : close 0", chain.line().code());
    assertTrue(s.expectations().get(2).result().matches("regular,0644,1"));
    assertTrue(s.expectations().get(4).result().matches(":xxx"));
    assertNull(chain.deviation());
  }

  @Test
  void optionsTargetsAndReadOnlyMount() {
    Script s = FstParser.parse("o.fst", """
        lower -U 022 mkdir d 0777
        mount ro
        expect EROFS -u 1000 -g 1000,10,20 -U 077 -l upper mkdir x 0755
        """);
    assertTrue(s.readOnly());
    assertEquals(022, s.setup().get(0).creds().umask());
    Expectation e = s.expectations().get(0);
    assertEquals(Target.UPPER, e.target());
    assertEquals(1000, e.creds().gid());
    assertEquals(List.of(1000, 10, 20),
        Arrays.stream(e.creds().groups()).boxed().toList());
    assertEquals(077, e.creds().umask());
  }

  @Test
  void regexAndLiteralResults() {
    Script s = FstParser.parse("r.fst", """
        mount
        expect EEXIST|ENOTEMPTY rmdir d
        expect "a|b" readlink l
        """);
    ResultPattern regex = s.expectations().get(0).result();
    assertTrue(regex.matches("ENOTEMPTY"));
    assertFalse(regex.matches("ENOTEMPTYX"));
    ResultPattern literal = s.expectations().get(1).result();
    assertTrue(literal.matches("a|b"));
    assertFalse(literal.matches("a"));
  }

  @Test
  void unknownOp() {
    String m = error("mount\nexpect 0 frobnicate a\n");
    assertTrue(m.startsWith("t.fst:2: unknown op 'frobnicate' (known: "), m);
  }

  @Test
  void badFlagName() {
    assertEquals(
        "t.fst:3: open: unknown open flag 'O_WRITE' (known: O_RDONLY,O_WRONLY,O_RDWR,O_CREAT,"
            + "O_EXCL,O_NOCTTY,O_TRUNC,O_APPEND,O_NONBLOCK,O_DSYNC,O_DIRECT,O_LARGEFILE,"
            + "O_DIRECTORY,O_NOFOLLOW,O_NOATIME,O_CLOEXEC,O_SYNC)",
        error("# x\nmount\nexpect 0 open a O_WRITE\n"));
  }

  @Test
  void missingMount() {
    assertEquals(
        "t.fst:2: no mount line: a script needs 'mount' (or 'mount ro') between its setup and"
            + " its expect lines",
        error("lower mkdir a 0755\nupper mkdir b 0755\n\n# end\n"));
    assertEquals("t.fst:2: an expect line before mount: add a 'mount' line above it",
        error("lower mkdir a 0755\nexpect 0 mkdir b 0755\nmount\n"));
  }

  @Test
  void fdNeverOpened() {
    assertEquals(
        "t.fst:2: close: fd 0 was never opened on this line (no open before op 1)",
        error("mount\nexpect 0 close 0\n"));
    assertEquals(
        "t.fst:2: read: fd 1 was never opened on this line (only 1 open before it, numbered"
            + " from 0)",
        error("mount\nexpect 0 open a O_RDONLY : read 1 10\n"));
  }

  @Test
  void orderOfLines() {
    assertEquals("t.fst:3: a setup line after mount (line 1): layers are set up before the"
        + " overlay is mounted", error("mount\nexpect 0 mkdir a 0755\nupper mkdir b 0755\n"));
    assertEquals("t.fst:2: a second mount line (the first is line 1)", error("mount\nmount\n"));
  }

  @Test
  void malformedLines() {
    assertEquals("t.fst:1: unknown line 'expct': a line begins with lower, upper, mount or"
        + " expect", error("expct 0 mkdir a 0755\n"));
    assertEquals("t.fst:2: mkdir PATH MODE: got 1 operand", error("mount\nexpect 0 mkdir a\n"));
    assertEquals("t.fst:2: mkdir: bad mode (octal) '0799'",
        error("mount\nexpect 0 mkdir a 0799\n"));
    assertEquals("t.fst:2: unterminated quoted string", error("mount\nexpect \"0 mkdir a\n"));
    assertEquals("t.fst:2: unknown option -x here (allowed: -U -g -l -u)",
        error("mount\nexpect 0 -x 1 mkdir a 0755\n"));
    assertEquals("t.fst:1: unknown option -u here (allowed: -U)",
        error("lower -u 1 mkdir a 0755\nmount\n"));
    assertEquals("t.fst:2: option -u given twice", error("mount\nexpect 0 -u 1 -u 2 rmdir a\n"));
    assertEquals("t.fst:2: -l takes upper or lower, not 'mount'",
        error("mount\nexpect 0 -l mount rmdir a\n"));
    assertEquals("t.fst:2: an empty op around ':'", error("mount\nexpect 0 rmdir a : : rmdir b\n"));
    assertEquals("t.fst:2: open: O_CREAT needs a MODE", error("mount\nexpect 0 open a O_CREAT\n"));
    assertEquals("t.fst:2: stat: unknown field 'color' (known: type,mode,nlink,uid,gid,size,"
        + "inode,rdev,atime,mtime,ctime)", error("mount\nexpect 0 stat a type,color\n"));
    assertTrue(error("mount\nexpect ( rmdir a\n")
        .startsWith("t.fst:2: RESULT '(' is not a valid regular expression"));
    assertEquals("t.fst:1: mount takes nothing or 'ro', not 'rw'", error("mount rw\n"));
  }

  @Test
  void everyOpParsesWithItsOperands() {
    Script s = FstParser.parse("all.fst", """
        lower create f 0644 "x"
        mount
        expect 0 open f O_RDWR,O_CREAT 0644 : ftruncate 0 3 : fchmod 0 0600 : fchown 0 1 1 : fstat 0 type,mode,uid,gid,size : read 0 1 : pread 0 1 0 : write 0 w : pwrite 0 w 1 : close 0
        expect 0 create g 0644 : unlink g : mkdir d 0755 : rmdir d : link f h : symlink f s : rename h i : mkfifo p 0644 : mknod c c 0644 1 3 : chmod f 0644 : chown f -1 -1 : lchown s 0 0 : truncate f 0
        expect 0 stat f inode,rdev,atime,mtime,ctime : lstat s type : readlink s : readdir . : getxattr f user.a : lgetxattr s trusted.a : setxattr f user.a v XATTR_CREATE : lsetxattr f user.b v : listxattr f : llistxattr s : removexattr f user.a : lremovexattr f user.b : statfs . type,bsize,blocks,bfree,bavail,files,ffree,namelen : utimes f 1 2
        expect 0 open . O_RDONLY,O_DIRECTORY : getdents 0 : lseek 0 0 : getdents 0
        """);
    Set<OpKind> seen = EnumSet.noneOf(OpKind.class);
    s.setup().forEach(st -> st.ops().forEach(o -> seen.add(o.kind())));
    s.expectations().forEach(e -> e.ops().forEach(o -> seen.add(o.kind())));
    assertEquals(EnumSet.allOf(OpKind.class), seen);
  }

  @Test
  void pathsStayBeneathTheirDirectoryOnEveryBackend() {
    assertEquals("t.fst:2: open: the absolute path '/etc/passwd': a script's paths start in its"
        + " mount or layer directory and stay beneath it",
        error("mount\nexpect 0 open /etc/passwd O_RDONLY\n"));
    assertEquals("t.fst:2: unlink: the path '../../x' climbs out of the directory it starts in"
        + " (a .. above it): a script's paths stay beneath its mount or layer directory",
        error("mount\nexpect 0 -l upper unlink ../../x\n"));
    assertEquals("t.fst:1: mkdir: the path 'a/../..' climbs out of the directory it starts in"
        + " (a .. above it): a script's paths stay beneath its mount or layer directory",
        error("lower mkdir a/../.. 0755\nmount\n"));
    assertEquals("t.fst:2: link: the path '..' climbs out of the directory it starts in (a .."
        + " above it): a script's paths stay beneath its mount or layer directory",
        error("mount\nexpect 0 link a ..\n"));
    assertTrue(error("mount\nexpect 0 rename a \"/x y\"\n")
        .startsWith("t.fst:2: rename: the absolute path \"/x y\""));
    // A NUL would end the path early on the kernel: refused on the model too.
    assertEquals("t.fst:2: mkdir: a NUL (\\0) in the path \"a\\0b\": the kernel would read the"
        + " path only up to it", error("mount\nexpect 0 mkdir \"a\\0b\" 0755\n"));
    assertTrue(error("mount\nexpect 0 mkdir \"a\u0000b\" 0755\n").contains("a NUL"));
    assertTrue(error("mount\nexpect 0 setxattr f \"user.a\\0b\" v\n")
        .startsWith("t.fst:2: setxattr: a NUL (\\0) in \"user.a\\0b\""));
    assertTrue(error("mount\nexpect 0 symlink \"t\\0\" s\n").startsWith("t.fst:2: symlink: a NUL"));
    // What stays beneath parses: .. that comes back, ., empty words, the empty path; data
    // may hold a NUL, and a symlink's target may be absolute (it is data until resolved).
    Script ok = FstParser.parse("ok.fst", """
        lower mkdir a 0755
        lower symlink /an/absolute/target a/abs
        lower create a/f 0644 "x\\0y"
        mount
        expect 0 stat a/../a/./f type
        expect ENOENT stat "" type
        expect 0 mkdir a//b/.. 0755
        expect 0 -l upper setxattr . user.v "with\\0nul"
        """);
    assertEquals(4, ok.expectations().size());
  }
}
