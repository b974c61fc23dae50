package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.upperfs.fs.UpperFsFixture.assertErrno;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Open;
import ovlsim.vfs.Stat;

/** Every fault point of upper-fs fires, fails the operation, and changes nothing. */
class UpperFaultTest {
  private final UpperFsFixture fx = new UpperFsFixture("size=1m");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  private void expectFault(String op, Runnable body) {
    FaultPlan plan = fx.faults();
    plan.clear();
    plan.failNth(op, 1, Errno.EIO);
    assertErrno(Errno.EIO, body::run);
    assertEquals(new FaultPlan.Injection(op, 1, Errno.EIO), plan.log().get(plan.log().size() - 1));
    plan.clear();
  }

  @Test
  void namespaceOperationsFailBeforeChangingAnything() {
    fx.run(
        () -> {
          Dentry root = fx.root();
          Inode rootInode = root.dInode;
          expectFault("upper.lookup", () -> fx.lookup(root, "x"));
          expectFault("upper.create", () -> fx.create(root, "f", 0644));
          expectFault("upper.mkdir", () -> fx.mkdir(root, "d", 0755));
          expectFault("upper.mknod", () -> fx.mknod(root, "p", Stat.S_IFIFO | 0644, 0));
          expectFault("upper.symlink", () -> fx.symlink(root, "s", "f"));
          assertEquals(40, rootInode.iSize);
          assertEquals(2, rootInode.iNlink);
          for (String name : List.of("f", "d", "p", "s")) {
            assertTrue(fx.lookup(root, name).isNegative(), name);
          }

          Dentry f = fx.create(root, "f", 0644);
          Dentry d = fx.mkdir(root, "d", 0755);
          expectFault("upper.link", () -> fx.link(f, root, "g"));
          assertEquals(1, f.dInode.iNlink);
          expectFault("upper.unlink", () -> fx.unlink(root, f));
          assertEquals(1, f.dInode.iNlink);
          expectFault("upper.rmdir", () -> fx.rmdir(root, d));
          assertEquals(2, d.dInode.iNlink);
          Dentry target = fx.lookup(root, "g");
          expectFault("upper.rename", () -> fx.rename(root, f, root, target));
          assertTrue(fx.lookup(root, "g").isNegative());
          assertEquals(f.dInode, fx.lookup(root, "f").dInode);
        });
  }

  @Test
  void attributeOperationsFail() {
    fx.run(
        () -> {
          Dentry f = fx.create(fx.root(), "f", 0644);
          Inode inode = f.dInode;
          byte[] v = {1};
          expectFault(
              "upper.setattr",
              () -> {
                Iattr attr = new Iattr();
                attr.iaValid = Fs.ATTR_MODE;
                attr.iaMode = 0600;
                inode.iOp.setattr(f, attr);
              });
          assertEquals(Stat.S_IFREG | 0644, inode.iMode);
          expectFault("upper.setxattr", () -> inode.iOp.setxattr(f, "user.a", v, 1, 0));
          assertEquals(0, inode.iOp.listxattr(f, null, 0));
          inode.iOp.setxattr(f, "user.a", v, 1, 0);
          expectFault("upper.getxattr", () -> inode.iOp.getxattr(f, "user.a", null, 0));
          expectFault("upper.listxattr", () -> inode.iOp.listxattr(f, null, 0));
          expectFault("upper.removexattr", () -> inode.iOp.removexattr(f, "user.a"));
          assertEquals(1, inode.iOp.getxattr(f, "user.a", null, 0));
        });
  }

  @Test
  void fileOperationsFail() {
    fx.run(
        () -> {
          Dentry f = fx.create(fx.root(), "f", 0644);
          expectFault("upper.open", () -> fx.open(f, Fcntl.O_RDWR));
          expectFault("upper.open", () -> fx.open(fx.root(), Fcntl.O_RDONLY));
          File file = fx.open(f, Fcntl.O_RDWR);
          expectFault("upper.write", () -> fx.write(file, "abc", 0));
          assertEquals(0, f.dInode.iSize);
          fx.write(file, "abc", 0);
          expectFault("upper.read", () -> fx.read(file, 3, 0));
          Open.fput(file);
          File dir = fx.open(fx.root(), Fcntl.O_RDONLY);
          expectFault("upper.readdir", () -> fx.readdir(dir, 10));
          assertEquals(0, dir.fPos);
          Open.fput(dir);
        });
  }

  @Test
  void aProbabilityPlanIsReproducibleAndCountsCalls() {
    Consumer<UpperFsFixture> workload =
        f ->
            f.run(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    try {
                      f.create(f.root(), "f" + i, 0644);
                    } catch (KernelError e) {
                      assertEquals(Errno.ENOSPC, e.errno());
                    }
                  }
                });
    UpperFsFixture a = new UpperFsFixture("size=1m");
    UpperFsFixture b = new UpperFsFixture("size=1m");
    a.faults().failWithProbability("upper.create", 0.3, 42, Errno.ENOSPC);
    b.faults().failWithProbability("upper.create", 0.3, 42, Errno.ENOSPC);
    workload.accept(a);
    workload.accept(b);
    assertEquals(50, a.faults().calls("upper.create"));
    assertEquals(a.faults().log(), b.faults().log());
    assertTrue(!a.faults().log().isEmpty() && a.faults().log().size() < 50);
  }

  @Test
  void aFaultedWriteLeavesThePositionAlone() {
    fx.run(
        () -> {
          File file = fx.open(fx.create(fx.root(), "f", 0644), Fcntl.O_RDWR);
          fx.faults().failNth("upper.write", 1, Errno.EIO);
          Loff pos = new Loff(7);
          assertErrno(Errno.EIO, () -> file.fOp.write(file, new byte[1], 1, pos));
          assertEquals(7, pos.value);
          Open.fput(file);
        });
  }
}
