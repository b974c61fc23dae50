package ovlsim.ramfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.SpecialFiles;
import ovlsim.vfs.Stat;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.libfs.SimpleDirOperations;

/**
 * Port of {@code fs/ramfs/inode.c} (2.6.38): making ramfs inodes, parsing the mount options and
 * filling in a new superblock. ramfs keeps nothing but the dcache and the page cache: a
 * directory's entries are its pinned dentries ({@code fs/libfs.c}), a file's data its pages
 * ({@link RamfsPages}); there are no limits, so nothing here fails for lack of space.
 */
final class Ramfs {
  /** {@code RAMFS_MAGIC}, as {@code statfs()} reports it. */
  static final long RAMFS_MAGIC = 0x858458f6L;

  /** {@code RAMFS_DEFAULT_MODE}: the root directory's mode without {@code mode=}. */
  static final int RAMFS_DEFAULT_MODE = 0755;

  private Ramfs() {}

  /**
   * {@code struct ramfs_mount_opts}.
   *
   * @param mode the root directory's permission bits
   */
  record RamfsMountOpts(int mode) {}

  /** {@code struct ramfs_fs_info}: the superblock's {@code sFsInfo}. */
  record RamfsFsInfo(RamfsMountOpts mountOpts) {}

  /**
   * Port of {@code ramfs_get_inode()}: a new inode of type {@code mode}, owned as
   * {@code inode_init_owner()} says, with the operations of its type: a regular file gets the
   * ramfs file operations and its pages, a directory the simple directory operations and a
   * second link (for "."), a symlink {@code page_symlink_inode_operations}, anything else
   * {@code init_special_inode()}.
   */
  static RamfsInode ramfsGetInode(SuperBlock sb, Inode dir, int mode, int dev) {
    RamfsInode inode = (RamfsInode) Inodes.newInode(sb);
    // Differs: the model's new_inode() leaves i_nlink 0; inode_init_always() sets 1.
    inode.iNlink = 1;
    inode.iIno = Inodes.getNextIno();
    Inodes.inodeInitOwner(inode, dir, mode);
    // The address space operations, backing_dev_info and unevictable mapping are RamfsPages.
    Timespec now = Timespec.now();
    inode.iAtime = now;
    inode.iMtime = now;
    inode.iCtime = now;
    switch (mode & Stat.S_IFMT) {
      case Stat.S_IFREG -> {
        inode.iOp = RamfsFileInodeOps.INSTANCE;
        inode.iFop = RamfsFileOps.INSTANCE;
        inode.pages = new RamfsPages(inode);
      }
      case Stat.S_IFDIR -> {
        inode.iOp = RamfsDirInodeOps.INSTANCE;
        inode.iFop = SimpleDirOperations.INSTANCE;
        // directory inodes start off with i_nlink == 2 (for "." entry)
        Inodes.incNlink(inode);
      }
      case Stat.S_IFLNK -> inode.iOp = RamfsSymlinkOps.INSTANCE;
      default -> SpecialFiles.initSpecialInode(inode, mode, dev);
    }
    return inode;
  }

  /**
   * Port of {@code ramfs_parse_options()}: a comma separated list in which only
   * {@code mode=%o} counts (its value {@code & S_IALLUGO}); every other option is ignored, as
   * ramfs always did. {@code mode=} with a value that is not all octal digits does not match the
   * pattern and is ignored too; one above {@code INT_MAX} is EINVAL ({@code match_octal()}).
   */
  static RamfsMountOpts ramfsParseOptions(String data) {
    int mode = RAMFS_DEFAULT_MODE;
    if (data == null) {
      return new RamfsMountOpts(mode);
    }
    for (String p : data.split(",", -1)) {
      if (p.isEmpty()) {
        continue;
      }
      if (!matchesModeOctal(p)) {
        // We might like to report bad mount options here; but traditionally ramfs has
        // ignored all mount options, and as it is used as a !CONFIG_SHMEM simple substitute
        // for tmpfs, better continue to ignore other mount options.
        continue;
      }
      mode = matchOctal(p.substring("mode=".length())) & Stat.S_IALLUGO;
    }
    return new RamfsMountOpts(mode);
  }

  /** {@code match_token()} against {@code "mode=%o"}: the prefix, then octal digits to the end. */
  private static boolean matchesModeOctal(String p) {
    if (!p.startsWith("mode=") || p.length() == "mode=".length()) {
      return false;
    }
    for (int i = "mode=".length(); i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }

  /**
   * Port of {@code match_octal()}: the value, EINVAL above {@code INT_MAX}. Differs: a number
   * too long for 64 bits wraps in the C; the model calls it too large.
   */
  private static int matchOctal(String digits) {
    long val = 0;
    for (int i = 0; i < digits.length(); i++) {
      val = val * 8 + (digits.charAt(i) - '0');
      if (val > Integer.MAX_VALUE) {
        throw new KernelError(Errno.EINVAL, "ramfs: mode=" + digits + " is out of range");
      }
    }
    return (int) val;
  }

  /**
   * Port of {@code ramfs_fill_super()}: the options (EINVAL), then the superblock's limits and
   * operations, then the root directory with the options' mode, owned by the mounter. The model
   * has no {@code save_mount_options()} ({@code /proc/mounts}).
   */
  static void ramfsFillSuper(SuperBlock sb, Object data, int silent) {
    RamfsMountOpts opts;
    try {
      opts = ramfsParseOptions((String) data);
    } catch (KernelError e) {
      sb.sFsInfo = null;
      throw e;
    }
    sb.sFsInfo = new RamfsFsInfo(opts);
    sb.sMaxbytes = Fs.MAX_LFS_FILESIZE;
    sb.sMagic = RAMFS_MAGIC;
    sb.sOp = RamfsSuperOps.INSTANCE;

    RamfsInode inode = ramfsGetInode(sb, null, Stat.S_IFDIR | opts.mode(), 0);
    Dentry root = Dcache.dAllocRoot(inode);
    sb.sRoot = root;
  }
}
