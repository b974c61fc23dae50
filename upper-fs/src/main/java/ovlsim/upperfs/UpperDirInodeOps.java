package ovlsim.upperfs;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * Port of {@code shmem_dir_inode_operations}: the namespace operations of an upper-fs
 * directory.
 *
 * <p>Differs from tmpfs in one way throughout: tmpfs keeps no directory of its own (the
 * pinned dcache is the directory, {@code simple_lookup()} only adds negative dentries); the
 * port keeps each directory's entries in {@link Directory}, so that lookup finds them, and
 * adds or removes the entry where tmpfs instantiates or drops the dentry.
 *
 * <p>Locks (docs/locking.md): the caller holds the parent's i_mutex for every operation here, also
 * the source inode's for link, the victim's for unlink and rmdir, and for rename both parents
 * (via {@code lock_rename()}) and the target's. {@code i_nlink} and {@code i_size} of a
 * directory change only under its i_mutex.
 */
final class UpperDirInodeOps extends UpperInodeOps {
  static final UpperDirInodeOps INSTANCE = new UpperDirInodeOps();

  /**
   * {@code SHMEM_SYMLINK_INLINE_LEN}: a symlink body (with its NUL) up to this long is kept in
   * the inode; a longer one takes a page. The size of the inode's swap vector on 64-bit.
   */
  static final int SHMEM_SYMLINK_INLINE_LEN = 16 * 8;

  private UpperDirInodeOps() {}

  /**
   * Port of {@code simple_lookup()}: ENAMETOOLONG past {@code NAME_MAX} bytes; else the entry's
   * inode, with a new reference, or a negative dentry, is {@code d_add()}ed.
   */
  @Override
  public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
    UpperInode d = UpperInode.upperI(dir);
    d.fs().faults().check("upper.lookup");
    if (dentry.dName.getBytes(StandardCharsets.UTF_8).length > Fs.NAME_MAX) {
      throw new KernelError(Errno.ENAMETOOLONG);
    }
    UpperInode inode;
    if (d.fSem != null) {
      // jffs2: jffs2_lookup() scans the dirents under dir_f->sem.
      KMutex.mutexLock(d.fSem);
      try {
        inode = d.dir.get(dentry.dName);
      } finally {
        KMutex.mutexUnlock(d.fSem);
      }
    } else {
      inode = d.dir.get(dentry.dName);
    }
    if (inode != null) {
      Inodes.ihold(inode);
    }
    Dcache.dAdd(dentry, inode);
    return null;
  }

  /** Port of {@code shmem_create()}: {@code shmem_mknod(dir, dentry, mode | S_IFREG, 0)}. */
  @Override
  public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    UpperInode.upperI(dir).fs().faults().check("upper.create");
    mknodEntry(dir, dentry, mode | Stat.S_IFREG, 0);
  }

  /** Port of {@code shmem_mkdir()}: a directory entry, and the parent gains a link. */
  @Override
  public void mkdir(Inode dir, Dentry dentry, int mode) {
    UpperInode.upperI(dir).fs().faults().check("upper.mkdir");
    mknodEntry(dir, dentry, mode | Stat.S_IFDIR, 0);
    Inodes.incNlink(dir);
  }

  /** Port of {@code shmem_mknod()}: a fifo, socket or device node (or any type). */
  @Override
  public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
    UpperInode.upperI(dir).fs().faults().check("upper.mknod");
    mknodEntry(dir, dentry, mode, rdev);
  }

  /**
   * The body of {@code shmem_mknod()}: a new inode (ENOSPC at {@code nr_inodes}) entered in
   * {@code dir} under the dentry's name, the directory's size and times updated, and the
   * dentry instantiated with its own reference.
   */
  private static void mknodEntry(Inode dir, Dentry dentry, int mode, int rdev) {
    UpperInode inode = UpperInodes.getInode(dir.iSb, dir, mode, rdev);
    enterNew(UpperInode.upperI(dir), dentry, inode);
  }

  /** {@link #enter}, or on failure the new inode goes again. */
  private static void enterNew(UpperInode dir, Dentry dentry, UpperInode inode) {
    try {
      enter(dir, dentry, inode);
    } catch (KernelError e) {
      UpperInodes.discard(inode);
      throw e;
    }
  }

  /**
   * The tail of {@code shmem_mknod()} and {@code shmem_symlink()}: the entry (EEXIST when the
   * name is taken), the parent's size and times, {@code d_instantiate()}.
   */
  private static void enter(UpperInode dir, Dentry dentry, UpperInode inode) {
    dir.dir.add(dentry.dName, inode);
    dir.iSize += UpperInodes.BOGO_DIRENT_SIZE;
    Timespec now = Timespec.now();
    dir.iCtime = now;
    dir.iMtime = now;
    Inodes.ihold(inode);
    Dcache.dInstantiate(dentry, inode);
  }

  /**
   * Port of {@code shmem_symlink()}: ENAMETOOLONG when the body with its NUL passes a page;
   * a body too long for the inode takes a page (ENOSPC when none is left).
   */
  @Override
  public void symlink(Inode dir, Dentry dentry, String symname) {
    UpperInode d = UpperInode.upperI(dir);
    UpperFs fs = d.fs();
    fs.faults().check("upper.symlink");
    int len = symname.getBytes(StandardCharsets.UTF_8).length + 1;
    if (len > Fs.PAGE_SIZE) {
      throw new KernelError(Errno.ENAMETOOLONG);
    }
    UpperInode inode =
        UpperInodes.getInode(dir.iSb, dir, Stat.S_IFLNK | Stat.S_IRWXUGO, 0);
    inode.iSize = len - 1;
    if (len > SHMEM_SYMLINK_INLINE_LEN) {
      if (!fs.acctBlock()) {
        UpperInodes.discard(inode);
        throw new KernelError(Errno.ENOSPC);
      }
      inode.linkInPage = true;
      inode.iBlocks = Pages.BLOCKS_PER_PAGE;
    }
    inode.link = symname;
    enterNew(d, dentry, inode);
  }

  /**
   * Port of {@code shmem_link()}: each link takes an inode of {@code nr_inodes} (tmpfs dentries
   * cannot be pruned); the inode gains a link and the new dentry a reference.
   */
  @Override
  public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
    UpperInode d = UpperInode.upperI(dir);
    UpperFs fs = d.fs();
    fs.faults().check("upper.link");
    UpperInode inode = UpperInode.upperI(oldDentry.dInode);
    fs.reserveInode();
    try {
      d.dir.add(dentry.dName, inode);
    } catch (KernelError e) {
      fs.freeInode();
      throw e;
    }
    d.iSize += UpperInodes.BOGO_DIRENT_SIZE;
    Timespec now = Timespec.now();
    inode.iCtime = now;
    d.iCtime = now;
    d.iMtime = now;
    if (inode.iNlink == 0) {
      // Port differs: a linked inode carries the upper-fs reference (see UpperInode).
      Inodes.ihold(inode);
    }
    Inodes.incNlink(inode);
    Inodes.ihold(inode);
    Dcache.dInstantiate(dentry, inode);
  }

  /** Port of {@code shmem_unlink()}. */
  @Override
  public void unlink(Inode dir, Dentry dentry) {
    UpperInode.upperI(dir).fs().faults().check("upper.unlink");
    UpperInode d = UpperInode.upperI(dir);
    if (d.fSem != null) {
      // jffs2: jffs2_unlink() -> jffs2_do_unlink() under dir_f->sem.
      KMutex.mutexLock(d.fSem);
      try {
        unlinkEntry(d, dentry);
      } finally {
        KMutex.mutexUnlock(d.fSem);
      }
      return;
    }
    unlinkEntry(d, dentry);
  }

  /**
   * The body of {@code shmem_unlink()}: the entry goes (ENOENT when it is not there), an extra
   * hard link gives its inode reservation back (the last one goes at eviction), times move and
   * the inode loses a link; the caller's dentry still holds the inode, and the VFS's
   * {@code d_delete()} lets it go.
   */
  private static void unlinkEntry(UpperInode dir, Dentry dentry) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    dir.dir.remove(dentry.dName);
    if (inode.iNlink > 1 && !Stat.S_ISDIR(inode.iMode)) {
      dir.fs().freeInode();
    }
    dir.iSize -= UpperInodes.BOGO_DIRENT_SIZE;
    Timespec now = Timespec.now();
    inode.iCtime = now;
    dir.iCtime = now;
    dir.iMtime = now;
    UpperInodes.dropLink(inode);
  }

  /**
   * Port of {@code shmem_rmdir()}: ENOTEMPTY unless {@code simple_empty()}; the directory loses
   * its "." link, the parent the child's "..", then {@code shmem_unlink()}.
   */
  @Override
  public void rmdir(Inode dir, Dentry dentry) {
    UpperInode d = UpperInode.upperI(dir);
    d.fs().faults().check("upper.rmdir");
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    if (!inode.dir.isEmpty()) {
      throw new KernelError(Errno.ENOTEMPTY);
    }
    checkEntry(d, dentry.dName, inode);
    UpperInodes.dropLink(inode);
    Inodes.dropNlink(dir);
    unlinkEntry(d, dentry);
  }

  /**
   * Port differs: before an operation that changes several things, checks that the directory's
   * own entry {@code name} agrees with the dentry ({@code inode}, or none): ENOENT for a
   * missing entry, EEXIST for one a negative dentry did not know about.
   */
  private static void checkEntry(UpperInode dir, String name, UpperInode inode) {
    UpperInode found = dir.dir.get(name);
    if (found != inode) {
      throw new KernelError(found == null ? Errno.ENOENT : Errno.EEXIST);
    }
  }

  /**
   * Port of {@code shmem_rename()}: ENOTEMPTY for a non-empty target directory; an existing
   * target is unlinked; a moved directory's ".." moves its link from the old parent to the
   * new. The VFS does the {@code d_move()} after this returns.
   *
   * <p>Differs: a replaced directory also loses its "." link here (as later kernels do), so
   * that it reaches {@code i_nlink == 0} and is freed; 2.6.38 tmpfs freed it by refcount alone.
   */
  @Override
  public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    UpperInode od = UpperInode.upperI(oldDir);
    UpperInode nd = UpperInode.upperI(newDir);
    od.fs().faults().check("upper.rename");
    UpperInode inode = UpperInode.upperI(oldDentry.dInode);
    boolean theyAreDirs = Stat.S_ISDIR(inode.iMode);
    UpperInode target = newDentry.dInode == null ? null : UpperInode.upperI(newDentry.dInode);

    if (target != null && target.dir != null && !target.dir.isEmpty()) {
      throw new KernelError(Errno.ENOTEMPTY);
    }
    checkEntry(od, oldDentry.dName, inode);
    checkEntry(nd, newDentry.dName, target);

    if (target != null) {
      unlinkEntry(nd, newDentry);
      if (theyAreDirs) {
        UpperInodes.dropLink(target);
        Inodes.dropNlink(oldDir);
      }
    } else if (theyAreDirs) {
      Inodes.dropNlink(oldDir);
      Inodes.incNlink(newDir);
    }

    od.dir.remove(oldDentry.dName);
    nd.dir.add(newDentry.dName, inode);
    od.iSize -= UpperInodes.BOGO_DIRENT_SIZE;
    nd.iSize += UpperInodes.BOGO_DIRENT_SIZE;
    Timespec now = Timespec.now();
    od.iCtime = now;
    od.iMtime = now;
    nd.iCtime = now;
    nd.iMtime = now;
    inode.iCtime = now;
  }
}
