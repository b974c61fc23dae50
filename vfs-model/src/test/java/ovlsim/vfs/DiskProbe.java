package ovlsim.vfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * A probe filesystem, {@value #NAME}, shaped like a disk filesystem rather than like ramfs: its
 * directory entries live in its own tables ("on disk"), and the dcache only caches them, so a
 * dentry nobody uses has {@code d_count} 0 (ramfs and tmpfs pin every positive dentry, which
 * keeps {@code dentry_unhash()} from ever dropping one of theirs). At the entry of
 * {@code ->rmdir} and {@code ->rename} it records what the dcache says of the dentry being
 * removed or replaced: hashed or not, its {@code d_count}, and whether a walker's
 * {@code d_lookup()} would find it.
 *
 * <p>Locking: a directory's table is guarded by its i_mutex, which the VFS holds around every
 * operation that reads or changes it.
 */
final class DiskProbe implements FileSystemType {
  static final String NAME = "diskprobe";

  /** What one call saw of its victim (rmdir) or target (rename). */
  record Seen(String op, Dentry dentry, boolean unhashed, int dCount, boolean lookupFindsIt) {}

  /** An inode with, for a directory, its table of entries. */
  static final class DiskInode extends Inode {
    final Map<String, DiskInode> entries = new HashMap<>();

    DiskInode(SuperBlock sb) {
      super(sb);
    }
  }

  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final Ops ops = new Ops();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    return Super.getSbNodev(this, flags, data, (sb, d, silent) -> {
      sb.sOp = new SuperOperations() {
        @Override
        public Inode allocInode(SuperBlock s) {
          return new DiskInode(s);
        }
      };
      sb.sRoot = Dcache.dAllocRoot(newInode(sb, null, Stat.S_IFDIR | 0755));
    });
  }

  /** The calls recorded so far, oldest first. */
  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  private DiskInode newInode(SuperBlock sb, Inode dir, int mode) {
    DiskInode inode = (DiskInode) Inodes.newInode(sb);
    inode.iIno = Inodes.getNextIno();
    Inodes.inodeInitOwner(inode, dir, mode);
    inode.iNlink = Stat.S_ISDIR(mode) ? 2 : 1;
    inode.iOp = ops;
    return inode;
  }

  private void record(String op, Dentry d) {
    boolean unhashed = d.dUnhashed();
    int count = d.dCount.get();
    Dentry found = Dcache.dLookup(d.dParent, d.dName);
    Dcache.dput(found);
    seen.add(new Seen(op, d, unhashed, count, found == d));
  }

  private static DiskInode disk(Inode inode) {
    return (DiskInode) inode;
  }

  private final class Ops implements InodeOperations {
    /** Reads the entry from the table; the dentry caches it (positive or negative). */
    @Override
    public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
      DiskInode child = disk(dir).entries.get(dentry.dName);
      if (child != null) {
        child.iCount.incrementAndGet(); // iget()
      }
      Dcache.dAdd(dentry, child);
      return null;
    }

    @Override
    public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
      DiskInode inode = newInode(dir.iSb, dir, mode);
      disk(dir).entries.put(dentry.dName, inode);
      Dcache.dInstantiate(dentry, inode);
    }

    @Override
    public void mkdir(Inode dir, Dentry dentry, int mode) {
      create(dir, dentry, Stat.S_IFDIR | mode, null);
      Inodes.incNlink(dir);
    }

    @Override
    public void unlink(Inode dir, Dentry dentry) {
      disk(dir).entries.remove(dentry.dName);
      Inodes.dropNlink(dentry.dInode);
    }

    @Override
    public void rmdir(Inode dir, Dentry dentry) {
      record("rmdir", dentry);
      if (!disk(dentry.dInode).entries.isEmpty()) {
        throw new KernelError(Errno.ENOTEMPTY);
      }
      disk(dir).entries.remove(dentry.dName);
      Inodes.clearNlink(dentry.dInode);
      Inodes.dropNlink(dir);
    }

    @Override
    public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
      record("rename", newDentry);
      DiskInode source = disk(oldDir).entries.get(oldDentry.dName);
      DiskInode target = disk(newDir).entries.get(newDentry.dName);
      if (target != null) {
        if (Stat.S_ISDIR(target.iMode) && !target.entries.isEmpty()) {
          throw new KernelError(Errno.ENOTEMPTY);
        }
        Inodes.clearNlink(target);
      }
      disk(oldDir).entries.remove(oldDentry.dName);
      disk(newDir).entries.put(newDentry.dName, source);
    }
  }
}
