package ovlsim.ramfs;

import java.nio.charset.StandardCharsets;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.libfs.Libfs;

/**
 * Port of {@code ramfs_dir_inode_operations}: create, mknod, mkdir and symlink are ramfs's
 * own; lookup, link, unlink, rmdir and rename are the {@code simple_*} helpers of
 * {@code fs/libfs.c}. A new entry's dentry is instantiated and pinned by an extra reference,
 * so the dcache is the directory.
 *
 * <p>Locks (docs/locking.md): the VFS holds the parent's i_mutex around every operation here,
 * also the source inode's for link, the victim's for unlink and rmdir, and for rename both
 * parents ({@code lock_rename()}) and the target's. {@code i_nlink}, {@code i_mtime} and
 * {@code i_ctime} of a directory change only under its i_mutex.
 */
final class RamfsDirInodeOps implements InodeOperations {
  static final RamfsDirInodeOps INSTANCE = new RamfsDirInodeOps();

  private RamfsDirInodeOps() {}

  /**
   * Port of {@code ramfs_mknod()}: a new inode of any type, instantiated and pinned ("extra
   * count - pin the dentry in core"); the directory's times move. The C's ENOSPC when
   * {@code new_inode()} fails cannot happen in the model.
   */
  @Override
  public void mknod(Inode dir, Dentry dentry, int mode, int dev) {
    RamfsInode inode = Ramfs.ramfsGetInode(dir.iSb, dir, mode, dev);
    Dcache.dInstantiate(dentry, inode);
    Dcache.dget(dentry); /* Extra count - pin the dentry in core */
    Timespec now = Timespec.now();
    dir.iMtime = now;
    dir.iCtime = now;
  }

  /** Port of {@code ramfs_mkdir()}: {@code ramfs_mknod()} of a directory; the parent gains one. */
  @Override
  public void mkdir(Inode dir, Dentry dentry, int mode) {
    mknod(dir, dentry, mode | Stat.S_IFDIR, 0);
    Inodes.incNlink(dir);
  }

  /** Port of {@code ramfs_create()}: {@code ramfs_mknod()} of a regular file. */
  @Override
  public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    mknod(dir, dentry, mode | Stat.S_IFREG, 0);
  }

  /**
   * Port of {@code ramfs_symlink()}: a symlink inode whose body {@code page_symlink()} writes
   * into its first page ({@code i_size} is the body's length without the NUL), instantiated and
   * pinned. The body always fits: the syscall layer refuses one of {@code PATH_MAX} bytes.
   */
  @Override
  public void symlink(Inode dir, Dentry dentry, String symname) {
    RamfsInode inode = Ramfs.ramfsGetInode(dir.iSb, dir, Stat.S_IFLNK | Stat.S_IRWXUGO, 0);
    int l = symname.getBytes(StandardCharsets.UTF_8).length + 1;
    pageSymlink(inode, symname, l);
    Dcache.dInstantiate(dentry, inode);
    Dcache.dget(dentry);
    Timespec now = Timespec.now();
    dir.iMtime = now;
    dir.iCtime = now;
  }

  /** Port of {@code page_symlink()}: the body, {@code len - 1} bytes, as the first page. */
  private static void pageSymlink(RamfsInode inode, String symname, int len) {
    inode.link = symname;
    inode.iSize = len - 1;
  }

  /** {@code .lookup = simple_lookup}. */
  @Override
  public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
    return Libfs.simpleLookup(dir, dentry, nd);
  }

  /** {@code .link = simple_link}. */
  @Override
  public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
    Libfs.simpleLink(oldDentry, dir, dentry);
  }

  /** {@code .unlink = simple_unlink}. */
  @Override
  public void unlink(Inode dir, Dentry dentry) {
    Libfs.simpleUnlink(dir, dentry);
  }

  /** {@code .rmdir = simple_rmdir}. */
  @Override
  public void rmdir(Inode dir, Dentry dentry) {
    Libfs.simpleRmdir(dir, dentry);
  }

  /** {@code .rename = simple_rename}. */
  @Override
  public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    Libfs.simpleRename(oldDir, oldDentry, newDir, newDentry);
  }
}
