package ovlsim.conformance.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstRunner;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.LineResult;
import ovlsim.conformance.fst.ScriptResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile scripts, run as root against the real kernel, next to a sentinel file outside the
 * layers: none of them may read, change or remove it. What the text shows (an absolute path, a
 * {@code ..} climbing out, a NUL) is refused by the parser, on every backend; what only the
 * files show (symlinks out of the layer, {@code /proc} magic links, a symlink to {@code .}
 * under a {@code ..}) is EXDEV from the kernel backend's resolution beneath the layer; device
 * nodes a script makes open nothing ({@code nodev}).
 */
class KernelConfinementTest {
  @TempDir Path tmp;

  private Path sentinelDir;
  private Path sentinel;
  private Path base;
  private String oldBase;
  private Map<String, Object> before;

  private final KernelBackend kernel = new KernelBackend();

  @BeforeEach
  void setUp() throws IOException {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
    sentinelDir = Files.createDirectory(tmp.resolve("sentinel"));
    sentinel = Files.writeString(sentinelDir.resolve("sentinel"), "secret\n");
    Files.setPosixFilePermissions(sentinel, PosixFilePermissions.fromString("rw-------"));
    base = Files.createDirectory(tmp.resolve("runs"));
    oldBase = System.getProperty(KernelBackend.TMPDIR_PROPERTY);
    System.setProperty(KernelBackend.TMPDIR_PROPERTY, base.toString());
    before = state();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (before == null) {
      return;
    }
    if (oldBase == null) {
      System.clearProperty(KernelBackend.TMPDIR_PROPERTY);
    } else {
      System.setProperty(KernelBackend.TMPDIR_PROPERTY, oldBase);
    }
    assertEquals(before, state(), "the sentinel changed");
    try (Stream<Path> s = Files.list(base)) {
      assertEquals(List.of(), s.toList(), "left behind");
    }
  }

  /** Everything observable of the sentinel and its directory. */
  private Map<String, Object> state() throws IOException {
    Map<String, Object> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(sentinelDir)) {
      m.put("listing", s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    m.put("content", Files.readString(sentinel));
    m.putAll(Files.readAttributes(sentinel, "unix:mode,uid,gid,size,nlink,ctime,lastModifiedTime,ino",
        LinkOption.NOFOLLOW_LINKS));
    m.put("ctime", String.valueOf(m.get("ctime")));
    m.put("lastModifiedTime", String.valueOf(m.get("lastModifiedTime")));
    UserDefinedFileAttributeView x =
        Files.getFileAttributeView(sentinel, UserDefinedFileAttributeView.class);
    m.put("xattrs", x.list());
    m.putAll(Files.readAttributes(sentinelDir, "unix:mode,uid,gid,nlink,ctime",
        LinkOption.NOFOLLOW_LINKS).entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> "dir." + e.getKey(),
            e -> String.valueOf(e.getValue()))));
    return m;
  }

  /** The sentinel as a path from the layer directories (base/ovlsim-fst-X/lower). */
  private String climb() {
    return base.resolve("ovlsim-fst-x/lower").relativize(sentinel).toString();
  }

  private List<String> results(String text) {
    ScriptResult r = FstRunner.run(FstParser.parse("hostile.fst", text), kernel);
    assertEquals(null, r.error(), r.toString());
    assertEquals(null, r.skipped(), r.toString());
    List<String> out = new ArrayList<>();
    for (LineResult l : r.lines()) {
      out.add(l.actual());
    }
    return out;
  }

  @Test
  void whatTheTextShowsIsRefusedBeforeAnythingRuns() {
    String abs = sentinel.toString();
    for (String line : new String[] {
        "expect 0 open " + abs + " O_RDONLY : read 0 100",
        "expect 0 -l upper unlink " + climb(),
        "expect 0 -l lower unlink ../../../../../../../../../../../../" + abs,
        "expect 0 -l upper link " + climb() + " stolen",
        "expect 0 rename " + abs + " x",
        "expect 0 -l upper rename ../lower/f g",
        "expect 0 chmod " + sentinelDir + "/../" + sentinelDir.getFileName() + "/sentinel 0777",
        "expect 0 mkdir \"a\\0b\" 0755",
        "expect 0 setxattr f \"user.a\\0b\" v",
    }) {
      FstSyntaxException e = assertThrows(FstSyntaxException.class,
          () -> FstParser.parse("hostile.fst", "mount\n" + line + "\n"), line);
      assertEquals(2, e.line(), e.getMessage());
    }
  }

  @Test
  void symlinksOutOfTheLayerAreEXDEV() {
    String out = sentinelDir.toString();
    String up = "../".repeat(40) + sentinelDir.toString().substring(1);
    List<String> r = results("""
        lower mkdir l 0755
        lower mkdir d 0755
        lower symlink %1$s l/out
        lower symlink %2$s l/up
        lower symlink /proc/self/root l/root
        lower symlink /proc/self/fd l/fds
        mount
        expect x open l/out/sentinel O_RDONLY : read 0 100
        expect x -l lower open l/up/sentinel O_RDONLY : read 0 100
        expect x open l/root%1$s/sentinel O_RDONLY : read 0 100
        expect x readdir l/fds
        expect x readdir l/out
        expect x stat l/out/sentinel type
        expect x -l lower lstat l/out/sentinel type
        expect x -l lower lstat l/out/ type
        expect x unlink l/out/sentinel
        expect x -l lower unlink l/up/sentinel
        expect x chmod l/out/sentinel 0777
        expect x -l lower chmod l/up/sentinel 0777
        expect x chown l/out/sentinel 1000 1000
        expect x -l lower lchown l/out/ 1000 1000
        expect x -l lower lchown l/out/sentinel 1000 1000
        expect x truncate l/out/sentinel 0
        expect x utimes l/out/sentinel 0 0
        expect x setxattr l/out/sentinel user.x y
        expect x -l lower lsetxattr l/out/sentinel user.x y
        expect x -l lower setxattr l/out/ user.x y
        expect x getxattr l/out/sentinel user.x
        expect x listxattr l/out/sentinel
        expect x -l lower removexattr l/out/sentinel user.x
        expect x rename l/out/sentinel d/stolen
        expect x -l lower rename d l/out/d
        expect x -l lower link l/out/sentinel d/hard
        expect x -l lower symlink x l/out/new
        expect x -l lower mkdir l/out/new 0755
        expect x -l lower mknod l/out/new c 0644 1 3
        expect x -l lower rmdir l/out/../sentinel
        expect x readlink l/out/sentinel
        expect x statfs l/out/sentinel type
        """.formatted(out, up));
    for (int i = 0; i < r.size(); i++) {
      assertEquals("EXDEV", r.get(i), "line " + (i + 8) + ": " + r);
    }
  }

  @Test
  void aDotDotThatASymlinkTakesAboveTheLayerIsEXDEV() {
    List<String> r = results("""
        lower symlink . self
        lower mkdir d 0755
        mount
        expect x -l lower readdir self/..
        expect x -l lower rmdir self/..
        expect x -l lower rename self/.. d/x
        expect x -l lower lstat self/.. type
        expect x -l lower readlink self/..
        expect dir -l lower lstat self/../lower/d type
        expect dir -l lower lstat d/.. type
        """);
    assertEquals(List.of("EXDEV", "EXDEV", "EXDEV", "EXDEV", "EXDEV", "EXDEV", "dir"), r);
  }

  /**
   * The kernel checks mknod's type before it walks the path, which this backend resolves
   * first: a parent that does not resolve (missing, or out of the layer) still answers the
   * type's errno the kernel gives first, the walk's errno for a type it makes, and nothing is
   * made anywhere (the sentinel's directory is checked after every test).
   */
  @Test
  void mknodAnswersItsTypeBeforeAParentThatDoesNotResolveAndMakesNothing() {
    List<String> r = results("""
        lower mkdir l 0755
        lower symlink %s l/out
        mount
        expect x mknod nodir/d d 0755 0 0
        expect x mknod nodir/bad 0110000 0644 0 0
        expect x mknod nodir/p f 0644 0 0
        expect x -l lower mknod l/out/d d 0755 0 0
        expect x -l lower mknod l/out/bad 0110000 0644 0 0
        expect x -l lower mknod l/out/p f 0644 0 0
        expect x readdir .
        expect x -l lower readdir l
        """.formatted(sentinelDir));
    assertEquals(List.of("EPERM", "EINVAL", "ENOENT", "EPERM", "EINVAL", "EXDEV", "l", "out"), r);
  }

  @Test
  void deviceNodesAScriptMakesOpenNothing() {
    List<String> r = results("""
        lower mknod zero c 0666 1 5
        upper mknod null c 0666 1 3
        mount
        expect x -l lower open zero O_RDONLY : read 0 4
        expect x open zero O_RDONLY : read 0 4
        expect x -l upper open null O_WRONLY : write 0 "x"
        expect 0 -l upper mknod mem c 0600 1 1
        expect x -l upper open mem O_RDONLY : read 0 4
        expect char -l upper lstat mem type
        """);
    assertEquals(List.of("EACCES", "EACCES", "EACCES", "0", "EACCES", "char"), r);
  }

  @Test
  void insideTheLayersEverythingStillWorks() {
    List<String> r = results("""
        lower mkdir l 0755
        lower create l/f 0644 "lower"
        lower symlink f l/rel
        lower symlink ../l/f l/up
        lower symlink . l/self
        mount
        expect lower open l/up O_RDONLY : read 0 10
        expect lower open l/self/self/rel O_RDONLY : read 0 10
        expect 0 chmod l/rel 0600
        expect regular,0600 stat l/up type,mode
        expect 0 -l upper setxattr l/f user.k v
        expect v getxattr l/rel user.k
        expect f readlink l/self/rel
        expect EINVAL readlink l/self/
        """);
    assertEquals(List.of("lower", "lower", "0", "regular,0600", "0", "v", "f", "EINVAL"), r);
    // Through KernelSys itself: a NUL is EINVAL (as on the model), an absolute path EXDEV.
    try (Backend.Instance i = kernel.start("t")) {
      i.mount(false);
      assertEquals(-22, (int) i.run(Creds.ROOT, Target.MOUNT, s -> s.mkdir("a\0b", 0755)));
      assertEquals(-18, (int) i.run(Creds.ROOT, Target.MOUNT, s -> s.mkdir("/x", 0755)));
      assertEquals(-18, (int) i.run(Creds.ROOT, Target.MOUNT,
          s -> s.lchown("/", 1000, 1000)));
      assertEquals(-2, (int) i.run(Creds.ROOT, Target.MOUNT,
          s -> s.lstat("a", new ovlsim.syscall.StatBuf())));
    }
  }
}
