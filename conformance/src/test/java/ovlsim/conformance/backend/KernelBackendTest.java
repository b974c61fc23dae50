package ovlsim.conformance.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import ovlsim.conformance.fst.Expectation;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstRunner;
import ovlsim.conformance.fst.LineExecutor;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.fst.ScriptResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-kernel backend's own behaviour: creds per thread, cleanup, the mount. */
class KernelBackendTest {
  @TempDir Path tmp;

  private final KernelBackend kernel = new KernelBackend();

  @BeforeEach
  void needKernel() {
    Assumptions.assumeTrue(KernelBackend.availability() == null, KernelBackend::availability);
  }

  private static String run(Backend.Instance inst, String line) {
    Expectation e = ((FstParser.Expect) FstParser.parseLine("t.fst", 1, line, 1)).expectation();
    return inst.run(e.creds(), e.target(), sys -> LineExecutor.run(sys, e.ops()).text());
  }

  private static List<Path> leftovers(Path base) throws IOException {
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(p -> p.getFileName().toString().startsWith("ovlsim-fst-")).toList();
    }
  }

  @Test
  void lineCredsStayOnTheLineAndOnItsThread() throws IOException {
    try (Backend.Instance inst = kernel.start("t")) {
      inst.mount(false);
      assertEquals("0", run(inst, "expect 0 mkdir pub 0777"));
      assertEquals("dir,0700,1000,2000", run(inst,
          "expect 0 -u 1000 -g 2000 -U 077 mkdir pub/mine 0777 : stat pub/mine type,mode,uid,gid"));
      // No capabilities for a non-root uid: not even CAP_SYS_ADMIN's trusted.* xattrs.
      assertEquals("EPERM", run(inst, "expect 0 -u 1000 -g 1000 setxattr pub trusted.x 1"));
      assertEquals("EACCES", run(inst, "expect 0 -u 1000 -g 1000 mkdir x 0755"));
      assertEquals("0", run(inst, "expect 0 create grp 0640 : chown grp 0 50"));
      assertEquals("EACCES", run(inst, "expect 0 -u 1000 -g 1000 open grp O_RDONLY"));
      assertEquals("0", run(inst, "expect 0 -u 1000 -g 1000,50 open grp O_RDONLY"));
      // The next line is root again, with umask 0.
      assertEquals("0,0,0777", run(inst, "expect 0 mkdir back 0777 : stat back uid,gid,mode"));
    }
    // The JVM's other threads never changed: this one still creates root-owned files.
    Path f = Files.createFile(tmp.resolve("f"));
    assertEquals(0, Files.getAttribute(f, "unix:uid"));
    assertEquals(0, Files.getAttribute(f, "unix:gid"));
  }

  @Test
  void layersAreReachableAfterTheMount() {
    try (Backend.Instance inst = kernel.start("t")) {
      inst.run(Creds.ROOT, Target.LOWER, sys -> sys.mkdir("d", 0755));
      inst.mount(false);
      assertEquals("0", run(inst, "expect 0 create d/f 0644"));
      assertEquals("regular", run(inst, "expect 0 -l upper lstat d/f type"));
      assertEquals("ENOENT", run(inst, "expect 0 -l lower lstat d/f type"));
    }
  }

  @Test
  void everythingIsRemovedAfterARunAndAfterAFailure() throws IOException {
    Path base = Files.createDirectory(tmp.resolve("base"));
    String old = System.getProperty(KernelBackend.TMPDIR_PROPERTY);
    System.setProperty(KernelBackend.TMPDIR_PROPERTY, base.toString());
    try {
      Script ok = FstParser.parse("ok.fst", "lower mkdir a 0755\nmount\nexpect 0 rmdir a\n");
      ScriptResult r = FstRunner.run(ok, kernel);
      assertTrue(r.ok(), r.toString());
      assertEquals(List.of(), leftovers(base));
      Script bad = FstParser.parse("bad.fst", "lower mkdir a/b 0755\nmount\nexpect 0 rmdir a\n");
      ScriptResult rb = FstRunner.run(bad, kernel);
      assertEquals("bad.fst:1: lower mkdir a/b 0755: lower setup failed: ENOENT", rb.error());
      assertEquals(List.of(), leftovers(base));
      // An exception inside a line, with the overlay mounted and an fd open in it.
      try (Backend.Instance inst = kernel.start("t")) {
        inst.mount(false);
        assertThrows(IllegalStateException.class, () -> inst.run(Creds.ROOT, Target.MOUNT,
            sys -> {
              sys.open("f", 0100 | 01, 0644);
              throw new IllegalStateException("boom");
            }));
      }
      assertEquals(List.of(), leftovers(base));
      assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(base.toString()));
    } finally {
      if (old == null) {
        System.clearProperty(KernelBackend.TMPDIR_PROPERTY);
      } else {
        System.setProperty(KernelBackend.TMPDIR_PROPERTY, old);
      }
    }
  }

  @Test
  void readOnlyMount() {
    ScriptResult r = FstRunner.run(FstParser.parse("ro.fst", """
        lower create f 0644 "x"
        mount ro
        expect EROFS mkdir d 0755
        expect EROFS open f O_WRONLY
        expect x open f O_RDONLY : read 0 10
        """), kernel);
    assertTrue(r.ok(), r.toString());
  }
}
