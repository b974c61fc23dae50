package ovlsim.conformance.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.conformance.backend.Backend;
import ovlsim.conformance.backend.Creds;
import ovlsim.conformance.backend.ModelBackend;
import ovlsim.conformance.backend.Target;
import ovlsim.syscall.Sys;

/** What lines print, on the model's upper-fs (no overlay needed to check the executor). */
class LineExecutorTest {
  private Backend.Instance inst;
  private int lineNo;

  @BeforeEach
  void boot() {
    inst = ModelBackend.upperOnly().start("t");
    inst.mount(false);
  }

  @AfterEach
  void close() {
    inst.close();
  }

  private Expectation parse(String line) {
    FstParser.Line l = FstParser.parseLine("t.fst", ++lineNo, line, lineNo);
    return ((FstParser.Expect) l).expectation();
  }

  /** The result of {@code expect .* OPTIONS OPS}. */
  private LineExecutor.Result run(String optionsAndOps) {
    Expectation e = parse("expect .* " + optionsAndOps);
    return inst.run(e.creds(), e.target(), sys -> LineExecutor.run(sys, e.ops()));
  }

  private String out(String ops) {
    return run(ops).text();
  }

  @Test
  void chainedOpsShareTheFdTable() {
    assertEquals("0", out("create f 0644 hello"));
    assertEquals("HEllo", out("open f O_RDWR : pwrite 0 HE 0 : pread 0 5 0"));
    assertEquals("3", out("open f O_WRONLY,O_APPEND : open f O_RDONLY : write 0 abc"));
    assertEquals("HEl", out("open f O_RDONLY : open f O_RDONLY : read 1 3"));
    assertEquals("regular,0644,8", out("open f O_RDONLY : fstat 0 type,mode,size"));
  }

  @Test
  void theFirstFailureIsTheResultAndStopsTheLine() {
    LineExecutor.Result r = run("mkdir d 0755 : mkdir d 0755 : rmdir d");
    assertEquals("EEXIST", r.text());
    assertTrue(r.failed());
    assertEquals("dir", out("stat d type"));
    assertFalse(run("rmdir d").failed());
    assertEquals("EBADF", out("create f 0600 : open f O_RDONLY : close 0 : close 0"));
  }

  @Test
  void statFields() {
    assertEquals("fifo,0640,1", out("mkfifo p 0640 : lstat p type,mode,nlink"));
    assertEquals("char,0600,1:3", out("mknod c c 0600 1 3 : lstat c type,mode,rdev"));
    assertEquals("block,5:70000", out("mknod b b 0600 5 70000 : lstat b type,rdev"));
    assertEquals("04755,0,0", out("create f 0644 : chmod f 04755 : stat f mode,uid,gid"));
    assertEquals("symlink", out("mkdir d 0755 : symlink d s : lstat s type"));
    assertEquals("dir", out("lstat s type : stat s type"));
    assertEquals("0000", out("create z 0 : stat z mode"));
    assertEquals("100,200", out("utimes f 100 200 : stat f atime,mtime"));
    String ino = out("stat f inode");
    assertEquals(ino, out("link f f2 : stat f2 inode"));
  }

  @Test
  void namesAreSortedWithoutDots() {
    assertEquals("", out("mkdir d 0755 : readdir d"));
    assertEquals("a,m,z", out("create d/z 0644 : create d/a 0644 : mkdir d/m 0755 : readdir d"));
    assertEquals("user.a,user.b",
        out("setxattr d user.b 2 : setxattr d user.a 1 : listxattr d"));
    assertEquals("1", out("getxattr d user.a"));
    assertEquals("../x", out("symlink ../x l : readlink l"));
    assertEquals("4096", out("statfs . bsize"));
  }

  @Test
  void credsAndUmaskAreTheLines() {
    assertEquals("0", out("mkdir open 0777"));
    assertEquals("EACCES", out("-u 1000 -g 1000 mkdir x 0755"));
    assertEquals("0700,1000,1000", out("-u 1000 -g 1000 -U 077 mkdir open/y 0777 : "
        + "stat open/y mode,uid,gid"));
    assertEquals("0755", out("mkdir open/z 0755 : stat open/z mode"));
    assertEquals("0", out("create g 0660 : chown g 0 50"));
    assertEquals("EACCES", out("-u 1000 -g 1000 open g O_RDONLY"));
    assertEquals("0", out("-u 1000 -g 1000,50 open g O_RDONLY"));
  }

  @Test
  void aSessionKeepsItsFdsAcrossLinesAndReadsADirectoryThroughOne() {
    out("mkdir d 0755 : create d/b 0644 : create d/a 0644");
    String[] lines = {"open d O_RDONLY,O_DIRECTORY : getdents 0", "lseek 0 0 : getdents 0",
        "open nothere O_RDONLY", "read 1 1", "getdents 0"};
    String[] got = inst.run(Creds.ROOT, Target.MOUNT, sys -> {
      try (LineExecutor.Session session = LineExecutor.session(sys)) {
        String[] r = new String[lines.length];
        int opened = 0;
        for (int i = 0; i < lines.length; i++) {
          List<OpCall> ops = FstParser.ops(Tokenizer.split(lines[i]), opened, "line");
          opened += (int) ops.stream().filter(o -> o.kind().opensFd()).count();
          r[i] = session.run(ops).text();
        }
        return r;
      }
    });
    String first = got[0];
    assertEquals(Set.of("a", "b"), Set.of(first.split(",")));
    assertEquals(first, got[1], "lseek 0 rewinds the directory");
    assertEquals("ENOENT", got[2]);
    assertEquals("EBADF", got[3], "the failed open's number names no fd");
    assertEquals("", got[4], "the directory fd is at its end");
  }

  @Test
  void fdsLeftOpenAreClosedWhenTheLineEnds() {
    Expectation e = parse("expect 0 create f 0644 : open f O_RDONLY : open f O_RDONLY : close 0");
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    String r = inst.run(Creds.ROOT, Target.MOUNT, sys -> LineExecutor.run(counting(sys, opened,
        closed), e.ops()).text());
    assertEquals("0", r);
    assertEquals(3, opened.get()); // create opens too
    assertEquals(3, closed.get());
  }

  private static Sys counting(Sys real, AtomicInteger opened, AtomicInteger closed) {
    return (Sys) Proxy.newProxyInstance(Sys.class.getClassLoader(), new Class<?>[] {Sys.class},
        (proxy, m, args) -> {
          Object r;
          try {
            r = m.invoke(real, args);
          } catch (InvocationTargetException ex) {
            throw ex.getCause();
          }
          if (m.getName().equals("open") && (Integer) r >= 0) {
            opened.incrementAndGet();
          }
          if (m.getName().equals("close") && (Integer) r == 0) {
            closed.incrementAndGet();
          }
          return r;
        });
  }
}
