package ovlsim.cli.inspect;

import java.util.List;

/**
 * The state of a model machine at one moment, as the shell prints it and the step-by-step
 * report draws it: the dentry caches of the overlay and of its two layers, their inodes, each
 * task's locks, the layers' contents and the merged view, the WARN/BUG log and how much
 * lockdep has learned. Ids ({@code o3}, {@code u5}, {@code l2} for dentries, {@code i7} for
 * inodes) name the same object in every snapshot a {@link Snapshotter} takes, so two snapshots
 * can be compared.
 *
 * @param dentries every dentry of the three caches, parents before children
 * @param inodes every inode those dentries point at
 * @param tasks the tasks asked for, in that order
 * @param merged the merged view: what a reader of the mount would find
 * @param upper the upper layer's contents
 * @param lower the lower layer's contents
 * @param log the WARN_ON/BUG entries so far, oldest first, one line each
 * @param lockdep lockdep's reports so far, each as its title line
 * @param dependencies how many lock-class dependencies lockdep has learned so far
 */
public record Snapshot(
    List<DentryView> dentries,
    List<InodeView> inodes,
    List<TaskView> tasks,
    List<TreeLine> merged,
    List<TreeLine> upper,
    List<TreeLine> lower,
    List<String> log,
    List<String> lockdep,
    int dependencies) {
  public Snapshot {
    dentries = List.copyOf(dentries);
    inodes = List.copyOf(inodes);
    tasks = List.copyOf(tasks);
    merged = List.copyOf(merged);
    upper = List.copyOf(upper);
    lower = List.copyOf(lower);
    log = List.copyOf(log);
    lockdep = List.copyOf(lockdep);
  }

  /** The dentries of one cache: {@value Snapshotter#OVERLAY}, upper or lower. */
  public List<DentryView> dentries(String cache) {
    return dentries.stream().filter(d -> d.cache().equals(cache)).toList();
  }

  /** The dentry {@code id}, or null. */
  public DentryView dentry(String id) {
    return id == null ? null
        : dentries.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
  }

  /** The inode {@code id}, or null. */
  public InodeView inode(String id) {
    return id == null ? null
        : inodes.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
  }

  /**
   * One dentry.
   *
   * @param id its id in every snapshot of the run
   * @param cache {@value Snapshotter#OVERLAY}, {@value Snapshotter#UPPER} or
   *     {@value Snapshotter#LOWER}
   * @param name {@code d_name}
   * @param path its path from its filesystem's root, through {@code d_parent}
   * @param parent the id of {@code d_parent}, null for the root
   * @param depth how many {@code d_parent} steps to the root
   * @param hashed {@code !d_unhashed()}: lookups find it
   * @param negative no inode
   * @param count {@code d_count}
   * @param inode the id of {@code d_inode}, null when negative
   * @param upper an overlay dentry's upper dentry ({@code __upperdentry}), or null
   * @param lower an overlay dentry's lower dentry, or null
   * @param opaque an overlay dentry's opaque flag
   */
  public record DentryView(
      String id, String cache, String name, String path, String parent, int depth,
      boolean hashed, boolean negative, int count, String inode, String upper, String lower,
      boolean opaque) {}

  /**
   * One inode.
   *
   * @param fs its filesystem type
   * @param ino {@code i_ino}
   * @param type {@code dir}, {@code reg}, {@code lnk}, {@code fifo}, {@code chr}, {@code blk}
   *     or {@code sock}
   * @param mode {@code i_mode}'s permission bits
   * @param nlink {@code i_nlink}
   * @param count {@code i_count}
   * @param mutexClass {@code i_mutex}'s lock class key
   * @param mutexOwner the task holding {@code i_mutex}, or null
   * @param mutexSubclass the lockdep subclass it is held with, or null
   */
  public record InodeView(
      String id, String fs, long ino, String type, int mode, int nlink, int count,
      String mutexClass, String mutexOwner, String mutexSubclass) {}

  /**
   * One task and the locks lockdep has on its stack, oldest first.
   *
   * @param creds {@code uid=U gid=G}
   */
  public record TaskView(String name, String creds, List<LockView> locks) {
    public TaskView {
      locks = List.copyOf(locks);
    }
  }

  /**
   * A lock on a task's stack.
   *
   * @param lock what it guards, for people: {@code i_mutex upperfs:/d}
   * @param lockClass its lockdep class, {@code CLASS/SUBCLASS}
   * @param held taken; false: the task is at its {@code mutex_lock:} point, about to take it
   *     (or waiting for it)
   * @param inode the id of the inode whose i_mutex it is, or null
   * @param owner while not held: the task that holds it, or null
   */
  public record LockView(String lock, String lockClass, boolean held, String inode,
      String owner) {}

  /**
   * One name of a tree (a layer, or the merged view).
   *
   * @param path its path from the root ({@code /} for the root)
   * @param depth how deep it is (0 for the root)
   * @param type {@code dir}, {@code reg}, {@code lnk}, ...; {@code whiteout} for a whiteout
   * @param detail mode, inode number, content or target, opaque, in words
   */
  public record TreeLine(String path, int depth, String type, String detail) {
    /** The line's last name ({@code /} for the root). */
    public String name() {
      int slash = path.lastIndexOf('/');
      return path.equals("/") ? "/" : path.substring(slash + 1);
    }
  }
}
