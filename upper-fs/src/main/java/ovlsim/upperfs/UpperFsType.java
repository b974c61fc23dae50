package ovlsim.upperfs;

import ovlsim.kernel.Creds;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.FileSystemType;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Super;
import ovlsim.vfs.SuperBlock;

/**
 * upper-fs, the writable upper layer: a port of tmpfs ({@code mm/shmem.c} and the
 * {@code fs/libfs.c} helpers it uses, Linux 2.6.38) onto the model VFS, registered as
 * {@value #NAME}, with extended attributes of every namespace, {@code d_type}, capacity
 * limits (ENOSPC) and fault injection.
 *
 * <p>Mount options (comma separated, see {@link UpperFsOptions}): {@code size=N[k|m|g]}
 * (bytes, rounded up to pages; default unlimited), {@code nr_blocks=N}, {@code nr_inodes=N}
 * (default unlimited), {@code mode=OCTAL} (the root's mode, default {@code 01777} as tmpfs),
 * {@code uid=N}, {@code gid=N} (the root's owner, default the mounter's fsuid and fsgid), and
 * the model-only {@code jffs2}: each inode gets jffs2's {@code f->sem} (lock class
 * {@code &f->sem}), held by readdir across the filldir calls and taken by lookup and unlink on
 * the directory, as jffs2 does in 2.6.38 (the OpenWrt flash the overlay ran on). Anything else
 * is EINVAL.
 *
 * <p>Fault points: each operation calls {@link ovlsim.fault.FaultPlan#check} on the
 * instance's plan ({@link UpperFs#faults(SuperBlock)}) at its entry, before it changes
 * anything, with one of these names:
 *
 * <ul>
 *   <li>{@code upper.lookup}, {@code upper.create}, {@code upper.mkdir}, {@code upper.mknod},
 *       {@code upper.symlink}, {@code upper.link}, {@code upper.unlink}, {@code upper.rmdir},
 *       {@code upper.rename} — the directory inode operations;
 *   <li>{@code upper.setattr}, {@code upper.setxattr}, {@code upper.getxattr},
 *       {@code upper.listxattr}, {@code upper.removexattr} — on every inode;
 *   <li>{@code upper.read}, {@code upper.write}, {@code upper.readdir}, {@code upper.open} —
 *       the file operations ({@code upper.open} for files and directories).
 * </ul>
 */
public final class UpperFsType implements FileSystemType {
  /** The name to mount it by. */
  public static final String NAME = "upperfs";

  /**
   * {@code SHMEM_MAX_BYTES} with 4 KiB pages on 64-bit: the largest file the swap vector of a
   * shmem inode can index (16 direct pages, then 512 * 512 / 2 * 513 more).
   */
  static final long SHMEM_MAX_BYTES = (16L + 512L * 512L / 2 * 513L) << 12;

  @Override
  public String name() {
    return NAME;
  }

  /** Port of {@code shmem_get_sb()}: {@code get_sb_nodev(fs_type, flags, data, shmem_fill_super)}. */
  @Override
  public SuperBlock getSb(int flags, String devName, String data) {
    return Super.getSbNodev(this, flags, data, UpperFsType::fillSuper);
  }

  /**
   * Port of {@code shmem_fill_super()}: the options (EINVAL), the instance's state, the super
   * operations, and the root directory with the options' mode and owner.
   */
  private static void fillSuper(SuperBlock sb, Object data, int silent) {
    UpperFsOptions defaults =
        new UpperFsOptions(0, 0, Stat.S_IRWXUGO | Stat.S_ISVTX, Creds.currentFsuid(),
            Creds.currentFsgid(), false);
    UpperFsOptions options = UpperFsOptions.parse((String) data, defaults, false);
    sb.sFsInfo = new UpperFs(options);
    sb.sMaxbytes = SHMEM_MAX_BYTES;
    sb.sOp = UpperSuperOps.INSTANCE;
    UpperInode inode = UpperInodes.getInode(sb, null, Stat.S_IFDIR | options.mode(), 0);
    inode.iUid = options.uid();
    inode.iGid = options.gid();
    // The dentry's reference; getInode's is the upper-fs reference of a linked inode.
    Inodes.ihold(inode);
    sb.sRoot = Dcache.dAllocRoot(inode);
  }
}
