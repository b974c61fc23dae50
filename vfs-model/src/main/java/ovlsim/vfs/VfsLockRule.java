package ovlsim.vfs;

import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_CHILD;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_NORMAL;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_PARENT;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import ovlsim.kernel.locking.MutexSubclass;

/**
 * The locks the 2.6.38 VFS holds when it calls into a filesystem, one constant per operation:
 * the table of {@code docs/locking.md} as data, so that the table exists once in code and a
 * test can check every row (a probe filesystem records what is held inside each operation).
 *
 * <p>Each row names the operation ({@link #table}, {@link #member}), the locks held on entry
 * ({@link #held}: which object's lock, with which i_mutex subclass, under which condition,
 * taken by which kernel function), and the VFS functions that make the call ({@link #callers}).
 * A row with no lock means the VFS takes none for that call; the operation then runs under
 * whatever its own caller holds (for example {@code ->permission} from {@code may_create()}
 * runs under the parent's i_mutex that the creating operation holds, but the VFS takes nothing
 * for it).
 *
 * <p>The order the locks are taken in: {@code s_vfs_rename_mutex}, then the parent
 * directories (I_MUTEX_PARENT, then I_MUTEX_CHILD for the other parent of a rename; the
 * ancestor is the PARENT one), then the object inode (I_MUTEX_NORMAL: the victim, the source
 * of a link, the rename target). {@code generic_file_splice_write()} takes the pipe's lock
 * (a pipe inode's i_mutex as PARENT; none for the internal pipe of {@code do_splice_direct()})
 * and then the file's i_mutex as I_MUTEX_CHILD. {@code rename_lock} and the namespace lock
 * are never held across a call into the filesystem; {@code d_move()} takes
 * {@code rename_lock} after {@code ->rename} has returned. The 2011 subclasses I_MUTEX_XATTR
 * and I_MUTEX_QUOTA are not taken by the VFS on these paths.
 */
public enum VfsLockRule {
  /**
   * {@code i_op->lookup}: the directory's i_mutex, in the subclass of whoever took it. From
   * {@code sys_renameat()} across directories the lookup also runs under the rest of what
   * {@code lock_rename()} took (the other parent, {@code s_vfs_rename_mutex}), which the row
   * does not list: it is the caller's, not the lookup's.
   */
  LOOKUP(
      Table.INODE_OPERATIONS,
      "lookup",
      "do_lookup() in the walk (d_alloc_and_lookup()); lookup_hash() from lookup_create(),"
          + " do_rmdir(), do_unlinkat(), do_last(), sys_renameat() (under all of"
          + " lock_rename()'s locks); lookup_one_len()",
      held(
          Site.DIR,
          "do_lookup() and do_last() (NORMAL), lookup_create(), do_rmdir(), do_unlinkat()"
              + " (PARENT), lock_rename() (PARENT or CHILD)",
          I_MUTEX_NORMAL,
          I_MUTEX_PARENT,
          I_MUTEX_CHILD)),

  /** {@code i_op->create}: the directory's i_mutex. */
  CREATE(
      Table.INODE_OPERATIONS,
      "create",
      "vfs_create() from __open_namei_create() (open O_CREAT) and sys_mknodat() (S_IFREG)",
      held(
          Site.DIR,
          "do_last() (NORMAL) for open(2); lookup_create() (PARENT) for mknod(2)",
          I_MUTEX_NORMAL,
          I_MUTEX_PARENT)),

  /** {@code i_op->mknod}: the directory's i_mutex. */
  MKNOD(
      Table.INODE_OPERATIONS,
      "mknod",
      "vfs_mknod() from sys_mknodat()",
      held(Site.DIR, "lookup_create()", I_MUTEX_PARENT)),

  /** {@code i_op->symlink}: the directory's i_mutex. */
  SYMLINK(
      Table.INODE_OPERATIONS,
      "symlink",
      "vfs_symlink() from sys_symlinkat()",
      held(Site.DIR, "lookup_create()", I_MUTEX_PARENT)),

  /** {@code i_op->mkdir}: the directory's i_mutex. */
  MKDIR(
      Table.INODE_OPERATIONS,
      "mkdir",
      "vfs_mkdir() from sys_mkdirat()",
      held(Site.DIR, "lookup_create()", I_MUTEX_PARENT)),

  /** {@code i_op->link}: the new parent's i_mutex, then the source inode's. */
  LINK(
      Table.INODE_OPERATIONS,
      "link",
      "vfs_link() from sys_linkat()",
      held(Site.DIR, "lookup_create()", I_MUTEX_PARENT),
      held(Site.SOURCE, "vfs_link()", I_MUTEX_NORMAL)),

  /** {@code i_op->unlink}: the directory's i_mutex, then the victim's. */
  UNLINK(
      Table.INODE_OPERATIONS,
      "unlink",
      "vfs_unlink() from do_unlinkat()",
      held(Site.DIR, "do_unlinkat()", I_MUTEX_PARENT),
      held(Site.VICTIM, "vfs_unlink()", I_MUTEX_NORMAL)),

  /** {@code i_op->rmdir}: the directory's i_mutex, then the victim's. */
  RMDIR(
      Table.INODE_OPERATIONS,
      "rmdir",
      "vfs_rmdir() from do_rmdir()",
      held(Site.DIR, "do_rmdir()", I_MUTEX_PARENT),
      held(Site.VICTIM, "vfs_rmdir()", I_MUTEX_NORMAL)),

  /**
   * {@code i_op->rename}: {@code s_vfs_rename_mutex} across directories, both parents through
   * {@code lock_rename()}, the target's i_mutex when there is one.
   */
  RENAME(
      Table.INODE_OPERATIONS,
      "rename",
      "vfs_rename_dir() / vfs_rename_other() from vfs_rename() from sys_renameat()",
      held(Site.RENAME_MUTEX, When.CROSS_DIRECTORY, "lock_rename()", I_MUTEX_NORMAL),
      held(
          Site.OLD_DIR,
          "lock_rename(): PARENT in one directory; across directories the ancestor PARENT and"
              + " the other CHILD, unrelated ones new_dir PARENT and old_dir CHILD",
          I_MUTEX_PARENT,
          I_MUTEX_CHILD),
      held(Site.NEW_DIR, "lock_rename(), as for old_dir", I_MUTEX_PARENT, I_MUTEX_CHILD),
      held(
          Site.TARGET,
          When.TARGET_EXISTS,
          "vfs_rename_dir() / vfs_rename_other()",
          I_MUTEX_NORMAL)),

  /**
   * {@code i_op->setattr}: the inode's i_mutex, taken by every caller of notify_change(); as
   * I_MUTEX_CHILD when {@code file_remove_suid()} runs in {@code generic_file_splice_write()}.
   */
  SETATTR(
      Table.INODE_OPERATIONS,
      "setattr",
      "notify_change() from chmod_common(), chown_common(), utimes_common(), do_truncate()"
          + " (truncate(2), ftruncate(2), open O_TRUNC), file_remove_suid() (write(2), a"
          + " splice into the file)",
      held(
          Site.INODE,
          "chmod_common(), chown_common(), utimes_common(), do_truncate() (NORMAL); for"
              + " file_remove_suid() the filesystem's generic_file_aio_write() (NORMAL) or"
              + " generic_file_splice_write() (CHILD)",
          I_MUTEX_NORMAL,
          I_MUTEX_CHILD)),

  /** {@code i_op->setxattr}: the inode's i_mutex. */
  SETXATTR(
      Table.INODE_OPERATIONS,
      "setxattr",
      "__vfs_setxattr_noperm() from vfs_setxattr() from setxattr()",
      held(Site.INODE, "vfs_setxattr()", I_MUTEX_NORMAL)),

  /** {@code i_op->removexattr}: the inode's i_mutex. */
  REMOVEXATTR(
      Table.INODE_OPERATIONS,
      "removexattr",
      "vfs_removexattr() from removexattr()",
      held(Site.INODE, "vfs_removexattr()", I_MUTEX_NORMAL)),

  /** {@code i_op->permission}: nothing of the VFS's own. */
  PERMISSION(
      Table.INODE_OPERATIONS,
      "permission",
      "exec_permission() in the walk; inode_permission() from may_open(), sys_chdir(),"
          + " xattr_permission(), do_sys_truncate(); may_create() and may_delete() under the"
          + " locks of the operation that calls them"),

  /** {@code i_op->getattr}: nothing. */
  GETATTR(
      Table.INODE_OPERATIONS, "getattr", "vfs_getattr() from vfs_fstatat() and vfs_fstat()"),

  /** {@code i_op->getxattr}: nothing. */
  GETXATTR(Table.INODE_OPERATIONS, "getxattr", "vfs_getxattr() from getxattr()"),

  /** {@code i_op->listxattr}: nothing. */
  LISTXATTR(Table.INODE_OPERATIONS, "listxattr", "vfs_listxattr() from listxattr()"),

  /** {@code i_op->readlink}: nothing. */
  READLINK(Table.INODE_OPERATIONS, "readlink", "sys_readlinkat()"),

  /** {@code i_op->follow_link}: nothing. */
  FOLLOW_LINK(
      Table.INODE_OPERATIONS,
      "follow_link",
      "__do_follow_link() in the walk; do_filp_open() following a link for O_CREAT"),

  /** {@code i_op->open} (overlayfs v6 patch 1/6, "vfs: add i_op->open()"): nothing. */
  OPEN(
      Table.INODE_OPERATIONS,
      "open",
      "vfs_open() from finish_open() and nameidata_to_filp(); for O_CREAT after"
          + " __open_namei_create() has dropped the directory's i_mutex"),

  /** {@code f_op->open}: nothing. */
  FILE_OPEN(Table.FILE_OPERATIONS, "open", "__dentry_open() from vfs_open()"),

  /** {@code f_op->release}: nothing. */
  RELEASE(Table.FILE_OPERATIONS, "release", "__fput() from fput()"),

  /**
   * {@code f_op->llseek}: nothing; {@code default_llseek()}, {@code generic_file_llseek()} and
   * {@code dcache_dir_lseek()} take the inode's i_mutex themselves.
   */
  LLSEEK(Table.FILE_OPERATIONS, "llseek", "vfs_llseek() from sys_lseek()"),

  /** {@code f_op->read}: nothing. */
  READ(Table.FILE_OPERATIONS, "read", "vfs_read() from sys_read() and sys_pread64()"),

  /**
   * {@code f_op->write}: nothing; {@code generic_file_aio_write()} takes the inode's i_mutex
   * itself.
   */
  WRITE(Table.FILE_OPERATIONS, "write", "vfs_write() from sys_write() and sys_pwrite64()"),

  /**
   * {@code f_op->splice_read}: nothing; {@code generic_file_splice_read()} takes no i_mutex,
   * and {@code default_file_splice_read()} reads through {@code ->read}.
   */
  SPLICE_READ(
      Table.FILE_OPERATIONS,
      "splice_read",
      "do_splice_to() from splice_direct_to_actor() from do_splice_direct() (sendfile(2), the"
          + " overlay's data copy-up)"),

  /**
   * {@code f_op->splice_write}: nothing; {@code generic_file_splice_write()} takes
   * {@code pipe_lock()} (the pipe inode's i_mutex as PARENT, nothing for the internal pipe of
   * {@code do_splice_direct()}, which has no inode) and then the file's i_mutex as CHILD itself.
   */
  SPLICE_WRITE(
      Table.FILE_OPERATIONS,
      "splice_write",
      "do_splice_from() from direct_splice_actor() from splice_direct_to_actor() from"
          + " do_splice_direct() (sendfile(2), the overlay's data copy-up)"),

  /** {@code f_op->readdir}: the directory's i_mutex. */
  READDIR(
      Table.FILE_OPERATIONS,
      "readdir",
      "vfs_readdir() from sys_getdents64()",
      held(Site.INODE, "vfs_readdir()", I_MUTEX_NORMAL)),

  /** {@code f_op->fsync}: the inode's i_mutex (2.6.38; 3.1 moved it into the filesystems). */
  FSYNC(
      Table.FILE_OPERATIONS,
      "fsync",
      "vfs_fsync_range() from vfs_fsync() from do_fsync()",
      held(Site.INODE, "vfs_fsync_range()", I_MUTEX_NORMAL));

  private final Table table;
  private final String member;
  private final String callers;
  private final List<Held> held;

  VfsLockRule(Table table, String member, String callers, Held... held) {
    this.table = table;
    this.member = member;
    this.callers = callers;
    this.held = List.of(held);
  }

  /** Which operations table the member is in. */
  public enum Table {
    /** {@code struct inode_operations}: {@code i_op->MEMBER}. */
    INODE_OPERATIONS("i_op"),
    /** {@code struct file_operations}: {@code f_op->MEMBER}. */
    FILE_OPERATIONS("f_op");

    private final String prefix;

    Table(String prefix) {
      this.prefix = prefix;
    }

    /** {@code i_op} or {@code f_op}. */
    public String prefix() {
      return prefix;
    }
  }

  /** Whose lock a row means, named after the operation's arguments. */
  public enum Site {
    /** The directory operated in: {@code dir} (the new parent for link). */
    DIR,
    /** link: the inode of {@code old_dentry}. */
    SOURCE,
    /** unlink, rmdir: the inode of the dentry removed. */
    VICTIM,
    /** rename: {@code old_dir}. */
    OLD_DIR,
    /** rename: {@code new_dir}. */
    NEW_DIR,
    /** rename: the inode {@code new_dentry} names, when it is positive. */
    TARGET,
    /** setattr, xattrs, readdir, fsync: the inode itself ({@code dentry->d_inode}, the file's). */
    INODE,
    /** rename: {@code s_vfs_rename_mutex} of the superblock (not an i_mutex). */
    RENAME_MUTEX
  }

  /** When a lock of a row is held. */
  public enum When {
    /** On every call. */
    ALWAYS,
    /** rename: when {@code old_dir != new_dir}. */
    CROSS_DIRECTORY,
    /** rename: when {@code new_dentry} is positive. */
    TARGET_EXISTS
  }

  /**
   * One lock held on entry.
   *
   * @param site whose lock
   * @param when under which condition
   * @param takenBy the kernel function(s) that take it
   * @param subclasses the lockdep subclasses it may be held with
   */
  public record Held(Site site, When when, String takenBy, Set<MutexSubclass> subclasses) {
    /** Checks every component and copies the subclasses. */
    public Held {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(takenBy, "takenBy");
      subclasses = Set.copyOf(subclasses);
    }
  }

  private static Held held(Site site, String takenBy, MutexSubclass... subclasses) {
    return held(site, When.ALWAYS, takenBy, subclasses);
  }

  private static Held held(Site site, When when, String takenBy, MutexSubclass... subclasses) {
    return new Held(site, when, takenBy, EnumSet.copyOf(List.of(subclasses)));
  }

  /** The operations table of the member. */
  public Table table() {
    return table;
  }

  /** The member's name in the C table, e.g. {@code lookup}. */
  public String member() {
    return member;
  }

  /** {@code i_op->lookup}, {@code f_op->readdir}, ... */
  public String qualifiedName() {
    return table.prefix() + "->" + member;
  }

  /** The VFS functions that call the member. */
  public String callers() {
    return callers;
  }

  /** The locks held on entry; empty when the VFS holds none. */
  public List<Held> held() {
    return held;
  }
}
