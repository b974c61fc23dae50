package ovlsim.upperfs;

import java.util.Objects;
import org.apache.commons.lang3.Validate;
import ovlsim.fault.FaultPlan;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.SuperBlock;

/**
 * One mounted instance of upper-fs: the Java form of {@code struct shmem_sb_info} (limits and
 * usage, {@code stat_lock}), plus the instance's {@link FaultPlan}. It is the superblock's
 * {@code sFsInfo}; {@link #of} finds it.
 *
 * <p>Block and inode accounting follow {@code mm/shmem.c}: blocks are {@code PAGE_SIZE} pages
 * and are counted only while {@code size=} (or {@code nr_blocks=}) sets a limit; inodes are
 * counted only while {@code nr_inodes=} sets one, and every extra hard link takes an inode as
 * {@code shmem_link()} does. A limit of 0 means unlimited.
 *
 * <p>Fault injection: each operation calls {@code faults().check(name)} at its entry, with the
 * names listed in {@link UpperFsType}.
 *
 * <p>Locking: the counters and limits are guarded by this object ({@code stat_lock}), which is
 * taken last (under an inode's data monitor at most) and never calls out.
 */
public final class UpperFs {
  private final FaultPlan faults = new FaultPlan();
  private final UpperFsOptions options;

  /** {@code max_blocks}: the size limit in pages; 0 = unlimited. Guarded by this. */
  private long maxBlocks;
  /** {@code used_blocks}: pages in use, counted only when {@code maxBlocks != 0}. */
  private long usedBlocks;
  /** {@code max_inodes}; 0 = unlimited. Guarded by this. */
  private long maxInodes;
  /** {@code free_inodes}. Guarded by this. */
  private long freeInodes;

  UpperFs(UpperFsOptions options) {
    this.options = Objects.requireNonNull(options);
    this.maxBlocks = options.maxBlocks();
    this.maxInodes = options.maxInodes();
    this.freeInodes = options.maxInodes();
  }

  /** The instance behind a superblock of upper-fs; IllegalArgumentException for another fs. */
  public static UpperFs of(SuperBlock sb) {
    Validate.isTrue(
        sb.sFsInfo instanceof UpperFs, "not an upper-fs superblock: %s", sb);
    return (UpperFs) sb.sFsInfo;
  }

  /** The fault plan of the instance mounted as {@code sb}. */
  public static FaultPlan faults(SuperBlock sb) {
    return of(sb).faults;
  }

  /** This instance's fault plan. */
  public FaultPlan faults() {
    return faults;
  }

  /** The mount options the instance was created with. */
  UpperFsOptions options() {
    return options;
  }

  /** The size limit in pages ({@code max_blocks}); 0 means unlimited. */
  public synchronized long maxBlocks() {
    return maxBlocks;
  }

  /** Pages in use; always 0 while the instance is unlimited, as in shmem. */
  public synchronized long usedBlocks() {
    return usedBlocks;
  }

  /** The inode limit ({@code max_inodes}); 0 means unlimited. */
  public synchronized long maxInodes() {
    return maxInodes;
  }

  /** Inodes still free ({@code free_inodes}); 0 while unlimited. */
  public synchronized long freeInodes() {
    return freeInodes;
  }

  /**
   * Charges one page, as {@code shmem_getpage()} does with
   * {@code percpu_counter_compare(&sbinfo->used_blocks, sbinfo->max_blocks)}. Returns
   * {@code false} when the instance is full.
   */
  synchronized boolean acctBlock() {
    if (maxBlocks == 0) {
      return true;
    }
    if (usedBlocks >= maxBlocks) {
      return false;
    }
    usedBlocks++;
    return true;
  }

  /** Port of {@code shmem_free_blocks()}: gives back {@code pages} pages. */
  synchronized void freeBlocks(long pages) {
    if (maxBlocks != 0) {
      usedBlocks -= pages;
    }
  }

  /** Port of {@code shmem_reserve_inode()}: ENOSPC when no inode is left. */
  synchronized void reserveInode() {
    if (maxInodes != 0) {
      if (freeInodes == 0) {
        throw new KernelError(Errno.ENOSPC);
      }
      freeInodes--;
    }
  }

  /** Port of {@code shmem_free_inode()}. */
  synchronized void freeInode() {
    if (maxInodes != 0) {
      freeInodes++;
    }
  }

  /**
   * Port of the checks of {@code shmem_remount_fs()}: the new limits must cover what is in use,
   * and unlimited may not turn into limited (nothing recorded what is in use); EINVAL else.
   */
  synchronized void remount(UpperFsOptions config) {
    long inodes = maxInodes - freeInodes;
    if (Long.compare(usedBlocks, config.maxBlocks()) > 0) {
      throw new KernelError(Errno.EINVAL);
    }
    if (config.maxInodes() < inodes) {
      throw new KernelError(Errno.EINVAL);
    }
    if (config.maxBlocks() != 0 && maxBlocks == 0) {
      throw new KernelError(Errno.EINVAL);
    }
    if (config.maxInodes() != 0 && maxInodes == 0) {
      throw new KernelError(Errno.EINVAL);
    }
    maxBlocks = config.maxBlocks();
    maxInodes = config.maxInodes();
    freeInodes = config.maxInodes() - inodes;
  }
}
