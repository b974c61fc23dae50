package ovlsim.upperfs;

import ovlsim.vfs.Attr;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.VfsStat;

/**
 * Port of {@code shmem_inode_operations} and {@code shmem_special_inode_operations}: the
 * inode operations every upper-fs inode has (setattr, getattr, xattrs). The directory and
 * symlink tables extend it.
 *
 * <p>Locks: the VFS holds the inode's i_mutex around setattr, setxattr and removexattr, and
 * none around getattr, getxattr and listxattr; the inode's data monitors guard what those
 * read.
 */
class UpperInodeOps implements InodeOperations {
  static final UpperInodeOps INSTANCE = new UpperInodeOps();

  UpperInodeOps() {}

  /**
   * Port of {@code shmem_notify_change()}: {@code inode_change_ok()}, then a size change of a
   * regular file ({@code truncate_setsize()} + {@code shmem_truncate_range()}), then
   * {@code setattr_copy()}. A larger size makes a hole and takes no space, as in tmpfs.
   */
  @Override
  public void setattr(Dentry dentry, Iattr attr) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    UpperFs fs = inode.fs();
    fs.faults().check("upper.setattr");
    Attr.inodeChangeOk(inode, attr);
    if (Stat.S_ISREG(inode.iMode)
        && (attr.iaValid & Fs.ATTR_SIZE) != 0
        && attr.iaSize != inode.iSize) {
      inode.pages.truncate(attr.iaSize, fs);
    }
    Attr.setattrCopy(inode, attr);
  }

  /**
   * Port of {@code generic_fillattr()} as tmpfs uses it, with {@code blocks} read under the
   * data monitor so that it matches the pages a concurrent write allocates.
   */
  @Override
  public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    VfsStat.genericFillattr(inode, stat);
    if (inode.pages != null) {
      synchronized (inode.pages) {
        stat.size = inode.iSize;
        stat.blocks = inode.iBlocks;
      }
    } else {
      stat.blocks = inode.iBlocks;
    }
  }

  /**
   * Port of {@code shmem_setxattr()}: any namespace. Differs: ctime moves, as it does in
   * ext2/ext4 and in later tmpfs ({@code simple_xattr_set()} callers).
   */
  @Override
  public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    inode.fs().faults().check("upper.setxattr");
    inode.xattrs.set(name, value, size, flags);
    inode.iCtime = Timespec.now();
  }

  /** Port of {@code shmem_getxattr()}. */
  @Override
  public int getxattr(Dentry dentry, String name, byte[] value, int size) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    inode.fs().faults().check("upper.getxattr");
    return inode.xattrs.get(name, value, size);
  }

  @Override
  public boolean hasGetxattr() {
    return true;
  }

  /** Port of {@code shmem_listxattr()}. */
  @Override
  public int listxattr(Dentry dentry, byte[] list, int size) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    inode.fs().faults().check("upper.listxattr");
    return inode.xattrs.list(list, size);
  }

  /** Port of {@code shmem_removexattr()}; ctime moves as for {@link #setxattr}. */
  @Override
  public void removexattr(Dentry dentry, String name) {
    UpperInode inode = UpperInode.upperI(dentry.dInode);
    inode.fs().faults().check("upper.removexattr");
    inode.xattrs.remove(name);
    inode.iCtime = Timespec.now();
  }
}
