package ovlsim.lowerfs;

import java.util.concurrent.ConcurrentHashMap;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerNode;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SuperOperations;

/**
 * Port of {@code struct squashfs_sb_info} with {@code squashfs_super_ops} ({@code fs/squashfs/
 * super.c}) and the inode cache of {@code iget_locked()}: one per mounted image.
 *
 * <p>The inode cache maps inode numbers to the live VFS inode, so every name of a hard link
 * and every lookup of the same name get the same inode; it is a concurrent map, so lookups take
 * no lock but the map's own per-bin one (the kernel's {@code inode_hash_lock}). The fault plan
 * is this instance's; its operation names are listed at {@link LowerFsType#faults(SuperBlock)}.
 */
final class LowerSuper implements SuperOperations {
  /** {@code SQUASHFS_MAGIC}, what statfs reports as {@code f_type}. */
  static final long SQUASHFS_MAGIC = 0x73717368L;

  /** {@code SQUASHFS_NAME_LEN}. */
  static final int SQUASHFS_NAME_LEN = 256;

  /** {@code msblk->block_log}: 128 KiB blocks, mksquashfs's default. */
  static final int BLOCK_LOG = 17;

  private final SuperBlock sb;
  final LowerImage image;
  final FaultPlan faultPlan = new FaultPlan();
  private final ConcurrentHashMap<Integer, LowerInode> inodes = new ConcurrentHashMap<>();

  private LowerSuper(SuperBlock sb, LowerImage image) {
    this.sb = sb;
    this.image = image;
  }

  /** The lower-fs state of {@code sb}; a bug when {@code sb} is not a lower-fs superblock. */
  static LowerSuper of(SuperBlock sb) {
    if (sb.sFsInfo instanceof LowerSuper ls) {
      return ls;
    }
    Bugs.bug("not a lower-fs superblock: " + sb);
    throw new AssertionError("unreachable");
  }

  /**
   * Port of {@code squashfs_fill_super()}: reads the image attached as the device, marks the
   * superblock read-only whatever the mount asked (squashfs on 2.6.38 does
   * {@code sb->s_flags |= MS_RDONLY}, so a mount without MS_RDONLY still comes up read-only),
   * and reads the root inode. The device holds a {@link LowerImage}, or a {@link Layer} that
   * is made into one as {@code mksquashfs} would ({@link LowerImage#cachedOf}); EINVAL for
   * anything else ("can't find a SQUASHFS superblock").
   */
  static void fillSuper(SuperBlock sb, Object data, int silent) {
    if (sb.sFsInfo instanceof Layer layer) {
      sb.sFsInfo = LowerImage.cachedOf(layer);
    }
    if (!(sb.sFsInfo instanceof LowerImage image)) {
      throw new KernelError(Errno.EINVAL, "can't find a lower-fs image on the device");
    }
    LowerSuper msblk = new LowerSuper(sb, image);
    sb.sFsInfo = msblk;
    sb.sMaxbytes = Fs.MAX_LFS_FILESIZE;
    sb.sFlags |= Fs.MS_RDONLY;
    sb.sOp = msblk;
    LowerInode root = msblk.iget(image.root());
    sb.sRoot = Dcache.dAllocRoot(root);
  }

  /** Port of {@code should_fail()} for this instance: counts {@code op}, maybe throws. */
  void fault(String op) {
    faultPlan.check(op);
  }

  /**
   * Port of {@code squashfs_iget()}: the inode of {@code image} with a new reference, from the
   * cache ({@code iget_locked()}) or read now ({@code squashfs_read_inode()}, then
   * {@code unlock_new_inode()}, which gives a directory's i_mutex the lock class
   * {@code i_mutex_dir_key}). Revives an inode whose last reference went but that
   * {@link #evictInode} has not dropped yet, as {@code iget_locked()} waits on
   * {@code I_FREEING} and finds it again.
   */
  LowerInode iget(ImageInode image) {
    return inodes.compute(
        image.ino,
        (ino, cached) -> {
          if (cached != null) {
            cached.iCount.incrementAndGet();
            return cached;
          }
          LowerInode inode = readInode(image);
          Inodes.unlockNewInode(inode);
          return inode;
        });
  }

  /**
   * Port of {@code squashfs_read_inode()}: a new VFS inode with the image inode's attributes and
   * the operation tables for its type ({@code init_special_inode()} for fifos and devices).
   * The port allocates the {@link LowerInode} itself, where the C calls
   * {@code squashfs_alloc_inode()} from {@code iget_locked()}.
   */
  private LowerInode readInode(ImageInode image) {
    LayerNode a = image.attrs;
    LowerInode inode = new LowerInode(sb, image);
    inode.iIno = image.ino;
    inode.iMode = a.mode();
    inode.iUid = a.uid();
    inode.iGid = a.gid();
    inode.iNlink = a.nlink();
    inode.iRdev = a.rdev();
    inode.iSize = image.size;
    inode.iBlocks = (image.size + 511) >> 9;
    inode.iAtime = a.atime();
    inode.iMtime = a.mtime();
    inode.iCtime = a.ctime();
    switch (a.type()) {
      case DIRECTORY -> {
        inode.iOp = LowerInodeOps.DIR;
        inode.iFop = LowerDirOps.INSTANCE;
      }
      case REGULAR -> {
        inode.iOp = LowerInodeOps.FILE;
        inode.iFop = LowerFileOps.INSTANCE;
      }
      case SYMLINK -> {
        inode.iOp = LowerInodeOps.SYMLINK;
        inode.iFop = FileOperations.EMPTY;
      }
      case FIFO -> {
        inode.iOp = LowerInodeOps.SPECIAL;
        inode.iFop = LowerSpecialOps.FIFO;
      }
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        inode.iOp = LowerInodeOps.SPECIAL;
        inode.iFop = LowerSpecialOps.DEVICE;
      }
    }
    return inode;
  }

  /**
   * Port of {@code evict_inode()} for lower-fs (the generic one: squashfs has none): the last
   * reference went; the inode leaves the cache unless a lookup revived it meanwhile.
   */
  @Override
  public void evictInode(Inode inode) {
    inodes.computeIfPresent(
        (int) inode.iIno, (ino, cached) -> cached == inode && inode.iCount.get() == 0 ? null : cached);
  }

  /** Port of {@code squashfs_put_super()}: drops the inode cache. */
  @Override
  public void putSuper(SuperBlock sb) {
    inodes.clear();
  }

  /** Port of {@code squashfs_remount()}: a squashfs stays read-only, whatever is asked. */
  @Override
  public void remountFs(SuperBlock sb, int[] flags, String data) {
    flags[0] |= Fs.MS_RDONLY;
  }

  /**
   * Port of {@code squashfs_statfs()}: the squashfs magic, the block size, the image's blocks,
   * none free, its inodes, none free, names up to {@code SQUASHFS_NAME_LEN}.
   */
  @Override
  public void statfs(Dentry dentry, Kstatfs buf) {
    long bytesUsed = image.bytesUsed();
    buf.fType = SQUASHFS_MAGIC;
    buf.fBsize = 1L << BLOCK_LOG;
    buf.fBlocks = ((bytesUsed - 1) >> BLOCK_LOG) + 1;
    buf.fBfree = 0;
    buf.fBavail = 0;
    buf.fFiles = image.inodeCount();
    buf.fFfree = 0;
    buf.fNamelen = SQUASHFS_NAME_LEN;
    buf.fFsid = sb.sDev;
  }

  @Override
  public boolean hasStatfs() {
    return true;
  }
}
