package ovlsim.upperfs;

import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.SpecialFiles;
import ovlsim.vfs.Stat;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Timespec;

/** Making, linking and evicting upper-fs inodes ({@code shmem_get_inode()} and friends). */
final class UpperInodes {
  /**
   * {@code BOGO_DIRENT_SIZE}: what each entry adds to a directory's {@code i_size}, so that
   * the size of a directory is not 0 and grows with it.
   */
  static final int BOGO_DIRENT_SIZE = 20;

  private UpperInodes() {}

  /**
   * Port of {@code shmem_get_inode()}: reserves an inode of the instance (ENOSPC at
   * {@code nr_inodes}) and makes one of type {@code mode}, owned as
   * {@code inode_init_owner()} says, with one link and the upper-fs reference on it.
   * Differs: {@code new_inode()} of the model leaves {@code i_nlink} 0, so it is set to 1
   * here, as {@code inode_init_always()} does.
   */
  static UpperInode getInode(SuperBlock sb, Inode dir, int mode, int dev) {
    UpperFs fs = UpperFs.of(sb);
    fs.reserveInode();
    UpperInode inode = (UpperInode) Inodes.newInode(sb);
    inode.iNlink = 1;
    inode.iIno = Inodes.getNextIno();
    Inodes.inodeInitOwner(inode, dir, mode);
    inode.iBlocks = 0;
    Timespec now = Timespec.now();
    inode.iAtime = now;
    inode.iMtime = now;
    inode.iCtime = now;
    switch (mode & Stat.S_IFMT) {
      case Stat.S_IFREG -> {
        inode.pages = new Pages(inode);
        inode.iOp = UpperInodeOps.INSTANCE;
        inode.iFop = UpperFileOps.INSTANCE;
      }
      case Stat.S_IFDIR -> {
        inode.dir = new Directory();
        Inodes.incNlink(inode);
        // Some things misbehave if size == 0 on a directory.
        inode.iSize = 2 * BOGO_DIRENT_SIZE;
        inode.iOp = UpperDirInodeOps.INSTANCE;
        inode.iFop = UpperDirFileOps.INSTANCE;
      }
      case Stat.S_IFLNK -> inode.iOp = UpperSymlinkInodeOps.INSTANCE;
      default -> {
        inode.iOp = UpperInodeOps.INSTANCE;
        SpecialFiles.initSpecialInode(inode, mode, dev);
      }
    }
    // Differs from 2.6.38's tmpfs, like jffs2 (the 2011 series' upper layer): a directory's
    // i_mutex is its own lock class, as unlock_new_inode() makes it.
    Inodes.unlockNewInode(inode);
    return inode;
  }

  /**
   * Port of {@code drop_nlink()} for upper-fs: when the last link goes, upper-fs drops its
   * reference, so the inode is evicted when the last user lets go.
   */
  static void dropLink(UpperInode inode) {
    Inodes.dropNlink(inode);
    if (inode.iNlink == 0) {
      Inodes.iput(inode);
    }
  }

  /**
   * Undoes {@link #getInode} for an inode not yet linked anywhere: its link and the upper-fs
   * reference go, so it is evicted and its reservation returned.
   */
  static void discard(UpperInode inode) {
    Inodes.clearNlink(inode);
    Inodes.iput(inode);
  }

  /**
   * Port of {@code shmem_evict_inode()}: an unlinked inode's pages go back to the instance,
   * and its inode reservation. Differs: tmpfs evicts only unlinked inodes; here an inode still
   * linked is evicted only when the superblock goes, and keeps its accounting.
   */
  static void evictInode(Inode vfsInode) {
    UpperInode inode = UpperInode.upperI(vfsInode);
    if (inode.iNlink != 0) {
      return;
    }
    UpperFs fs = inode.fs();
    if (inode.pages != null) {
      inode.pages.truncate(0, fs);
    }
    if (inode.linkInPage) {
      inode.linkInPage = false;
      inode.iBlocks = 0;
      fs.freeBlocks(1);
    }
    fs.freeInode();
  }
}
