package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.writeFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/** {@code do_splice_direct()}, the copy-up primitive, on upper-fs files. */
class SpliceDirectTest {
  private final SysFixture f = new SysFixture();

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  private static Errno errnoOf(Runnable r) {
    try {
      r.run();
      return null;
    } catch (KernelError e) {
      return e.errno();
    }
  }

  @Test
  void copiesInChunksAndAdvancesBothPositions() {
    writeFile(f.sys, "/src", "0123456789");
    f.k.init()
        .run(
            () -> {
              File in = Namei.doFilpOpen("/src", Fcntl.O_RDONLY, 0);
              File out = Namei.doFilpOpen("/dst", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644);
              try {
                Loff pos = new Loff(0);
                assertEquals(4, Splice.doSpliceDirect(in, pos, out, 4, 0));
                assertEquals(4, pos.value);
                assertEquals(4, out.fPos);
                assertEquals(6, Splice.doSpliceDirect(in, pos, out, 100, 0));
                assertEquals(10, pos.value);
                assertEquals(0, Splice.doSpliceDirect(in, pos, out, 100, 0), "end of file");
                assertEquals(0, in.fPos, "the input file's own position is not used");
              } finally {
                Open.fput(out);
                Open.fput(in);
              }
            });
    assertEquals("0123456789", readFile(f.sys, "/dst"));
  }

  @Test
  void checks() {
    writeFile(f.sys, "/src", "abc");
    f.k.init()
        .run(
            () -> {
              File in = Namei.doFilpOpen("/src", Fcntl.O_RDONLY, 0);
              File wo = Namei.doFilpOpen("/src", Fcntl.O_WRONLY, 0);
              File out = Namei.doFilpOpen("/dst", Fcntl.O_CREAT | Fcntl.O_WRONLY, 0644);
              File app = Namei.doFilpOpen("/dst", Fcntl.O_WRONLY | Fcntl.O_APPEND, 0);
              File dir = Namei.doFilpOpen("/", Fcntl.O_RDONLY, 0);
              try {
                assertEquals(Errno.EBADF, errnoOf(() -> Splice.doSpliceDirect(wo, new Loff(0), out, 3, 0)));
                assertEquals(Errno.EBADF, errnoOf(() -> Splice.doSpliceDirect(in, new Loff(0), in, 3, 0)));
                assertEquals(Errno.EINVAL, errnoOf(() -> Splice.doSpliceDirect(in, new Loff(0), app, 3, 0)));
                assertEquals(Errno.EINVAL, errnoOf(() -> Splice.doSpliceDirect(dir, new Loff(0), out, 3, 0)));
                assertEquals(Errno.EINVAL, errnoOf(() -> Splice.doSpliceDirect(in, new Loff(-1), out, 3, 0)));
                assertEquals(Errno.EINVAL, errnoOf(() -> Splice.doSpliceDirect(in, new Loff(0), out, -1, 0)));
              } finally {
                for (File file : new File[] {in, wo, out, app, dir}) {
                  Open.fput(file);
                }
              }
            });
    assertEquals("", readFile(f.sys, "/dst"), "nothing was written");
  }
}
