package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.Lockdep.Dependency;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.syscall.ModelSys;

/**
 * The locks of {@code do_splice_direct()} as a data copy-up runs it: with the target
 * directory's i_mutex held as I_MUTEX_PARENT (as {@code ovl_copy_up_one()} holds the upper
 * parent's), {@code generic_file_splice_write()} takes the output file's i_mutex as
 * I_MUTEX_CHILD, and lockdep records {@code PARENT -> CHILD}; the internal pipe has no inode,
 * so {@code pipe_lock()} adds no lock to the chain. Into a FIFO, whose file operations have no
 * {@code ->splice_write}, the data goes through {@code default_file_splice_write()} and
 * {@code ->write}.
 */
class SpliceLockChainTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;
  private final List<String> points = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  /** As the copy-up: the directory locked PARENT, the file opened, the data spliced in. */
  private long copyUpData(String dir, String src, String dst, long len) {
    return f.kernel().init().call(() -> {
      Path d = new Path();
      Namei.kernPath(dir, 0, d);
      try {
        KMutex.mutexLockNested(d.dentry.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
        try {
          File in = Namei.doFilpOpen(src, Fcntl.O_RDONLY, 0);
          File out = Namei.doFilpOpen(dst, Fcntl.O_WRONLY, 0);
          try {
            long moved = 0;
            Loff pos = new Loff(0);
            while (moved < len) {
              long n = Splice.doSpliceDirect(in, pos, out, len - moved, Splice.SPLICE_F_MOVE);
              if (n <= 0) {
                break;
              }
              moved += n;
            }
            return moved;
          } finally {
            Open.fput(out);
            Open.fput(in);
          }
        } finally {
          KMutex.mutexUnlock(d.dentry.dInode.iMutex);
        }
      } finally {
        Namespace.pathPut(d);
      }
    });
  }

  private String keyOf(String path) {
    return f.kernel().init().call(() -> {
      Path p = new Path();
      Namei.kernPath(path, 0, p);
      try {
        return p.dentry.dInode.iMutex.key().name();
      } finally {
        Namespace.pathPut(p);
      }
    });
  }

  @Test
  void aDataCopyUpRecordsParentToChild() {
    ok(sys.mkdir("/up", 0755));
    writeFile(sys, "/src", "lower data");
    writeFile(sys, "/up/f", "");
    Lockdep.of(f.kernel()).reset();
    f.kernel().setSchedHook((task, point) -> points.add(point));

    assertEquals(10, copyUpData("/up", "/src", "/up/f", 10));

    assertEquals("lower data", readFile(sys, "/up/f"));
    String dirKey = keyOf("/up");
    String fileKey = keyOf("/up/f");
    List<Dependency> deps = Lockdep.of(f.kernel()).dependencies();
    assertTrue(deps.contains(new Dependency(dirKey + "/1", fileKey + "/2")), deps::toString);
    assertFalse(deps.contains(new Dependency(dirKey + "/1", fileKey + "/0")),
        "the data goes through ->splice_write, not ->write: " + deps);
    assertEquals(1, deps.size(), "no pipe lock in the chain: " + deps);
    assertTrue(points.contains("mutex_lock:" + fileKey + "/2"), points::toString);
  }

  @Test
  void aLargeFileGoesOnePipefulAtATime() {
    int size = 3 * PipeInodeInfo.PIPE_DEF_BUFFERS * Fs.PAGE_SIZE + 123;
    StringBuilder sb = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      sb.append((char) ('a' + i % 26));
    }
    writeFile(sys, "/big", sb.toString());
    writeFile(sys, "/copy", "");
    f.kernel().setSchedHook((task, point) -> points.add(point));
    String fileKey = keyOf("/copy");

    assertEquals(size, copyUpData("/", "/big", "/copy", size));

    assertEquals(sb.toString(), readFile(sys, "/copy"));
    long rounds = points.stream().filter(p -> p.equals("mutex_lock:" + fileKey + "/2")).count();
    assertEquals(4, rounds, "one i_mutex round per pipeful of 16 pages");
  }

  @Test
  void intoAFifoTheDataGoesThroughWrite() {
    writeFile(sys, "/src", "through the pipe");
    ok(sys.mkfifo("/fifo", 0644));
    int fd = (int) ok(sys.open("/fifo", Fcntl.O_RDWR));
    long n = f.kernel().init().call(() -> {
      File in = Namei.doFilpOpen("/src", Fcntl.O_RDONLY, 0);
      File out = FilesStruct.current().get(fd);
      try {
        return Splice.doSpliceDirect(in, new Loff(0), out, 100, 0);
      } finally {
        Open.fput(in);
      }
    });
    assertEquals(16, n);
    byte[] buf = new byte[32];
    assertEquals(16, sys.read(fd, buf, 32));
    assertEquals("through the pipe", new String(buf, 0, 16));
    ok(sys.close(fd));
  }
}
