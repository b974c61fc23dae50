package ovlsim.vfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.HeldLocks;
import ovlsim.kernel.locking.HeldLocks.HeldLock;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.ramfs.RamfsFsType;
import ovlsim.vfs.VfsLockRule.Held;
import ovlsim.vfs.VfsLockRule.Site;
import ovlsim.vfs.VfsLockRule.When;

/**
 * A probe filesystem, {@value #NAME}: a ramfs instance whose inode and file operations are
 * wrapped so that each call records, at its entry, which mutexes the calling task holds and
 * with which subclass, next to what its row of {@link VfsLockRule} says must be held. Every
 * inode the wrapped operations hand out is wrapped in turn.
 *
 * <p>ramfs has no extended attributes in 2.6.38; the probe keeps them itself (a map per inode,
 * guarded by its monitor), so that the VFS's xattr paths reach the filesystem and succeed. It
 * changes nothing else: every other call goes on to ramfs.
 */
final class LockProbe implements FileSystemType {
  static final String NAME = "lockprobe";

  private final RamfsFsType ramfs;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  LockProbe(RamfsFsType ramfs) {
    this.ramfs = ramfs;
  }

  /**
   * One call of a rule's operation: the locks the rule expects (each with the subclasses it may
   * be held with), the locks the task held, and which of the rule's conditions held.
   */
  record Call(
      VfsLockRule rule,
      Map<KMutex, Set<MutexSubclass>> expected,
      List<HeldLock> held,
      Set<When> conditions) {
    /** Why the held locks are not what the rule says, or {@code null} when they are. */
    String mismatch() {
      Set<KMutex> heldSet = Collections.newSetFromMap(new IdentityHashMap<>());
      for (HeldLock h : held) {
        heldSet.add(h.lock());
      }
      Set<KMutex> want = Collections.newSetFromMap(new IdentityHashMap<>());
      want.addAll(expected.keySet());
      if (!heldSet.equals(want)) {
        return "held " + held + ", the rule wants " + expected.keySet();
      }
      for (HeldLock h : held) {
        if (!expected.get(h.lock()).contains(h.subclass())) {
          return h + " is held as " + h.subclass() + ", the rule allows " + expected.get(h.lock());
        }
      }
      return null;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    SuperBlock sb = ramfs.getSb(flags, devName, data);
    wrap(sb.sRoot.dInode);
    return sb;
  }

  /** The calls of {@code rule}'s operation recorded so far. */
  List<Call> calls(VfsLockRule rule) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.rule() == rule).toList();
    }
  }

  void clear() {
    calls.clear();
  }

  private void wrap(Inode inode) {
    if (inode == null) {
      return;
    }
    if (!(inode.iOp instanceof Probe)) {
      inode.iOp = new Probe(inode.iOp);
    }
    if (!(inode.iFop instanceof FileProbe)) {
      inode.iFop = new FileProbe(inode.iFop);
    }
  }

  /**
   * Records a call of {@code rule}: {@code sites} says whose lock each site of the rule is;
   * {@code conditions} which of the rule's conditions hold for this call.
   */
  private void record(VfsLockRule rule, Map<Site, KMutex> sites, Set<When> conditions) {
    Map<KMutex, Set<MutexSubclass>> expected = new IdentityHashMap<>();
    for (Held h : rule.held()) {
      if (h.when() != When.ALWAYS && !conditions.contains(h.when())) {
        continue;
      }
      KMutex m = sites.get(h.site());
      if (m == null) {
        throw new IllegalStateException(rule + ": the probe does not know " + h.site());
      }
      expected.merge(m, EnumSet.copyOf(h.subclasses()), (a, b) -> {
        a.addAll(b);
        return a;
      });
    }
    calls.add(new Call(rule, expected, HeldLocks.of(Task.current()).snapshot(), conditions));
  }

  private void record(VfsLockRule rule) {
    record(rule, Map.of(), Set.of());
  }

  private void record(VfsLockRule rule, Site site, Inode inode) {
    record(rule, Map.of(site, inode.iMutex), Set.of());
  }

  /** The wrapper around one inode's operations. */
  private final class Probe implements InodeOperations {
    private final InodeOperations d;
    /** The probe's own xattrs of this inode; guarded by itself. */
    private final Map<String, byte[]> xattrs = new LinkedHashMap<>();

    Probe(InodeOperations d) {
      this.d = d;
    }

    @Override
    public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
      record(VfsLockRule.LOOKUP, Site.DIR, dir);
      Dentry r = d.lookup(dir, dentry, nd);
      wrap(dentry.dInode);
      if (r != null) {
        wrap(r.dInode);
      }
      return r;
    }

    @Override
    public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
      record(VfsLockRule.CREATE, Site.DIR, dir);
      d.create(dir, dentry, mode, nd);
      wrap(dentry.dInode);
    }

    @Override
    public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
      record(
          VfsLockRule.LINK,
          Map.of(Site.DIR, dir.iMutex, Site.SOURCE, oldDentry.dInode.iMutex),
          Set.of());
      d.link(oldDentry, dir, dentry);
    }

    @Override
    public void unlink(Inode dir, Dentry dentry) {
      record(
          VfsLockRule.UNLINK,
          Map.of(Site.DIR, dir.iMutex, Site.VICTIM, dentry.dInode.iMutex),
          Set.of());
      d.unlink(dir, dentry);
    }

    @Override
    public void symlink(Inode dir, Dentry dentry, String symname) {
      record(VfsLockRule.SYMLINK, Site.DIR, dir);
      d.symlink(dir, dentry, symname);
      wrap(dentry.dInode);
    }

    @Override
    public void mkdir(Inode dir, Dentry dentry, int mode) {
      record(VfsLockRule.MKDIR, Site.DIR, dir);
      d.mkdir(dir, dentry, mode);
      wrap(dentry.dInode);
    }

    @Override
    public void rmdir(Inode dir, Dentry dentry) {
      record(
          VfsLockRule.RMDIR,
          Map.of(Site.DIR, dir.iMutex, Site.VICTIM, dentry.dInode.iMutex),
          Set.of());
      d.rmdir(dir, dentry);
    }

    @Override
    public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
      record(VfsLockRule.MKNOD, Site.DIR, dir);
      d.mknod(dir, dentry, mode, rdev);
      wrap(dentry.dInode);
    }

    @Override
    public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
      Inode target = newDentry.dInode;
      Map<Site, KMutex> sites = new EnumMap<>(Site.class);
      sites.put(Site.OLD_DIR, oldDir.iMutex);
      sites.put(Site.NEW_DIR, newDir.iMutex);
      sites.put(Site.RENAME_MUTEX, oldDir.iSb.sVfsRenameMutex);
      if (target != null) {
        sites.put(Site.TARGET, target.iMutex);
      }
      Set<When> conditions = EnumSet.noneOf(When.class);
      if (oldDir != newDir) {
        conditions.add(When.CROSS_DIRECTORY);
      }
      if (target != null) {
        conditions.add(When.TARGET_EXISTS);
      }
      record(VfsLockRule.RENAME, sites, conditions);
      d.rename(oldDir, oldDentry, newDir, newDentry);
    }

    @Override
    public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
      record(VfsLockRule.READLINK);
      return d.readlink(dentry, buf, bufsiz);
    }

    @Override
    public Object followLink(Dentry dentry, Nameidata nd) {
      record(VfsLockRule.FOLLOW_LINK);
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
      record(VfsLockRule.PERMISSION);
      d.permission(inode, mask, flags);
    }

    @Override
    public void setattr(Dentry dentry, Iattr attr) {
      record(VfsLockRule.SETATTR, Site.INODE, dentry.dInode);
      d.setattr(dentry, attr);
    }

    @Override
    public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
      record(VfsLockRule.GETATTR);
      d.getattr(mnt, dentry, stat);
    }

    @Override
    public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
      record(VfsLockRule.SETXATTR, Site.INODE, dentry.dInode);
      synchronized (xattrs) {
        xattrs.put(name, value == null ? new byte[0] : value.clone());
      }
    }

    @Override
    public int getxattr(Dentry dentry, String name, byte[] value, int size) {
      record(VfsLockRule.GETXATTR);
      synchronized (xattrs) {
        byte[] v = xattrs.get(name);
        if (v == null) {
          throw new KernelError(Errno.ENODATA);
        }
        if (size != 0) {
          if (size < v.length) {
            throw new KernelError(Errno.ERANGE);
          }
          System.arraycopy(v, 0, value, 0, v.length);
        }
        return v.length;
      }
    }

    @Override
    public boolean hasGetxattr() {
      return true;
    }

    @Override
    public int listxattr(Dentry dentry, byte[] list, int size) {
      record(VfsLockRule.LISTXATTR);
      synchronized (xattrs) {
        StringBuilder names = new StringBuilder();
        for (String name : xattrs.keySet()) {
          names.append(name).append('\0');
        }
        byte[] b = names.toString().getBytes(StandardCharsets.UTF_8);
        if (size != 0) {
          if (size < b.length) {
            throw new KernelError(Errno.ERANGE);
          }
          System.arraycopy(b, 0, list, 0, b.length);
        }
        return b.length;
      }
    }

    @Override
    public void removexattr(Dentry dentry, String name) {
      record(VfsLockRule.REMOVEXATTR, Site.INODE, dentry.dInode);
      synchronized (xattrs) {
        if (xattrs.remove(name) == null) {
          throw new KernelError(Errno.ENODATA);
        }
      }
    }

    @Override
    public File open(Dentry dentry, int flags, Cred cred) {
      record(VfsLockRule.OPEN);
      return d.open(dentry, flags, cred);
    }

    @Override
    public boolean hasOpen() {
      return d.hasOpen();
    }

    @Override
    public void dentryOpen(Dentry dentry, File file, Cred cred) {
      record(VfsLockRule.OPEN);
      d.dentryOpen(dentry, file, cred);
    }

    @Override
    public boolean hasDentryOpen() {
      return d.hasDentryOpen();
    }
  }

  /** The wrapper around one inode's file operations. */
  private final class FileProbe implements FileOperations {
    private final FileOperations d;

    FileProbe(FileOperations d) {
      this.d = d;
    }

    @Override
    public long llseek(File file, long offset, int origin) {
      record(VfsLockRule.LLSEEK);
      return d.llseek(file, offset, origin);
    }

    @Override
    public int read(File file, byte[] buf, int count, Loff pos) {
      record(VfsLockRule.READ);
      return d.read(file, buf, count, pos);
    }

    @Override
    public int write(File file, byte[] buf, int count, Loff pos) {
      record(VfsLockRule.WRITE);
      return d.write(file, buf, count, pos);
    }

    @Override
    public void readdir(File file, FillDir filler) {
      record(VfsLockRule.READDIR, Site.INODE, file.inode());
      d.readdir(file, filler);
    }

    @Override
    public void open(Inode inode, File file) {
      record(VfsLockRule.FILE_OPEN);
      d.open(inode, file);
    }

    @Override
    public void release(Inode inode, File file) {
      record(VfsLockRule.RELEASE);
      d.release(inode, file);
    }

    @Override
    public void fsync(File file, int datasync) {
      record(VfsLockRule.FSYNC, Site.INODE, file.inode());
      d.fsync(file, datasync);
    }

    @Override
    public long spliceRead(File in, Loff ppos, PipeInodeInfo pipe, long len, int flags) {
      record(VfsLockRule.SPLICE_READ);
      return d.spliceRead(in, ppos, pipe, len, flags);
    }

    @Override
    public long spliceWrite(PipeInodeInfo pipe, File out, Loff ppos, long len, int flags) {
      record(VfsLockRule.SPLICE_WRITE);
      return d.spliceWrite(pipe, out, ppos, len, flags);
    }
  }
}
