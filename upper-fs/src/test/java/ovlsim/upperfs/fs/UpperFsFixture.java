package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.upperfs.UpperFs;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.File;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Open;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * A booted kernel with upper-fs as "/", and the steps the VFS takes around each inode and file
 * operation (the i_mutexes of docs/locking.md, {@code d_delete()}, {@code d_move()}), so that
 * the tests drive upper-fs as the VFS would. Every helper runs inside a model task.
 */
final class UpperFsFixture {
  final Kernel k = new Kernel();

  UpperFsFixture(String options) {
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", options);
  }

  /** Runs {@code body} as init. */
  void run(Runnable body) {
    k.init().run(body);
  }

  VfsMount mnt() {
    return Vfs.of(k).rootMnt();
  }

  Dentry root() {
    return mnt().mntRoot;
  }

  SuperBlock sb() {
    return root().dSb;
  }

  FaultPlan faults() {
    return UpperFs.faults(sb());
  }

  UpperFs fs() {
    return UpperFs.of(sb());
  }

  /**
   * {@code lookup_hash()}: the child {@code name} of {@code parent} with a new reference, from
   * the dcache or through {@code ->lookup}.
   */
  Dentry lookup(Dentry parent, String name) {
    Inode dir = parent.dInode;
    KMutex.mutexLockNested(dir.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      return lookupLocked(parent, name);
    } finally {
      KMutex.mutexUnlock(dir.iMutex);
    }
  }

  /** Port of {@code __lookup_hash()}: the cached dentry, else a new one through the fs. */
  private static Dentry lookupLocked(Dentry parent, String name) {
    Dentry cached = Dcache.dLookup(parent, name);
    if (cached != null) {
      return cached;
    }
    return realLookup(parent, name);
  }

  /** {@code ->lookup} on a new dentry, as {@code d_alloc_and_lookup()} does. */
  static Dentry realLookup(Dentry parent, String name) {
    Dentry d = Dcache.dAlloc(parent, name);
    Dentry other = parent.dInode.iOp.lookup(parent.dInode, d, null);
    if (other != null) {
      Dcache.dput(d);
      return other;
    }
    return d;
  }

  /** A lookup, then {@code i_op} on the negative dentry under the parent's i_mutex. */
  private Dentry make(Dentry parent, String name, NewEntry op) {
    Inode dir = parent.dInode;
    KMutex.mutexLockNested(dir.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      Dentry d = lookupLocked(parent, name);
      try {
        op.make(dir, d);
      } catch (KernelError e) {
        Dcache.dput(d);
        throw e;
      }
      return d;
    } finally {
      KMutex.mutexUnlock(dir.iMutex);
    }
  }

  private interface NewEntry {
    void make(Inode dir, Dentry d);
  }

  Dentry create(Dentry parent, String name, int mode) {
    return make(parent, name, (dir, d) -> dir.iOp.create(dir, d, mode, null));
  }

  Dentry mkdir(Dentry parent, String name, int mode) {
    return make(parent, name, (dir, d) -> dir.iOp.mkdir(dir, d, mode));
  }

  Dentry mknod(Dentry parent, String name, int mode, int rdev) {
    return make(parent, name, (dir, d) -> dir.iOp.mknod(dir, d, mode, rdev));
  }

  Dentry symlink(Dentry parent, String name, String target) {
    return make(parent, name, (dir, d) -> dir.iOp.symlink(dir, d, target));
  }

  /** {@code vfs_link()}: the parent's and the source inode's i_mutex. */
  Dentry link(Dentry old, Dentry parent, String name) {
    Inode src = old.dInode;
    return make(
        parent,
        name,
        (dir, d) -> {
          KMutex.mutexLock(src.iMutex);
          try {
            dir.iOp.link(old, dir, d);
          } finally {
            KMutex.mutexUnlock(src.iMutex);
          }
        });
  }

  /** {@code vfs_unlink()} + {@code d_delete()}: the parent's and the victim's i_mutex. */
  void unlink(Dentry parent, Dentry victim) {
    remove(parent, victim, false);
  }

  /** {@code vfs_rmdir()} + {@code d_delete()}. */
  void rmdir(Dentry parent, Dentry victim) {
    remove(parent, victim, true);
  }

  private void remove(Dentry parent, Dentry victim, boolean dir) {
    Inode pdir = parent.dInode;
    Inode inode = victim.dInode;
    KMutex.mutexLockNested(pdir.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      KMutex.mutexLock(inode.iMutex);
      try {
        if (dir) {
          pdir.iOp.rmdir(pdir, victim);
        } else {
          pdir.iOp.unlink(pdir, victim);
        }
      } finally {
        KMutex.mutexUnlock(inode.iMutex);
      }
      Dcache.dDelete(victim);
    } finally {
      KMutex.mutexUnlock(pdir.iMutex);
    }
  }

  /**
   * {@code vfs_rename()} between {@code lock_rename()}'d parents: the target's i_mutex, then
   * {@code ->rename}, then {@code d_move()}.
   */
  void rename(Dentry oldParent, Dentry old, Dentry newParent, Dentry target) {
    Inode od = oldParent.dInode;
    Inode nd = newParent.dInode;
    boolean cross = od != nd;
    if (cross) {
      KMutex.mutexLock(sb().sVfsRenameMutex);
      KMutex.mutexLockNested(od.iMutex, MutexSubclass.I_MUTEX_PARENT);
      KMutex.mutexLockNested(nd.iMutex, MutexSubclass.I_MUTEX_CHILD);
    } else {
      KMutex.mutexLockNested(od.iMutex, MutexSubclass.I_MUTEX_PARENT);
    }
    try {
      Inode victim = target.dInode;
      if (victim != null) {
        KMutex.mutexLock(victim.iMutex);
      }
      try {
        od.iOp.rename(od, old, nd, target);
      } finally {
        if (victim != null) {
          KMutex.mutexUnlock(victim.iMutex);
        }
      }
      Dcache.dMove(old, target);
    } finally {
      if (cross) {
        KMutex.mutexUnlock(nd.iMutex);
        KMutex.mutexUnlock(od.iMutex);
        KMutex.mutexUnlock(sb().sVfsRenameMutex);
      } else {
        KMutex.mutexUnlock(od.iMutex);
      }
    }
  }

  /** {@code dentry_open()} on the root mount. */
  File open(Dentry d, int flags) {
    return Open.dentryOpen(Dcache.dget(d), Namespace.mntget(mnt()), flags, Creds.currentCred());
  }

  /** {@code ->write} of {@code data} at {@code pos}; returns the count written. */
  int write(File f, String data, long pos) {
    byte[] b = data.getBytes(StandardCharsets.UTF_8);
    return f.fOp.write(f, b, b.length, new Loff(pos));
  }

  int write(File f, byte[] b, long pos) {
    return f.fOp.write(f, b, b.length, new Loff(pos));
  }

  /** {@code ->read} of up to {@code count} bytes at {@code pos}, as a string. */
  String read(File f, int count, long pos) {
    byte[] b = new byte[count];
    int n = f.fOp.read(f, b, count, new Loff(pos));
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  /** {@code vfs_readdir()}: the entries from {@code f_pos}, at most {@code max}, under i_mutex. */
  List<Dirent> readdir(File f, int max) {
    List<Dirent> out = new ArrayList<>();
    Inode dir = f.inode();
    KMutex.mutexLock(dir.iMutex);
    try {
      f.fOp.readdir(
          f,
          (name, offset, ino, type) -> {
            if (out.size() == max) {
              return -1;
            }
            out.add(new Dirent(name, offset, ino, type));
            return 0;
          });
    } finally {
      KMutex.mutexUnlock(dir.iMutex);
    }
    return out;
  }

  record Dirent(String name, long offset, long ino, int type) {}

  Kstatfs statfs() {
    Kstatfs buf = new Kstatfs();
    sb().sOp.statfs(root(), buf);
    return buf;
  }

  /** Asserts that nothing went wrong in the kernel: no lockdep report, no WARN_ON or BUG_ON. */
  void assertClean() {
    assertEquals(List.of(), Lockdep.of(k).reports(), "lockdep reports");
    assertEquals(List.of(), k.bugLog().entries(), "WARN_ON/BUG_ON");
  }

  /** Asserts that {@code body} throws {@code KernelError(errno)}. */
  static void assertErrno(Errno errno, Executable body) {
    KernelError e = assertThrows(KernelError.class, body);
    assertEquals(errno, e.errno(), e.getMessage());
  }

  /** The names in {@code list}: NUL-terminated strings. */
  static List<String> names(byte[] list, int len) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < len; i++) {
      if (list[i] == 0) {
        out.add(new String(list, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }
}
