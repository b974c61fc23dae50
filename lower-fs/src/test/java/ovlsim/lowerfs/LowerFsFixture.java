package ovlsim.lowerfs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.layer.Layer;
import ovlsim.syscall.Dirent;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.Super;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;

/**
 * A kernel with one lower-fs instance mounted (not attached to any tree: the i_op-level tests
 * need no root filesystem), and the steps the VFS takes around lookup and readdir, so tests
 * drive lower-fs as the VFS would. Every helper runs inside init.
 */
final class LowerFsFixture {
  final Kernel k = new Kernel();
  final LowerImage image;
  final VfsMount mnt;

  LowerFsFixture(Layer layer) {
    image = LowerImage.of(layer);
    Vfs.of(k).registerFilesystem(new LowerFsType());
    k.attachDevice("/dev/loop0", image);
    mnt = call(() -> Super.doKernMount(LowerFsType.NAME, Fs.MS_RDONLY, "/dev/loop0", ""));
  }

  <T> T call(Callable<T> body) {
    return k.init().call(body);
  }

  void run(Runnable body) {
    k.init().run(body);
  }

  Dentry root() {
    return mnt.mntRoot;
  }

  FaultPlan faults() {
    return LowerFsType.faults(mnt);
  }

  /** {@code do_lookup()}: the cached dentry, else {@code ->lookup} under the parent's i_mutex. */
  Dentry lookup(Dentry parent, String name) {
    Dentry d = Dcache.dLookup(parent, name);
    if (d != null) {
      return d;
    }
    KMutex.mutexLockNested(parent.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
    try {
      d = Dcache.dAlloc(parent, name);
      Dentry other = parent.dInode.iOp.lookup(parent.dInode, d, null);
      if (other != null) {
        Dcache.dput(d);
        return other;
      }
      return d;
    } catch (RuntimeException e) {
      Dcache.dput(d);
      throw e;
    } finally {
      KMutex.mutexUnlock(parent.dInode.iMutex);
    }
  }

  /** Walks {@code path} ("a/b/c") from the root, following no symlink. */
  Dentry walk(String path) {
    Dentry d = Dcache.dget(root());
    for (String c : path.split("/")) {
      Dentry next = lookup(d, c);
      Dcache.dput(d);
      d = next;
    }
    return d;
  }

  File open(Dentry d, int flags) {
    return Open.vfsOpen(new Path(mnt, d), flags, Creds.currentCred());
  }

  /** {@code vfs_readdir()} until the directory is exhausted: every entry, in order. */
  List<Dirent> readdir(File f) {
    List<Dirent> out = new ArrayList<>();
    KMutex.mutexLock(f.inode().iMutex);
    try {
      f.fOp.readdir(f, (name, off, ino, type) -> {
        out.add(new Dirent(ino, off, type, name));
        return 0;
      });
    } finally {
      KMutex.mutexUnlock(f.inode().iMutex);
    }
    return out;
  }
}
