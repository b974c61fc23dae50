package ovlsim.upperfs;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SuperOperations;

/** Port of {@code shmem_ops}: the super operations of upper-fs. */
final class UpperSuperOps implements SuperOperations {
  static final UpperSuperOps INSTANCE = new UpperSuperOps();

  /** {@code TMPFS_MAGIC}. */
  static final long TMPFS_MAGIC = 0x01021994L;

  private UpperSuperOps() {}

  /** Port of {@code shmem_alloc_inode()}. */
  @Override
  public Inode allocInode(SuperBlock sb) {
    return new UpperInode(sb);
  }

  /** Port of {@code shmem_evict_inode()}: see {@link UpperInodes#evictInode}. */
  @Override
  public void evictInode(Inode inode) {
    UpperInodes.evictInode(inode);
  }

  /**
   * Port of {@code shmem_statfs()}: pages and inodes from the limits; with no limit those
   * fields stay 0, as {@code simple_statfs()} leaves them.
   */
  @Override
  public void statfs(Dentry dentry, Kstatfs buf) {
    UpperFs fs = UpperFs.of(dentry.dSb);
    buf.fType = TMPFS_MAGIC;
    buf.fBsize = Fs.PAGE_SIZE;
    buf.fNamelen = Fs.NAME_MAX;
    synchronized (fs) {
      long maxBlocks = fs.maxBlocks();
      if (maxBlocks != 0) {
        buf.fBlocks = maxBlocks;
        buf.fBfree = maxBlocks - fs.usedBlocks();
        buf.fBavail = buf.fBfree;
      }
      long maxInodes = fs.maxInodes();
      if (maxInodes != 0) {
        buf.fFiles = maxInodes;
        buf.fFfree = fs.freeInodes();
      }
    }
  }

  @Override
  public boolean hasStatfs() {
    return true;
  }

  /**
   * Port of {@code shmem_remount_fs()}: new {@code size=}, {@code nr_blocks=} and
   * {@code nr_inodes=} limits; EINVAL for bad options or limits below what is in use.
   */
  @Override
  public void remountFs(SuperBlock sb, int[] flags, String data) {
    UpperFs fs = UpperFs.of(sb);
    UpperFsOptions o = fs.options();
    UpperFsOptions current =
        new UpperFsOptions(fs.maxBlocks(), fs.maxInodes(), o.mode(), o.uid(), o.gid(), o.jffs2());
    fs.remount(UpperFsOptions.parse(data, current, true));
  }
}
