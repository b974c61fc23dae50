package ovlsim.vfs;

import static ovlsim.kernel.locking.KMutex.mutexLock;
import static ovlsim.kernel.locking.KMutex.mutexLockNested;
import static ovlsim.kernel.locking.KMutex.mutexUnlock;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_CHILD;
import static ovlsim.kernel.locking.MutexSubclass.I_MUTEX_PARENT;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;

/**
 * Port of {@code fs/namei.c} (2.6.38): the path walk, {@code lookup_one_len()}, the
 * {@code vfs_*} directory operations, {@code lock_rename()}, and the syscall bodies built on
 * them ({@code do_filp_open()}, {@code sys_mkdirat()}, {@code do_rmdir()},
 * {@code do_unlinkat()}, {@code sys_symlinkat()}, {@code sys_linkat()},
 * {@code sys_renameat()}).
 *
 * <p>Locks held around each i_op, as in docs/locking.md ({@link VfsLockRule}): the parent's
 * i_mutex for lookup, create, mknod, symlink and mkdir (taken by the syscall bodies or by
 * {@link #lookupCreate}); also the source inode's for link ({@link #vfsLink}) and the victim's
 * for unlink and rmdir ({@link #vfsUnlink}, {@link #vfsRmdir}); both parents through
 * {@link #lockRename} and the target's for rename ({@link #vfsRename}). The model walks in ref-walk mode only (no RCU-walk),
 * and decides "is a directory" and "is a symlink" by {@code i_mode} where 2.6.38 tests
 * {@code i_op->lookup} and {@code i_op->follow_link}: the same for every filesystem here.
 */
public final class Namei {
  private Namei() {}

  /** {@code nd->last_type}. */
  enum LastType {
    LAST_NORM,
    LAST_ROOT,
    LAST_DOT,
    LAST_DOTDOT
  }

  /** The state of a parent walk: the parent's path in {@code nd}, plus what the C keeps. */
  private static final class ParentWalk {
    final Nameidata nd = new Nameidata();
    LastType lastType = LastType.LAST_ROOT;
    /** {@code nd->last.name[nd->last.len] != 0}: the last component had trailing slashes. */
    boolean trailingSlash;
  }

  // ---------------------------------------------------------------------------------------
  // The walk
  // ---------------------------------------------------------------------------------------

  /** Port of {@code path_init()}: starts at the task's root for "/", else at its cwd. */
  private static void pathInit(String name, int flags, Nameidata nd) {
    Task t = Task.current();
    Path start = name.startsWith("/") ? FsStruct.of(t).root() : FsStruct.of(t).pwd();
    if (start.dentry == null) {
      throw new KernelError(Errno.ENOENT, "no root filesystem mounted");
    }
    nd.path.set(start);
    Namespace.pathGet(nd.path);
    nd.flags = flags;
    nd.depth = 0;
  }

  /**
   * Port of {@code link_path_walk()}: walks {@code name} from {@code nd.path}, which holds a
   * reference; on success {@code nd.path} holds a reference to the result (or, with
   * {@code LOOKUP_PARENT}, to the parent of the last component, which is left in
   * {@code nd.last}). On failure {@code nd.path} has been put.
   */
  private static void linkPathWalk(String name, Nameidata nd, ParentWalk pw) {
    int flags = nd.flags;
    int i = 0;
    int n = name.length();
    while (i < n && name.charAt(i) == '/') {
      i++;
    }
    if (i == n) {
      if (pw != null) {
        pw.lastType = LastType.LAST_ROOT;
        nd.last = "";
      }
      return;
    }
    Qstr this_ = new Qstr();
    Path next = new Path();
    try {
      while (true) {
        Inode inode = nd.path.dentry.dInode;
        Permission.execPermission(inode, 0);

        int start = i;
        while (i < n && name.charAt(i) != '/') {
          i++;
        }
        Qstr component = this_.set(name, start, i);
        boolean slashes = false;
        while (i < n && name.charAt(i) == '/') {
          i++;
          slashes = true;
        }
        boolean last = i == n;

        if (last && pw != null) {
          nd.last = component.toString();
          pw.trailingSlash = slashes;
          pw.lastType =
              component.is(".")
                  ? LastType.LAST_DOT
                  : component.is("..") ? LastType.LAST_DOTDOT : LastType.LAST_NORM;
          return;
        }
        if (component.is(".")) {
          if (last) {
            break;
          }
          continue;
        }
        if (component.is("..")) {
          followDotdot(nd);
          if (last) {
            break;
          }
          continue;
        }

        doLookup(nd, component, next);
        Inode nextInode = next.dentry.dInode;
        boolean follow = !last || slashes || (flags & Fs.LOOKUP_FOLLOW) != 0;
        if (nextInode != null && Stat.S_ISLNK(nextInode.iMode) && follow) {
          if (next.mnt == nd.path.mnt) {
            Namespace.mntget(next.mnt); // do_follow_link()'s mntget(path->mnt)
          }
          doFollowLink(next, nd, last);
        } else {
          pathToNameidata(next, nd);
        }
        inode = nd.path.dentry.dInode;
        if (inode == null) {
          throw new KernelError(Errno.ENOENT);
        }
        if (last) {
          if ((slashes || (flags & Fs.LOOKUP_DIRECTORY) != 0) && !Stat.S_ISDIR(inode.iMode)) {
            throw new KernelError(Errno.ENOTDIR);
          }
          break;
        }
        if (!Stat.S_ISDIR(inode.iMode)) {
          throw new KernelError(Errno.ENOTDIR);
        }
      }
    } catch (RuntimeException e) {
      Namespace.pathPut(nd.path);
      nd.path.mnt = null;
      nd.path.dentry = null;
      throw e;
    }
  }

  /**
   * Port of {@code path_to_nameidata()}: {@code nd.path} moves on to {@code next}, whose
   * dentry is held and whose mount is held only when {@link #doLookup} crossed into another.
   */
  private static void pathToNameidata(Path next, Nameidata nd) {
    Dcache.dput(nd.path.dentry);
    if (nd.path.mnt != next.mnt) {
      Namespace.mntput(nd.path.mnt);
    }
    nd.path.set(next);
  }

  /**
   * Port of {@code follow_dotdot()}: up one level, across mounts, never above the task's root.
   */
  private static void followDotdot(Nameidata nd) {
    Path root = FsStruct.current().root();
    while (true) {
      if (nd.path.dentry == root.dentry && nd.path.mnt == root.mnt) {
        break;
      }
      if (nd.path.dentry != nd.path.mnt.mntRoot) {
        Dentry parent = Dcache.dgetParent(nd.path.dentry);
        Dcache.dput(nd.path.dentry);
        nd.path.dentry = parent;
        break;
      }
      if (!Namespace.followUp(nd.path)) {
        break;
      }
    }
    Namespace.followMount(nd.path);
  }

  /**
   * Port of {@code do_lookup()}: the child {@code name} of {@code nd.path} from the dcache, or
   * through {@code ->lookup} under the parent's i_mutex; then across any mount on it
   * ({@link #followManaged}). The result (possibly negative) is in {@code next} with a
   * reference on its dentry; on its mount only when that is not {@code nd.path.mnt}, whose
   * reference the walk already holds (the C takes none per component either).
   */
  private static void doLookup(Nameidata nd, Qstr name, Path next) {
    Dentry parent = nd.path.dentry;
    Dentry dentry = Dcache.dLookup(parent, name);
    if (dentry == null) {
      Inode dir = parent.dInode;
      mutexLock(dir.iMutex);
      try {
        // Someone may have added it while we slept on i_mutex.
        dentry = Dcache.dLookup(parent, name);
        if (dentry == null) {
          dentry = dAllocAndLookup(parent, name.toString(), nd);
        }
      } finally {
        mutexUnlock(dir.iMutex);
      }
    }
    next.mnt = nd.path.mnt;
    next.dentry = dentry;
    followManaged(next);
  }

  /**
   * Port of {@code follow_managed()} for mounts (the model has no automounts or managed
   * transits): from ({@code path.mnt}, a mountpoint) to the root of what is mounted there,
   * repeatedly. A mount it crosses into is held; the one it starts on is not its to put.
   */
  private static void followManaged(Path path) {
    boolean needMntput = false;
    while (path.dentry.dMountpoint()) {
      VfsMount mounted = Vfs.of(path.dentry.dSb.kernel()).lookupMnt(path.mnt, path.dentry);
      if (mounted == null) {
        break;
      }
      Namespace.mntget(mounted);
      Dentry root = Dcache.dget(mounted.mntRoot);
      Dcache.dput(path.dentry);
      if (needMntput) {
        Namespace.mntput(path.mnt);
      }
      path.mnt = mounted;
      path.dentry = root;
      needMntput = true;
    }
  }

  /**
   * Port of {@code d_alloc_and_lookup()}: a new dentry filled in by {@code ->lookup}. The
   * caller holds the parent's i_mutex. ENOENT in a dead directory.
   */
  private static Dentry dAllocAndLookup(Dentry parent, String name, Nameidata nd) {
    Inode inode = parent.dInode;
    if ((inode.iFlags & Fs.S_DEAD) != 0) {
      throw new KernelError(Errno.ENOENT);
    }
    Dentry dentry = Dcache.dAlloc(parent, name);
    Dentry old;
    try {
      old = inode.iOp.lookup(inode, dentry, nd);
    } catch (KernelError e) {
      Dcache.dput(dentry);
      throw e;
    }
    if (old != null) {
      Dcache.dput(dentry);
      dentry = old;
    }
    return dentry;
  }

  /**
   * Port of {@code do_follow_link()} / {@code __do_follow_link()}: follows the symlink at
   * {@code link}; {@code nd.path} (the directory holding the link) moves to where the body
   * leads. ELOOP after {@value Fs#MAX_NESTED_LINKS} links nested inside paths or
   * {@value Fs#MAX_TOTAL_LINKS} links in all. A link in the last position of its walk
   * ({@code tail}) does not nest: like the kernels our conformance suite runs on, the model
   * follows a chain of links iteratively, so a chain of 40 resolves and the 41st gives ELOOP
   * (2.6.38 recursed there and stopped at 8).
   */
  private static void doFollowLink(Path link, Nameidata nd, boolean tail) {
    int nest = tail ? 0 : 1;
    try {
      if (nd.depth + nest > Fs.MAX_NESTED_LINKS || nd.totalLinkCount >= Fs.MAX_TOTAL_LINKS) {
        throw new KernelError(Errno.ELOOP);
      }
      nd.depth += nest;
      nd.totalLinkCount++;
      try {
        Inodes.touchAtime(link.mnt, link.dentry);
        nd.setLink(null);
        Inode inode = link.dentry.dInode;
        Object cookie = inode.iOp.followLink(link.dentry, nd);
        try {
          String body = nd.getLink();
          if (body != null) {
            vfsFollowLink(nd, body);
          }
        } finally {
          if (inode.iOp.hasPutLink()) {
            inode.iOp.putLink(link.dentry, nd, cookie);
          }
        }
      } finally {
        nd.depth -= nest;
      }
    } finally {
      Namespace.pathPut(link);
    }
  }

  /**
   * Port of {@code __vfs_follow_link()}: walks a link body from the link's directory (from
   * the root for an absolute body). The last component of the body is always followed.
   */
  private static void vfsFollowLink(Nameidata nd, String body) {
    if (body.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    if (body.startsWith("/")) {
      Namespace.pathPut(nd.path);
      nd.path.set(FsStruct.current().root());
      Namespace.pathGet(nd.path);
    }
    int saved = nd.flags;
    nd.flags = (saved | Fs.LOOKUP_FOLLOW) & ~Fs.LOOKUP_DIRECTORY;
    try {
      linkPathWalk(body, nd, null);
    } finally {
      nd.flags = saved;
    }
  }

  /**
   * Port of {@code path_lookupat()} for a full walk: {@code name} from the root or cwd.
   * {@code LOOKUP_FOLLOW} follows a final symlink; {@code LOOKUP_DIRECTORY} wants a directory.
   * The result in {@code path} holds references (the caller path_puts it).
   */
  private static void pathLookup(String name, int flags, Path path) {
    if (name.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    Nameidata nd = new Nameidata();
    pathInit(name, flags, nd);
    linkPathWalk(name, nd, null);
    if (nd.path.dentry.dInode == null) {
      Namespace.pathPut(nd.path);
      throw new KernelError(Errno.ENOENT);
    }
    path.set(nd.path);
  }

  /** Port of {@code kern_path()}: walks {@code name}; the caller path_puts {@code path}. */
  public static void kernPath(String name, int flags, Path path) {
    pathLookup(name, flags, path);
  }

  /** Port of {@code user_path_at(AT_FDCWD, ...)}: as {@link #kernPath} for a user's name. */
  public static void userPath(String name, int flags, Path path) {
    pathLookup(name, flags, path);
  }

  /** Port of {@code user_path_parent()}: walks to the parent of the last component. */
  private static ParentWalk userPathParent(String name) {
    return pathParentFrom(null, name);
  }

  /**
   * A parent walk of {@code name} from {@code start} (for a relative name) instead of the cwd;
   * {@code null} starts where {@link #pathInit} does.
   */
  private static ParentWalk pathParentFrom(Path start, String name) {
    if (name.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    ParentWalk pw = new ParentWalk();
    if (start == null || name.startsWith("/")) {
      pathInit(name, Fs.LOOKUP_PARENT, pw.nd);
    } else {
      pw.nd.path.set(start);
      Namespace.pathGet(pw.nd.path);
      pw.nd.flags = Fs.LOOKUP_PARENT;
    }
    linkPathWalk(name, pw.nd, pw);
    return pw;
  }

  // ---------------------------------------------------------------------------------------
  // Single-component lookups
  // ---------------------------------------------------------------------------------------

  /**
   * Port of {@code __lookup_hash()}: search permission on {@code base}, then the dcache, then
   * {@code ->lookup}. The caller holds {@code base}'s i_mutex.
   */
  private static Dentry lookupHashInternal(String name, Dentry base, Nameidata nd) {
    Inode inode = base.dInode;
    Permission.execPermission(inode, 0);
    Dentry dentry = Dcache.dLookup(base, name);
    if (dentry == null) {
      dentry = dAllocAndLookup(base, name, nd);
    }
    return dentry;
  }

  /** Port of {@code lookup_hash()}: {@code nd.last} in {@code nd.path.dentry}. */
  private static Dentry lookupHash(Nameidata nd) {
    return lookupHashInternal(nd.last, nd.path.dentry, nd);
  }

  /**
   * Port of {@code lookup_one_len()}: the child {@code name} of {@code base}, looked up in the
   * dcache or the filesystem; possibly negative. The caller holds {@code base}'s i_mutex.
   * EACCES for an empty name or one holding '/' or NUL.
   */
  public static Dentry lookupOneLen(String name, Dentry base, int len) {
    Bugs.warnOnOnce(
        !KMutex.mutexIsLocked(base.dInode.iMutex), "lookup_one_len: i_mutex not held");
    String s = name.substring(0, len);
    if (len == 0) {
      throw new KernelError(Errno.EACCES);
    }
    if (s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
      throw new KernelError(Errno.EACCES);
    }
    return lookupHashInternal(s, base, null);
  }

  // ---------------------------------------------------------------------------------------
  // vfs_* helpers
  // ---------------------------------------------------------------------------------------

  /** Port of {@code vfs_create()}. The caller holds {@code dir}'s i_mutex. */
  public static void vfsCreate(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    Permission.mayCreate(dir, dentry);
    mode &= Stat.S_IALLUGO;
    mode |= Stat.S_IFREG;
    dir.iOp.create(dir, dentry, mode, nd);
  }

  /** Port of {@code vfs_mkdir()}. The caller holds {@code dir}'s i_mutex. */
  public static void vfsMkdir(Inode dir, Dentry dentry, int mode) {
    Permission.mayCreate(dir, dentry);
    mode &= (Stat.S_IRWXUGO | Stat.S_ISVTX);
    dir.iOp.mkdir(dir, dentry, mode);
  }

  /** Port of {@code vfs_mknod()}: EPERM for a device without CAP_MKNOD. */
  public static void vfsMknod(Inode dir, Dentry dentry, int mode, int dev) {
    Permission.mayCreate(dir, dentry);
    if ((Stat.S_ISCHR(mode) || Stat.S_ISBLK(mode)) && !Creds.capable(Capability.CAP_MKNOD)) {
      throw new KernelError(Errno.EPERM);
    }
    dir.iOp.mknod(dir, dentry, mode, dev);
  }

  /** Port of {@code vfs_symlink()}. The caller holds {@code dir}'s i_mutex. */
  public static void vfsSymlink(Inode dir, Dentry dentry, String oldname) {
    Permission.mayCreate(dir, dentry);
    dir.iOp.symlink(dir, dentry, oldname);
  }

  /**
   * Port of {@code vfs_link()}: takes the source inode's i_mutex around {@code ->link}. The
   * caller holds {@code dir}'s. EXDEV across superblocks, EPERM for a directory or an append-only
   * or immutable inode.
   */
  public static void vfsLink(Dentry oldDentry, Inode dir, Dentry newDentry) {
    Inode inode = oldDentry.dInode;
    if (inode == null) {
      throw new KernelError(Errno.ENOENT);
    }
    Permission.mayCreate(dir, newDentry);
    if (dir.iSb != inode.iSb) {
      throw new KernelError(Errno.EXDEV);
    }
    if (inode.isAppend() || inode.isImmutable()) {
      throw new KernelError(Errno.EPERM);
    }
    if (Stat.S_ISDIR(inode.iMode)) {
      throw new KernelError(Errno.EPERM);
    }
    mutexLock(inode.iMutex);
    try {
      dir.iOp.link(oldDentry, dir, newDentry);
    } finally {
      mutexUnlock(inode.iMutex);
    }
  }

  /**
   * Port of {@code vfs_unlink()}: takes the victim's i_mutex around {@code ->unlink}; on
   * success the victim may no longer be mounted on ({@code dont_mount()}) and, after the lock
   * is dropped, {@code d_delete()}. The caller holds {@code dir}'s. EBUSY for a mountpoint.
   */
  public static void vfsUnlink(Inode dir, Dentry dentry) {
    Permission.mayDelete(dir, dentry, false);
    Inode victim = dentry.dInode;
    mutexLock(victim.iMutex);
    try {
      if (dentry.dMountpoint()) {
        throw new KernelError(Errno.EBUSY);
      }
      dir.iOp.unlink(dir, dentry);
      Dcache.dontMount(dentry);
    } finally {
      mutexUnlock(victim.iMutex);
    }
    Dcache.dDelete(dentry);
  }

  /**
   * Port of {@code vfs_rmdir()}: takes the victim's i_mutex, {@code dentry_unhash()}es it (so
   * that during {@code ->rmdir} a walker finds it only if somebody else still uses it), calls
   * {@code ->rmdir}, and on success marks the directory dead ({@code S_DEAD}) and unmountable
   * ({@code dont_mount()}); after the lock is dropped, {@code d_delete()} on success, and the
   * reference {@code dentry_unhash()} took is put in every case. The caller holds {@code dir}'s.
   * The C returns EPERM for a filesystem without {@code ->rmdir} before taking the lock; the
   * model's default method throws it from inside, after the unhash.
   */
  public static void vfsRmdir(Inode dir, Dentry dentry) {
    Permission.mayDelete(dir, dentry, true);
    Inode victim = dentry.dInode;
    mutexLock(victim.iMutex);
    dentryUnhash(dentry);
    try {
      try {
        if (dentry.dMountpoint()) {
          throw new KernelError(Errno.EBUSY);
        }
        dir.iOp.rmdir(dir, dentry);
        victim.iFlags |= Fs.S_DEAD;
        Dcache.dontMount(dentry);
      } finally {
        mutexUnlock(victim.iMutex);
      }
      Dcache.dDelete(dentry);
    } finally {
      Dcache.dput(dentry);
    }
  }

  /**
   * Port of {@code dentry_unhash()}: takes a reference, prunes the unused dentries below
   * ({@code shrink_dcache_parent()}: each cached child holds a reference on its parent), then
   * unhashes the dentry when nobody else uses it ({@code d_count == 2}: the caller's and this
   * one). "A low-level filesystem can, if it choses, legally do a {@code if
   * (!d_unhashed(dentry)) return -EBUSY;}" for a directory still in use.
   */
  private static void dentryUnhash(Dentry dentry) {
    Dcache.dget(dentry);
    Dcache.shrinkDcacheParent(dentry);
    Dcache.dDropIfCount(dentry, 2);
  }

  /**
   * Port of {@code vfs_rename()}: permission checks, then {@code vfs_rename_dir()} or
   * {@code vfs_rename_other()}. The caller holds both parents' i_mutexes through
   * {@link #lockRename}; the target's is taken there; {@code d_move()} follows a successful
   * {@code ->rename} under those locks.
   */
  public static void vfsRename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    boolean isDir = Stat.S_ISDIR(oldDentry.dInode.iMode);
    if (oldDentry.dInode == newDentry.dInode) {
      return;
    }
    Permission.mayDelete(oldDir, oldDentry, isDir);
    if (newDentry.dInode == null) {
      Permission.mayCreate(newDir, newDentry);
    } else {
      Permission.mayDelete(newDir, newDentry, isDir);
    }
    if (isDir) {
      vfsRenameDir(oldDir, oldDentry, newDir, newDentry);
    } else {
      vfsRenameOther(oldDir, oldDentry, newDir, newDentry);
    }
  }

  /**
   * Port of {@code vfs_rename_dir()}: moving a directory to another parent needs write
   * permission on it ('..' changes). A target that exists is locked and
   * {@code dentry_unhash()}ed before the mountpoint check and {@code ->rename}, so a walker
   * does not find it during the rename unless somebody else uses it; on success it is marked
   * {@code S_DEAD} and unmountable; after its i_mutex is dropped it is put back in the hash if
   * it was unhashed (on success too: {@code d_move()} unhashes it again right after) and the
   * reference {@code dentry_unhash()} took is put. With no target nothing is taken.
   * {@code d_move()} runs last, after the target's i_mutex is dropped.
   */
  private static void vfsRenameDir(
      Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    Inode target = newDentry.dInode;
    if (newDir != oldDir) {
      Permission.inodePermission(oldDentry.dInode, Fs.MAY_WRITE);
    }
    if (target != null) {
      mutexLock(target.iMutex);
      dentryUnhash(newDentry);
    }
    boolean renamed = false;
    try {
      if (oldDentry.dMountpoint() || newDentry.dMountpoint()) {
        throw new KernelError(Errno.EBUSY);
      }
      oldDir.iOp.rename(oldDir, oldDentry, newDir, newDentry);
      renamed = true;
    } finally {
      if (target != null) {
        if (renamed) {
          target.iFlags |= Fs.S_DEAD;
          Dcache.dontMount(newDentry);
        }
        mutexUnlock(target.iMutex);
        if (newDentry.dUnhashed()) {
          Dcache.dRehash(newDentry);
        }
        Dcache.dput(newDentry);
      }
    }
    Dcache.dMove(oldDentry, newDentry);
  }

  /**
   * Port of {@code vfs_rename_other()}: the target, when there is one, stays hashed and locked
   * through {@code ->rename}; on success it is marked unmountable and {@code d_move()} runs
   * while its i_mutex is still held.
   */
  private static void vfsRenameOther(
      Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    Dcache.dget(newDentry);
    Inode target = newDentry.dInode;
    if (target != null) {
      mutexLock(target.iMutex);
    }
    try {
      if (oldDentry.dMountpoint() || newDentry.dMountpoint()) {
        throw new KernelError(Errno.EBUSY);
      }
      oldDir.iOp.rename(oldDir, oldDentry, newDir, newDentry);
      if (target != null) {
        Dcache.dontMount(newDentry);
      }
      Dcache.dMove(oldDentry, newDentry);
    } finally {
      if (target != null) {
        mutexUnlock(target.iMutex);
      }
      Dcache.dput(newDentry);
    }
  }

  /**
   * Port of {@code lock_rename()}: locks two directories for a rename. The same directory:
   * its i_mutex as PARENT. Otherwise the superblock's {@code s_vfs_rename_mutex} first, then the
   * ancestor (if one is an ancestor of the other) as PARENT and the other as CHILD; unrelated
   * directories {@code p1} as PARENT, {@code p2} as CHILD. Returns the trap: the child of one
   * on the way to the other, which the rename must not touch; {@code null} when unrelated.
   */
  public static Dentry lockRename(Dentry p1, Dentry p2) {
    if (p1 == p2) {
      mutexLockNested(p1.dInode.iMutex, I_MUTEX_PARENT);
      return null;
    }
    mutexLock(p1.dInode.iSb.sVfsRenameMutex);

    Dentry p = Dcache.dAncestor(p2, p1);
    if (p != null) {
      mutexLockNested(p2.dInode.iMutex, I_MUTEX_PARENT);
      mutexLockNested(p1.dInode.iMutex, I_MUTEX_CHILD);
      return p;
    }
    p = Dcache.dAncestor(p1, p2);
    if (p != null) {
      mutexLockNested(p1.dInode.iMutex, I_MUTEX_PARENT);
      mutexLockNested(p2.dInode.iMutex, I_MUTEX_CHILD);
      return p;
    }
    mutexLockNested(p1.dInode.iMutex, I_MUTEX_PARENT);
    mutexLockNested(p2.dInode.iMutex, I_MUTEX_CHILD);
    return null;
  }

  /** Port of {@code unlock_rename()}. */
  public static void unlockRename(Dentry p1, Dentry p2) {
    mutexUnlock(p1.dInode.iMutex);
    if (p1 != p2) {
      mutexUnlock(p2.dInode.iMutex);
      mutexUnlock(p1.dInode.iSb.sVfsRenameMutex);
    }
  }

  /**
   * Port of {@code generic_readlink()}: follows the link into a buffer and copies at most
   * {@code buflen} bytes of the body; returns how many.
   */
  public static int genericReadlink(Dentry dentry, byte[] buf, int buflen) {
    Nameidata nd = new Nameidata();
    nd.setLink(null);
    Inode inode = dentry.dInode;
    Object cookie = inode.iOp.followLink(dentry, nd);
    try {
      String link = nd.getLink();
      if (link == null) {
        return 0;
      }
      byte[] b = link.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(b.length, buflen);
      System.arraycopy(b, 0, buf, 0, len);
      return len;
    } finally {
      if (inode.iOp.hasPutLink()) {
        inode.iOp.putLink(dentry, nd, cookie);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Syscall bodies
  // ---------------------------------------------------------------------------------------

  /**
   * Port of {@code lookup_create()}: takes the parent's i_mutex (PARENT) and looks up the last
   * component for creation; EEXIST when it exists or is "." / ".." / "/", ENOENT for a trailing
   * slash on a non-directory. The parent's i_mutex stays held, on success and on error: the
   * caller unlocks it.
   */
  private static Dentry lookupCreate(ParentWalk pw, boolean isDir) {
    Nameidata nd = pw.nd;
    mutexLockNested(nd.path.dentry.dInode.iMutex, I_MUTEX_PARENT);
    if (pw.lastType != LastType.LAST_NORM) {
      throw new KernelError(Errno.EEXIST);
    }
    nd.flags &= ~Fs.LOOKUP_PARENT;
    Dentry dentry = lookupHash(nd);
    if (dentry.dInode != null) {
      Dcache.dput(dentry);
      throw new KernelError(Errno.EEXIST);
    }
    if (!isDir && pw.trailingSlash) {
      Dcache.dput(dentry);
      throw new KernelError(Errno.ENOENT);
    }
    return dentry;
  }

  /** What a create-like syscall does with the new negative dentry, under the parent's lock. */
  private interface CreateOp {
    void apply(Inode dir, Dentry dentry, int mode);
  }

  /**
   * What {@code sys_mknodat()} checks between {@code lookup_create()} and
   * {@code mnt_want_write()}; returns the mode the op is to use.
   */
  private interface CreateCheck {
    CreateCheck NONE = mode -> mode;

    int check(int mode);
  }

  /**
   * The shape of {@code sys_mkdirat()}, {@code sys_mknodat()}, {@code sys_symlinkat()}: the
   * parent walk, {@link #lookupCreate} (which takes the parent's i_mutex), {@code check} on the
   * mode, {@code mnt_want_write()}, the op; then {@code dput()}, the unlock and
   * {@code path_put()}.
   */
  private static void createAt(
      String pathname, boolean isDir, int mode, CreateCheck check, CreateOp op) {
    ParentWalk pw = userPathParent(pathname);
    Nameidata nd = pw.nd;
    Inode dir = nd.path.dentry.dInode;
    try {
      Dentry dentry;
      try {
        dentry = lookupCreate(pw, isDir);
      } catch (KernelError e) {
        mutexUnlock(dir.iMutex);
        throw e;
      }
      try {
        int m = check.check(mode);
        Namespace.mntWantWrite(nd.path.mnt);
        try {
          op.apply(dir, dentry, m);
        } finally {
          Namespace.mntDropWrite(nd.path.mnt);
        }
      } finally {
        Dcache.dput(dentry);
        mutexUnlock(dir.iMutex);
      }
    } finally {
      Namespace.pathPut(nd.path);
    }
  }

  /** Port of {@code sys_mkdirat()}: {@code mode & ~umask} once the parent is locked. */
  public static void doMkdirat(String pathname, int mode) {
    int umask = FsStruct.current().umask();
    createAt(pathname, true, mode, m -> m & ~umask, Namei::vfsMkdir);
  }

  /**
   * Port of {@code sys_mknodat()}: EPERM for a directory before anything else; then
   * {@code lookup_create()}, the umask, {@code may_mknod()} (EINVAL for an unknown type, before
   * {@code mnt_want_write()}'s EROFS), and a regular file, device, fifo or socket.
   */
  public static void doMknodat(String pathname, int mode, int dev) {
    if (Stat.S_ISDIR(mode)) {
      throw new KernelError(Errno.EPERM);
    }
    int umask = FsStruct.current().umask();
    createAt(
        pathname,
        false,
        mode,
        m -> {
          // The model has no POSIX ACLs: !IS_POSIXACL(dir) always holds.
          m &= ~umask;
          mayMknod(m);
          return m;
        },
        (dir, dentry, m) -> {
          switch (m & Stat.S_IFMT) {
            case 0, Stat.S_IFREG -> vfsCreate(dir, dentry, m, null);
            case Stat.S_IFCHR, Stat.S_IFBLK -> vfsMknod(dir, dentry, m, dev);
            default -> vfsMknod(dir, dentry, m, 0);
          }
        });
  }

  /** Port of {@code may_mknod()}. */
  private static void mayMknod(int mode) {
    switch (mode & Stat.S_IFMT) {
      case Stat.S_IFREG, Stat.S_IFCHR, Stat.S_IFBLK, Stat.S_IFIFO, Stat.S_IFSOCK, 0 -> {}
      case Stat.S_IFDIR -> throw new KernelError(Errno.EPERM);
      default -> throw new KernelError(Errno.EINVAL);
    }
  }

  /** Port of {@code sys_symlinkat()}: ENOENT for an empty target. */
  public static void doSymlinkat(String oldname, String newname) {
    if (oldname.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    createAt(
        newname, false, 0, CreateCheck.NONE, (dir, dentry, m) -> vfsSymlink(dir, dentry, oldname));
  }

  /**
   * Port of {@code sys_linkat()} without {@code AT_SYMLINK_FOLLOW}: a final symlink in
   * {@code oldname} is linked, not followed. EXDEV across mounts, checked right after the
   * parent walk of {@code newname}, before {@code lookup_create()} (so before its EEXIST) and
   * before {@code mnt_want_write()} (so before EROFS).
   */
  public static void doLinkat(String oldname, String newname) {
    Path oldPath = new Path();
    userPath(oldname, 0, oldPath);
    try {
      ParentWalk pw = userPathParent(newname);
      Nameidata nd = pw.nd;
      try {
        if (oldPath.mnt != nd.path.mnt) {
          throw new KernelError(Errno.EXDEV);
        }
        Inode dir = nd.path.dentry.dInode;
        Dentry newDentry;
        try {
          newDentry = lookupCreate(pw, false);
        } catch (KernelError e) {
          mutexUnlock(dir.iMutex);
          throw e;
        }
        try {
          Namespace.mntWantWrite(nd.path.mnt);
          try {
            vfsLink(oldPath.dentry, dir, newDentry);
          } finally {
            Namespace.mntDropWrite(nd.path.mnt);
          }
        } finally {
          Dcache.dput(newDentry);
          mutexUnlock(dir.iMutex);
        }
      } finally {
        Namespace.pathPut(nd.path);
      }
    } finally {
      Namespace.pathPut(oldPath);
    }
  }

  /**
   * Port of {@code do_rmdir()}: ENOTEMPTY for "..", EINVAL for ".", EBUSY for "/"; the
   * parent's i_mutex (PARENT) around {@link #vfsRmdir}.
   */
  public static void doRmdir(String pathname) {
    ParentWalk pw = userPathParent(pathname);
    Nameidata nd = pw.nd;
    try {
      switch (pw.lastType) {
        case LAST_DOTDOT -> throw new KernelError(Errno.ENOTEMPTY);
        case LAST_DOT -> throw new KernelError(Errno.EINVAL);
        case LAST_ROOT -> throw new KernelError(Errno.EBUSY);
        default -> {}
      }
      nd.flags &= ~Fs.LOOKUP_PARENT;
      Inode dir = nd.path.dentry.dInode;
      mutexLockNested(dir.iMutex, I_MUTEX_PARENT);
      try {
        Dentry dentry = lookupHash(nd);
        try {
          Namespace.mntWantWrite(nd.path.mnt);
          try {
            vfsRmdir(dir, dentry);
          } finally {
            Namespace.mntDropWrite(nd.path.mnt);
          }
        } finally {
          Dcache.dput(dentry);
        }
      } finally {
        mutexUnlock(dir.iMutex);
      }
    } finally {
      Namespace.pathPut(nd.path);
    }
  }

  /**
   * Port of {@code do_unlinkat()}: EISDIR for "." / ".." / "/"; a trailing slash gives ENOENT,
   * EISDIR or ENOTDIR; the parent's i_mutex (PARENT) around {@link #vfsUnlink}; the inode is
   * put after the lock is dropped, as the C does to truncate outside i_mutex.
   */
  public static void doUnlinkat(String pathname) {
    ParentWalk pw = userPathParent(pathname);
    Nameidata nd = pw.nd;
    Inode inode = null;
    try {
      if (pw.lastType != LastType.LAST_NORM) {
        throw new KernelError(Errno.EISDIR);
      }
      nd.flags &= ~Fs.LOOKUP_PARENT;
      Inode dir = nd.path.dentry.dInode;
      mutexLockNested(dir.iMutex, I_MUTEX_PARENT);
      try {
        Dentry dentry = lookupHash(nd);
        try {
          if (pw.trailingSlash) {
            Inode i = dentry.dInode;
            throw new KernelError(
                i == null ? Errno.ENOENT : Stat.S_ISDIR(i.iMode) ? Errno.EISDIR : Errno.ENOTDIR);
          }
          inode = dentry.dInode;
          if (inode != null) {
            Inodes.ihold(inode);
          }
          Namespace.mntWantWrite(nd.path.mnt);
          try {
            vfsUnlink(dir, dentry);
          } finally {
            Namespace.mntDropWrite(nd.path.mnt);
          }
        } finally {
          Dcache.dput(dentry);
        }
      } finally {
        mutexUnlock(dir.iMutex);
      }
    } finally {
      Inodes.iput(inode);
      Namespace.pathPut(nd.path);
    }
  }

  /**
   * Port of {@code sys_renameat()}: EXDEV across mounts, EBUSY for "." / "..", both parents
   * locked by {@link #lockRename}; EINVAL when the source is the trap (a directory into itself),
   * ENOTEMPTY when the target is (a directory over its own ancestor).
   */
  public static void doRenameat(String oldname, String newname) {
    ParentWalk oldPw = userPathParent(oldname);
    ParentWalk newPw;
    try {
      newPw = userPathParent(newname);
    } catch (KernelError e) {
      Namespace.pathPut(oldPw.nd.path);
      throw e;
    }
    Nameidata oldNd = oldPw.nd;
    Nameidata newNd = newPw.nd;
    try {
      if (oldNd.path.mnt != newNd.path.mnt) {
        throw new KernelError(Errno.EXDEV);
      }
      Dentry oldDir = oldNd.path.dentry;
      if (oldPw.lastType != LastType.LAST_NORM) {
        throw new KernelError(Errno.EBUSY);
      }
      Dentry newDir = newNd.path.dentry;
      if (newPw.lastType != LastType.LAST_NORM) {
        throw new KernelError(Errno.EBUSY);
      }
      oldNd.flags &= ~Fs.LOOKUP_PARENT;
      newNd.flags &= ~Fs.LOOKUP_PARENT;

      Dentry trap = lockRename(newDir, oldDir);
      try {
        renameLocked(oldPw, newPw, oldDir, newDir, trap);
      } finally {
        unlockRename(newDir, oldDir);
      }
    } finally {
      Namespace.pathPut(newNd.path);
      Namespace.pathPut(oldNd.path);
    }
  }

  private static void renameLocked(
      ParentWalk oldPw, ParentWalk newPw, Dentry oldDir, Dentry newDir, Dentry trap) {
    Dentry oldDentry = lookupHash(oldPw.nd);
    try {
      if (oldDentry.dInode == null) {
        throw new KernelError(Errno.ENOENT);
      }
      if (!Stat.S_ISDIR(oldDentry.dInode.iMode)
          && (oldPw.trailingSlash || newPw.trailingSlash)) {
        throw new KernelError(Errno.ENOTDIR);
      }
      if (oldDentry == trap) {
        throw new KernelError(Errno.EINVAL);
      }
      Dentry newDentry = lookupHash(newPw.nd);
      try {
        if (newDentry == trap) {
          throw new KernelError(Errno.ENOTEMPTY);
        }
        Namespace.mntWantWrite(oldPw.nd.path.mnt);
        try {
          vfsRename(oldDir.dInode, oldDentry, newDir.dInode, newDentry);
        } finally {
          Namespace.mntDropWrite(oldPw.nd.path.mnt);
        }
      } finally {
        Dcache.dput(newDentry);
      }
    } finally {
      Dcache.dput(oldDentry);
    }
  }

  /**
   * Port of {@code may_open()}: ELOOP for a symlink, EISDIR to write a directory, EACCES for a
   * device on a nodev mount; then {@code inode_permission()}; EPERM to write an append-only file
   * without O_APPEND or to truncate it, and for O_NOATIME by a non-owner.
   */
  private static void mayOpen(Path path, int accMode, int flag) {
    Dentry dentry = path.dentry;
    Inode inode = dentry.dInode;
    if (inode == null) {
      throw new KernelError(Errno.ENOENT);
    }
    switch (inode.iMode & Stat.S_IFMT) {
      case Stat.S_IFLNK -> throw new KernelError(Errno.ELOOP);
      case Stat.S_IFDIR -> {
        if ((accMode & Fs.MAY_WRITE) != 0) {
          throw new KernelError(Errno.EISDIR);
        }
      }
      case Stat.S_IFBLK, Stat.S_IFCHR -> {
        if ((path.mnt.mntFlags & Fs.MNT_NODEV) != 0) {
          throw new KernelError(Errno.EACCES);
        }
      }
      default -> {}
    }
    Permission.inodePermission(inode, accMode);
    if (inode.isAppend()) {
      if ((flag & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY && (flag & Fcntl.O_APPEND) == 0) {
        throw new KernelError(Errno.EPERM);
      }
      if ((flag & Fcntl.O_TRUNC) != 0) {
        throw new KernelError(Errno.EPERM);
      }
    }
    if ((flag & Fcntl.O_NOATIME) != 0 && !Permission.isOwnerOrCap(inode)) {
      throw new KernelError(Errno.EPERM);
    }
  }

  /** Port of {@code ACC_MODE()}: the MAY_READ/MAY_WRITE bits of the access mode. */
  private static int accMode(int flags) {
    return switch (flags & Fcntl.O_ACCMODE) {
      case Fcntl.O_RDONLY -> Fs.MAY_READ;
      case Fcntl.O_WRONLY -> Fs.MAY_WRITE;
      default -> Fs.MAY_READ | Fs.MAY_WRITE;
    };
  }

  /**
   * Port of {@code do_filp_open()} with {@code do_last()} and {@code finish_open()}: the
   * whole of open(2) after the name is copied in. O_CREAT creates under the parent's i_mutex
   * with {@code mode & ~umask}; an existing file is checked by {@link #mayOpen}, truncated for
   * O_TRUNC, and opened through {@link Open#vfsOpen} (so {@code i_op->open} may hand back a
   * file of another filesystem). Returns a file with one reference.
   */
  public static File doFilpOpen(String pathname, int openFlag, int mode) {
    if (pathname.isEmpty()) {
      throw new KernelError(Errno.ENOENT);
    }
    if ((openFlag & Fcntl.O_CREAT) == 0) {
      mode = 0;
    }
    int accMode = Fs.MAY_OPEN | accMode(openFlag);
    if ((openFlag & Fcntl.O_TRUNC) != 0) {
      accMode |= Fs.MAY_WRITE;
    }
    if ((openFlag & Fcntl.O_APPEND) != 0) {
      accMode |= Fs.MAY_APPEND;
    }
    if ((openFlag & Fcntl.O_CREAT) == 0) {
      int flags = 0;
      if ((openFlag & Fcntl.O_NOFOLLOW) == 0) {
        flags |= Fs.LOOKUP_FOLLOW;
      }
      if ((openFlag & Fcntl.O_DIRECTORY) != 0) {
        flags |= Fs.LOOKUP_DIRECTORY;
      }
      Path path = new Path();
      userPath(pathname, flags, path);
      return finishOpen(path, openFlag, accMode);
    }
    ParentWalk pw = userPathParent(pathname);
    return openCreate(pw, openFlag, mode & ~FsStruct.current().umask(), accMode, 0);
  }

  /**
   * {@code do_last()} for O_CREAT: create the last component, or open what is there. Consumes
   * the references of {@code pw}.
   */
  private static File openCreate(ParentWalk pw, int openFlag, int mode, int accMode, int links) {
    Nameidata nd = pw.nd;
    Path path = new Path();
    try {
      if (pw.lastType != LastType.LAST_NORM || pw.trailingSlash) {
        throw new KernelError(Errno.EISDIR);
      }
      nd.flags &= ~Fs.LOOKUP_PARENT;
      Dentry dir = nd.path.dentry;
      mutexLock(dir.dInode.iMutex);
      Dentry dentry;
      try {
        dentry = lookupHash(nd);
      } catch (KernelError e) {
        mutexUnlock(dir.dInode.iMutex);
        throw e;
      }
      if (dentry.dInode == null) {
        return openNamei(nd, dir, dentry, openFlag, mode);
      }
      // It already exists.
      mutexUnlock(dir.dInode.iMutex);
      path.mnt = Namespace.mntget(nd.path.mnt);
      path.dentry = dentry;
      if ((openFlag & Fcntl.O_EXCL) != 0) {
        throw new KernelError(Errno.EEXIST);
      }
      Namespace.followMount(path);
      Inode inode = path.dentry.dInode;
      if (inode == null) {
        throw new KernelError(Errno.ENOENT);
      }
      if (Stat.S_ISLNK(inode.iMode)) {
        if ((openFlag & Fcntl.O_NOFOLLOW) != 0) {
          throw new KernelError(Errno.ELOOP);
        }
        return openCreateFollow(path, nd, openFlag, mode, accMode, links);
      }
      if (Stat.S_ISDIR(inode.iMode)) {
        throw new KernelError(Errno.EISDIR);
      }
      Path result = path.copy();
      path.mnt = null;
      path.dentry = null;
      return finishOpen(result, openFlag, accMode);
    } finally {
      if (path.dentry != null) {
        Namespace.pathPut(path);
      }
      Namespace.pathPut(nd.path);
    }
  }

  /**
   * O_CREAT on an existing symlink: the C loops in {@code do_filp_open()} following the link and
   * redoing {@code do_last()} on its target (which may be created if it does not exist yet).
   */
  private static File openCreateFollow(
      Path link, Nameidata nd, int openFlag, int mode, int accMode, int links) {
    if (links >= Fs.MAX_TOTAL_LINKS) {
      throw new KernelError(Errno.ELOOP);
    }
    Inodes.touchAtime(link.mnt, link.dentry);
    String body = readLinkBody(link.dentry);
    ParentWalk target = pathParentFrom(nd.path, body);
    return openCreate(target, openFlag, mode, accMode, links + 1);
  }

  private static String readLinkBody(Dentry dentry) {
    Nameidata lnd = new Nameidata();
    lnd.setLink(null);
    Inode inode = dentry.dInode;
    Object cookie = inode.iOp.followLink(dentry, lnd);
    try {
      String body = lnd.getLink();
      if (body == null || body.isEmpty()) {
        throw new KernelError(Errno.ENOENT);
      }
      return body;
    } finally {
      if (inode.iOp.hasPutLink()) {
        inode.iOp.putLink(dentry, lnd, cookie);
      }
    }
  }

  /**
   * Port of {@code __open_namei_create()}: the file does not exist; create it with the parent's
   * i_mutex held (taken by the caller, dropped here) and open it without further permission
   * checks.
   */
  private static File openNamei(Nameidata nd, Dentry dir, Dentry dentry, int openFlag, int mode) {
    Path path = new Path(Namespace.mntget(nd.path.mnt), dentry);
    boolean unlocked = false;
    try {
      Namespace.mntWantWrite(nd.path.mnt);
      try {
        vfsCreate(dir.dInode, dentry, mode, nd);
        mutexUnlock(dir.dInode.iMutex);
        unlocked = true;
        mayOpen(path, 0, openFlag & ~Fcntl.O_TRUNC);
        return Open.vfsOpen(path, openFlag, Creds.currentCred());
      } finally {
        Namespace.mntDropWrite(nd.path.mnt);
      }
    } finally {
      if (!unlocked) {
        mutexUnlock(dir.dInode.iMutex);
      }
      Namespace.pathPut(path);
    }
  }

  /**
   * Port of {@code finish_open()}: {@link #mayOpen}, open through {@link Open#vfsOpen}, then
   * {@code handle_truncate()} for O_TRUNC on the file that was opened. Consumes the references
   * of {@code path}.
   */
  private static File finishOpen(Path path, int openFlag, int accMode) {
    try {
      Inode inode = path.dentry.dInode;
      boolean willTruncate = !Stat.specialFile(inode.iMode) && (openFlag & Fcntl.O_TRUNC) != 0;
      if (willTruncate) {
        Namespace.mntWantWrite(path.mnt);
      }
      try {
        mayOpen(path, accMode, openFlag);
        File filp = Open.vfsOpen(path, openFlag, Creds.currentCred());
        if (willTruncate) {
          try {
            handleTruncate(filp);
          } catch (KernelError e) {
            Open.fput(filp);
            throw e;
          }
        }
        return filp;
      } finally {
        if (willTruncate) {
          Namespace.mntDropWrite(path.mnt);
        }
      }
    } finally {
      Namespace.pathPut(path);
    }
  }

  /** Port of {@code handle_truncate()}: truncates the file just opened to 0. */
  private static void handleTruncate(File filp) {
    Open.doTruncate(
        filp.fPath.dentry, 0, Fs.ATTR_MTIME | Fs.ATTR_CTIME | Fs.ATTR_OPEN, filp);
  }
}
