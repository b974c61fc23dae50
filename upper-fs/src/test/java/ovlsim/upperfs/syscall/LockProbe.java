package ovlsim.upperfs.syscall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks.HeldLock;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.KMutex;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.File;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.VfsMount;

/**
 * A probe filesystem, {@value #NAME}: an upper-fs instance whose inode operations are wrapped
 * so that each call records which i_mutexes (and rename mutexes) the calling task holds, next
 * to what DESIGN.md's table says it must hold. Every inode the wrapped operations hand out
 * (lookup, create, mkdir, mknod, symlink) is wrapped in turn.
 */
final class LockProbe implements FileSystemType {
  static final String NAME = "lockprobe";

  /** One i_op call: the op (with a variant tag), the locks expected and the locks held. */
  record Call(String op, Set<KMutex> expected, Set<KMutex> held, boolean ownedByCaller) {
    boolean matches() {
      return expected.equals(held) && ownedByCaller;
    }
  }

  private final UpperFsType upper;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  LockProbe(UpperFsType upper) {
    this.upper = upper;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    SuperBlock sb = upper.getSb(flags, devName, data);
    wrap(sb.sRoot.dInode);
    return sb;
  }

  /** The calls recorded so far whose op is {@code op}. */
  List<Call> calls(String op) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.op().equals(op)).toList();
    }
  }

  void clear() {
    calls.clear();
  }

  private void wrap(Inode inode) {
    if (inode != null && !(inode.iOp instanceof Probe)) {
      inode.iOp = new Probe(inode.iOp);
    }
  }

  private void record(String op, KMutex... expected) {
    Task t = Task.current();
    Set<KMutex> held = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (HeldLock h : HeldLocks.of(t).snapshot()) {
      held.add(h.lock());
    }
    Set<KMutex> want = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    boolean owned = true;
    for (KMutex m : expected) {
      want.add(m);
      owned &= m.owner() == t;
    }
    calls.add(new Call(op, new HashSet<>(want), new HashSet<>(held), owned));
  }

  /** The wrapper around one inode's operations. */
  private final class Probe implements InodeOperations {
    private final InodeOperations d;

    Probe(InodeOperations d) {
      this.d = d;
    }

    @Override
    public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
      record("lookup", dir.iMutex);
      Dentry r = d.lookup(dir, dentry, nd);
      wrap(dentry.dInode);
      if (r != null) {
        wrap(r.dInode);
      }
      return r;
    }

    @Override
    public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
      record("create", dir.iMutex);
      d.create(dir, dentry, mode, nd);
      wrap(dentry.dInode);
    }

    @Override
    public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
      record("link", dir.iMutex, oldDentry.dInode.iMutex);
      d.link(oldDentry, dir, dentry);
    }

    @Override
    public void unlink(Inode dir, Dentry dentry) {
      record("unlink", dir.iMutex, dentry.dInode.iMutex);
      d.unlink(dir, dentry);
    }

    @Override
    public void symlink(Inode dir, Dentry dentry, String symname) {
      record("symlink", dir.iMutex);
      d.symlink(dir, dentry, symname);
      wrap(dentry.dInode);
    }

    @Override
    public void mkdir(Inode dir, Dentry dentry, int mode) {
      record("mkdir", dir.iMutex);
      d.mkdir(dir, dentry, mode);
      wrap(dentry.dInode);
    }

    @Override
    public void rmdir(Inode dir, Dentry dentry) {
      record("rmdir", dir.iMutex, dentry.dInode.iMutex);
      d.rmdir(dir, dentry);
    }

    @Override
    public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
      record("mknod", dir.iMutex);
      d.mknod(dir, dentry, mode, rdev);
      wrap(dentry.dInode);
    }

    @Override
    public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
      Inode target = newDentry.dInode;
      boolean cross = oldDir != newDir;
      String op =
          "rename" + (cross ? ":cross" : ":same") + (target != null ? ":target" : ":new");
      List<KMutex> want = new ArrayList<>(List.of(oldDir.iMutex, newDir.iMutex));
      if (target != null) {
        want.add(target.iMutex);
      }
      if (cross) {
        want.add(oldDir.iSb.sVfsRenameMutex);
      }
      record(op, want.toArray(new KMutex[0]));
      d.rename(oldDir, oldDentry, newDir, newDentry);
    }

    @Override
    public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
      record("readlink");
      return d.readlink(dentry, buf, bufsiz);
    }

    @Override
    public Object followLink(Dentry dentry, Nameidata nd) {
      record("follow_link");
      return d.followLink(dentry, nd);
    }

    @Override
    public void putLink(Dentry dentry, Nameidata nd, Object cookie) {
      d.putLink(dentry, nd, cookie);
    }

    @Override
    public boolean hasPutLink() {
      return d.hasPutLink();
    }

    @Override
    public void permission(Inode inode, int mask, int flags) {
      record("permission");
      d.permission(inode, mask, flags);
    }

    @Override
    public void setattr(Dentry dentry, Iattr attr) {
      record("setattr", dentry.dInode.iMutex);
      d.setattr(dentry, attr);
    }

    @Override
    public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
      record("getattr");
      d.getattr(mnt, dentry, stat);
    }

    @Override
    public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
      record("setxattr", dentry.dInode.iMutex);
      d.setxattr(dentry, name, value, size, flags);
    }

    @Override
    public int getxattr(Dentry dentry, String name, byte[] value, int size) {
      record("getxattr");
      return d.getxattr(dentry, name, value, size);
    }

    @Override
    public boolean hasGetxattr() {
      return d.hasGetxattr();
    }

    @Override
    public int listxattr(Dentry dentry, byte[] list, int size) {
      record("listxattr");
      return d.listxattr(dentry, list, size);
    }

    @Override
    public void removexattr(Dentry dentry, String name) {
      record("removexattr", dentry.dInode.iMutex);
      d.removexattr(dentry, name);
    }

    @Override
    public File open(Dentry dentry, int flags, Cred cred) {
      record("open");
      return d.open(dentry, flags, cred);
    }
  }
}
