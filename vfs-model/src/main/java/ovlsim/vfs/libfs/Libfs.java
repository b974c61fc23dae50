package ovlsim.vfs.libfs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.DentryOperations;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.ListHead;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Stat;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Vfs;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.VfsStat;

/**
 * Port of {@code fs/libfs.c} (2.6.38): the helpers of a filesystem whose directory tree is the
 * dcache itself (ramfs, and the pseudo filesystems). A positive dentry of such a filesystem is
 * pinned by an extra reference taken when it is instantiated, so the dcache never lets it go;
 * {@link #simpleUnlink} drops that pin. The readdir cursor family is in {@link DcacheDir},
 * {@code simple_setattr()} in {@link ovlsim.vfs.Attr#simpleSetattr}.
 *
 * <p>Locks (docs/locking.md): each namespace helper runs under the locks the VFS holds for its
 * inode operation (the parent's i_mutex; also the victim's for unlink and rmdir, both parents
 * and the target's for rename); the children lists they walk are guarded by rename_lock, the
 * model's form of the parent's {@code d_lock}.
 */
public final class Libfs {
  /**
   * Port of {@code simple_dentry_operations}: {@code ->d_delete} is
   * {@code simple_delete_dentry()}, so an unused dentry is freed at once rather than cached:
   * the filesystem has nothing to look up again.
   */
  static final DentryOperations SIMPLE_DENTRY_OPERATIONS =
      new DentryOperations() {
        /** Port of {@code simple_delete_dentry()}. */
        @Override
        public boolean dDelete(Dentry dentry) {
          return true;
        }

        @Override
        public boolean hasDDelete() {
          return true;
        }
      };

  private Libfs() {}

  /**
   * Port of {@code simple_lookup()}: ENAMETOOLONG past {@value Fs#NAME_MAX} bytes; else the
   * dentry is added negative, since every existing entry is in the dcache already.
   */
  public static Dentry simpleLookup(Inode dir, Dentry dentry, Nameidata nd) {
    if (dentry.dName.getBytes(StandardCharsets.UTF_8).length > Fs.NAME_MAX) {
      throw new KernelError(Errno.ENAMETOOLONG);
    }
    Dcache.dSetDOp(dentry, SIMPLE_DENTRY_OPERATIONS);
    Dcache.dAdd(dentry, null);
    return null;
  }

  /**
   * Port of {@code simple_link()}: the inode gains a link and a reference, and the new dentry
   * its pin.
   */
  public static void simpleLink(Dentry oldDentry, Inode dir, Dentry dentry) {
    Inode inode = oldDentry.dInode;
    Timespec now = Timespec.now();
    inode.iCtime = now;
    dir.iCtime = now;
    dir.iMtime = now;
    Inodes.incNlink(inode);
    Inodes.ihold(inode);
    Dcache.dget(dentry);
    Dcache.dInstantiate(dentry, inode);
  }

  /**
   * Port of {@code simple_positive()}: {@code dentry} names a file, that is, it has an inode
   * and is hashed. The caller holds rename_lock or the parent's i_mutex.
   */
  public static boolean simplePositive(Dentry dentry) {
    return dentry.dInode != null && !dentry.dUnhashed();
  }

  /**
   * Port of {@code simple_empty()}: no positive child in {@code d_subdirs} (negative dentries
   * and readdir cursors do not count).
   */
  public static boolean simpleEmpty(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      for (ListHead<Dentry> p = dentry.dSubdirs.next(); p != dentry.dSubdirs; p = p.next()) {
        if (simplePositive(p.entry())) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Port of {@code simple_unlink()}: the inode loses a link and the dentry its pin; the VFS's
   * {@code d_delete()} then turns it negative or unhashes it.
   */
  public static void simpleUnlink(Inode dir, Dentry dentry) {
    Inode inode = dentry.dInode;
    Timespec now = Timespec.now();
    inode.iCtime = now;
    dir.iCtime = now;
    dir.iMtime = now;
    Inodes.dropNlink(inode);
    Dcache.dput(dentry);
  }

  /**
   * Port of {@code simple_rmdir()}: ENOTEMPTY unless {@link #simpleEmpty}; the directory loses
   * its "." link, then {@link #simpleUnlink}, then the parent loses the child's "..".
   */
  public static void simpleRmdir(Inode dir, Dentry dentry) {
    if (!simpleEmpty(dentry)) {
      throw new KernelError(Errno.ENOTEMPTY);
    }
    Inodes.dropNlink(dentry.dInode);
    simpleUnlink(dir, dentry);
    Inodes.dropNlink(dir);
  }

  /**
   * Port of {@code simple_rename()}: ENOTEMPTY for a target with a positive child; an existing
   * target is unlinked; a moved directory's ".." link goes from the old parent to the new. The
   * VFS moves the dentries ({@code d_move()}) after this returns.
   */
  public static void simpleRename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    Inode inode = oldDentry.dInode;
    boolean theyAreDirs = Stat.S_ISDIR(oldDentry.dInode.iMode);

    if (!simpleEmpty(newDentry)) {
      throw new KernelError(Errno.ENOTEMPTY);
    }

    if (newDentry.dInode != null) {
      simpleUnlink(newDir, newDentry);
      if (theyAreDirs) {
        Inodes.dropNlink(oldDir);
      }
    } else if (theyAreDirs) {
      Inodes.dropNlink(oldDir);
      Inodes.incNlink(newDir);
    }

    Timespec now = Timespec.now();
    oldDir.iCtime = now;
    oldDir.iMtime = now;
    newDir.iCtime = now;
    newDir.iMtime = now;
    inode.iCtime = now;
  }

  /**
   * Port of {@code simple_getattr()}: {@code generic_fillattr()}, then the blocks the page cache
   * holds. Differs: the model has no {@code i_mapping}, so the caller passes its page count
   * ({@code inode->i_mapping->nrpages}).
   */
  public static void simpleGetattr(VfsMount mnt, Dentry dentry, Kstat stat, long nrpages) {
    Inode inode = dentry.dInode;
    VfsStat.genericFillattr(inode, stat);
    stat.blocks = nrpages << (Fs.PAGE_SHIFT - 9);
  }

  /** Port of {@code simple_statfs()}: the magic, page-sized blocks, NAME_MAX; no counts. */
  public static void simpleStatfs(Dentry dentry, Kstatfs buf) {
    buf.fType = dentry.dSb.sMagic;
    buf.fBsize = Fs.PAGE_SIZE;
    buf.fNamelen = Fs.NAME_MAX;
  }

  /**
   * Port of {@code noop_fsync()}: nothing to write back. (2.6.35 renamed
   * {@code simple_sync_file()} to this.)
   */
  public static void noopFsync(File file, int datasync) {}

  /** Port of {@code generic_read_dir()}: a directory is not read with read(2): EISDIR. */
  public static int genericReadDir(File filp, byte[] buf, int count, Loff ppos) {
    throw new KernelError(Errno.EISDIR);
  }

  /**
   * Port of {@code simple_fill_super()}: a root directory (inode 1, mode 0755, the simple
   * directory operations, {@link SimpleSuperOperations}) holding one regular file per non-null
   * entry of {@code files}, whose inode number is its index. Differs: the C's printk warning for
   * a file at index 1 (the root's inode number) is not modelled.
   */
  public static void simpleFillSuper(SuperBlock s, long magic, List<TreeDescr> files) {
    s.sMagic = magic;
    s.sOp = SimpleSuperOperations.INSTANCE;

    Inode inode = Inodes.newInode(s);
    // because the root inode is 1, the files array must not contain an entry at index 1
    inode.iIno = 1;
    inode.iMode = Stat.S_IFDIR | 0755;
    Timespec now = Timespec.now();
    inode.iAtime = now;
    inode.iMtime = now;
    inode.iCtime = now;
    inode.iOp = SimpleDirInodeOperations.INSTANCE;
    inode.iFop = SimpleDirOperations.INSTANCE;
    inode.iNlink = 2;
    Dentry root = Dcache.dAllocRoot(inode);
    for (int i = 0; i < files.size(); i++) {
      TreeDescr file = files.get(i);
      if (file == null) {
        continue;
      }
      Dentry dentry = Dcache.dAlloc(root, file.name());
      inode = Inodes.newInode(s);
      // Differs: the model's new_inode() leaves i_nlink 0; inode_init_always() sets 1.
      inode.iNlink = 1;
      inode.iMode = Stat.S_IFREG | file.mode();
      inode.iAtime = now;
      inode.iMtime = now;
      inode.iCtime = now;
      inode.iFop = file.ops();
      inode.iIno = i;
      Dcache.dAdd(dentry, inode);
    }
    s.sRoot = root;
  }

  private static Object renameLock(Dentry dentry) {
    return Vfs.of(dentry.dSb.kernel()).renameLock;
  }
}
