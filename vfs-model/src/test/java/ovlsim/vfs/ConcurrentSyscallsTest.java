package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ls;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Task;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.ModelSys;

/**
 * Several tasks on real threads: one directory hammered by creates, renames and unlinks, the
 * invariants checked afterwards, and lockdep silent. Plus: override_creds() stays in its task.
 */
class ConcurrentSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    f.assertQuiet();
  }

  private <T> List<T> runAll(List<Callable<T>> bodies) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> b : bodies) {
      futures.add(pool.submit(b));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> fu : futures) {
      results.add(fu.get());
    }
    return results;
  }

  @Test
  void fourTasksCreateAndUnlinkInOneDirectory() throws Exception {
    ok(sys.umask(0));
    ok(sys.mkdir("/shared", 0777));
    ok(sys.mkdir("/other", 0777));
    final int rounds = 150;
    List<Callable<Integer>> bodies = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      final int id = t;
      ModelSys s = ModelSys.of(f.k.spawn("worker" + t, Cred.user(1000 + t, 1000)));
      bodies.add(
          () -> {
            int kept = 0;
            for (int i = 0; i < rounds; i++) {
              String name = "/shared/t" + id + "_" + i;
              writeFile(s, name, name);
              ok(s.mkdir(name + ".d", 0755));
              ok(s.rename(name, name + ".r"));
              // Cross-directory renames: s_vfs_rename_mutex and lock_rename's order.
              ok(s.rename(name + ".d", "/other/t" + id + "_" + i + ".d"));
              ok(s.rename("/other/t" + id + "_" + i + ".d", name + ".d"));
              ok(s.rmdir(name + ".d"));
              // Every file in the directory is someone's: stat all of one listing.
              for (String other : ls(s, "/shared")) {
                long r = s.stat("/shared/" + other, new StatBuf());
                if (r != 0) {
                  err(Errno.ENOENT, r);
                }
              }
              if (i % 10 == 0) {
                kept++;
              } else {
                ok(s.unlink(name + ".r"));
              }
            }
            return kept;
          });
    }
    int kept = runAll(bodies).stream().mapToInt(Integer::intValue).sum();

    List<String> left = ls(sys, "/shared");
    assertEquals(kept, left.size());
    for (String name : left) {
      assertEquals(("/shared/" + name).replace(".r", ""), readFile(sys, "/shared/" + name));
    }
    assertEquals(2, stat(sys, "/shared").stNlink, "no subdirectory left behind");
    assertEquals(List.of(), ls(sys, "/other"));
    assertEquals(2, stat(sys, "/other").stNlink);
  }

  @Test
  void overrideCredsChangesNothingInAnotherTask() throws Exception {
    writeFile(sys, "/secret", "s");
    ok(sys.chmod("/secret", 0600));
    ok(sys.mkdir("/box", 0755));
    ok(sys.chmod("/box", 0777));
    Task a = f.k.spawn("a", Cred.user(1000, 1000));
    Task b = f.k.spawn("b", Cred.user(1000, 1000));
    CountDownLatch overridden = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);

    Future<List<Long>> inA =
        pool.submit(
            () ->
                a.call(
                    () -> {
                      Cred c = Creds.prepareCreds();
                      c.setFsuid(0);
                      c.capRaise(Capability.CAP_DAC_OVERRIDE);
                      Cred old = Creds.overrideCreds(c);
                      List<Long> r = new ArrayList<>();
                      try {
                        r.add((long) ModelSys.of(a).open("/secret", Fcntl.O_RDONLY));
                        writeFile(ModelSys.of(a), "/box/by-a", "");
                        overridden.countDown();
                        checked.await();
                      } finally {
                        Creds.revertCreds(old);
                      }
                      r.add((long) ModelSys.of(a).open("/secret", Fcntl.O_RDONLY));
                      return r;
                    }));
    Future<Void> inB =
        pool.submit(
            () -> {
              overridden.await();
              try {
                assertEquals(1000, b.cred().fsuid());
                err(Errno.EACCES, ModelSys.of(b).open("/secret", Fcntl.O_RDONLY));
                writeFile(ModelSys.of(b), "/box/by-b", "");
              } finally {
                checked.countDown();
              }
              return null;
            });
    inB.get();
    List<Long> aResults = inA.get();
    ok(aResults.get(0));
    err(Errno.EACCES, aResults.get(1));
    assertEquals(0, stat(sys, "/box/by-a").stUid, "created with the overriding fsuid");
    assertEquals(1000, stat(sys, "/box/by-b").stUid);
    assertEquals(1000, a.cred().fsuid(), "reverted");
  }
}
