package ovlsim.vfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovlsim.kernel.Bugs;

/**
 * Port of {@code fs/dcache.c}: allocating, hashing, finding, moving and freeing dentries.
 *
 * <p>The dentry hash is each parent's {@code dChildren} map, guarded with {@code d_parent} and
 * {@code d_name} by {@link Vfs#renameLock}. The model has no RCU: {@code d_lookup()} takes the
 * lock where the kernel uses the {@code rename_lock} seqlock. The children lists
 * ({@code d_subdirs}) are guarded by the same lock, where 2.6.38 takes the parent's
 * {@code d_lock}. A hashed dentry whose count drops to zero stays cached (the model has no
 * shrinker) unless its {@code ->d_delete} says otherwise; an unhashed one is freed at once,
 * calling {@code ->d_release} and dropping its inode and its parent.
 */
public final class Dcache {
  /** {@code DCACHE_CANT_MOUNT} of 2.6.38's {@code <linux/dcache.h>}: set by {@link #dontMount}. */
  public static final int DCACHE_CANT_MOUNT = 0x0100;

  private Dcache() {}

  private static Object renameLock(Dentry d) {
    return Vfs.of(d.dSb.kernel()).renameLock;
  }

  /**
   * Port of {@code d_alloc()}: a new unhashed negative child of {@code parent}, at the head of
   * the parent's {@code d_subdirs}.
   */
  public static Dentry dAlloc(Dentry parent, String name) {
    dget(parent);
    Dentry dentry = new Dentry(parent.dSb, parent, name);
    synchronized (renameLock(parent)) {
      ListHead.listAdd(dentry.dChild, parent.dSubdirs);
    }
    return dentry;
  }

  /** Port of {@code d_alloc_root()}: the root dentry of a new superblock, instantiated. */
  public static Dentry dAllocRoot(Inode rootInode) {
    Dentry d = new Dentry(rootInode.iSb, null, "/");
    dInstantiate(d, rootInode);
    return d;
  }

  /**
   * Port of {@code d_instantiate()} / {@code __d_instantiate()}: attaches {@code inode} (may be
   * null) to {@code dentry}; the new alias goes to the head of {@code i_dentry}, as
   * {@code list_add()} puts it, so {@code i_dentry.next} is the newest alias.
   */
  public static void dInstantiate(Dentry dentry, Inode inode) {
    Bugs.bugOn(dentry.dInode != null, "d_instantiate: dentry already positive");
    if (inode != null) {
      synchronized (inode) {
        inode.iDentry.add(0, dentry);
      }
    }
    dentry.dInode = inode;
  }

  /**
   * Port of {@code d_set_d_op()}: gives {@code dentry} its operations, before it is hashed.
   * Warns when it has some already ({@code WARN_ON_ONCE(dentry->d_op)}).
   */
  public static void dSetDOp(Dentry dentry, DentryOperations op) {
    Bugs.warnOnOnce(dentry.dOp != null, "d_set_d_op: %s has d_op already", dentry);
    dentry.dOp = op;
  }

  /** Port of {@code d_rehash()}: puts {@code dentry} in the hash under its parent and name. */
  public static void dRehash(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      hash(dentry);
    }
  }

  private static void hash(Dentry dentry) {
    Dentry parent = dentry.dParent;
    if (parent.dChildren == null) {
      parent.dChildren = new HashMap<>();
    }
    Dentry old = parent.dChildren.put(dentry.dName, dentry);
    if (old != null && old != dentry) {
      old.hashed = false;
    }
    dentry.hashed = true;
  }

  private static void unhash(Dentry dentry) {
    if (dentry.hashed) {
      Map<String, Dentry> siblings = dentry.dParent.dChildren;
      if (siblings != null) {
        siblings.remove(dentry.dName, dentry);
      }
      dentry.hashed = false;
    }
  }

  /** Port of {@code d_add()}: {@code d_instantiate()} then {@code d_rehash()}. */
  public static void dAdd(Dentry dentry, Inode inode) {
    dInstantiate(dentry, inode);
    dRehash(dentry);
  }

  /**
   * Port of {@code d_lookup()}: the hashed child {@code name} of {@code parent} with a new
   * reference, or {@code null}. The result may be negative.
   */
  public static Dentry dLookup(Dentry parent, String name) {
    return lookupKey(parent, name);
  }

  /** {@link #dLookup(Dentry, String)} of a component the walk has not copied out of its path. */
  static Dentry dLookup(Dentry parent, Qstr name) {
    return lookupKey(parent, name);
  }

  /** {@code d_lookup()} of a {@code String} name or a {@link Qstr} equal to it. */
  private static Dentry lookupKey(Dentry parent, Object name) {
    synchronized (renameLock(parent)) {
      Map<String, Dentry> children = parent.dChildren;
      Dentry d = children == null ? null : children.get(name);
      if (d != null) {
        d.dCount.incrementAndGet();
      }
      return d;
    }
  }

  /** Port of {@code d_drop()}: unhashes {@code dentry}; lookups no longer find it. */
  public static void dDrop(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      unhash(dentry);
    }
  }

  /**
   * {@code __d_drop()} under {@code d_lock} when {@code d_count == count}, the test of
   * {@code dentry_unhash()}: a dentry nobody else uses is unhashed, one in use stays hashed.
   * Returns whether it was dropped.
   */
  static boolean dDropIfCount(Dentry dentry, int count) {
    synchronized (renameLock(dentry)) {
      if (dentry.dCount.get() != count) {
        return false;
      }
      unhash(dentry);
      return true;
    }
  }

  /**
   * Port of {@code dont_mount()}: after a successful unlink, rmdir or rename over it, nothing
   * may be mounted on {@code dentry} any more ({@code graft_tree()} checks
   * {@link #cantMount}).
   */
  public static void dontMount(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      dentry.dFlags |= DCACHE_CANT_MOUNT;
    }
  }

  /** Port of {@code cant_mount()}. */
  public static boolean cantMount(Dentry dentry) {
    return (dentry.dFlags & DCACHE_CANT_MOUNT) != 0;
  }

  /**
   * Port of {@code shrink_dcache_parent()} with {@code select_parent()} and
   * {@code shrink_dentry_list()}: frees every unused dentry below {@code parent} (cached with
   * {@code d_count} 0: negative entries, and positive ones a filesystem does not pin), children
   * before parents, so that each stops holding its reference on its parent. Repeats while a
   * pass finds some: a dentry whose last child went is unused in the next pass. Differs in
   * form: the C also frees at once an ancestor that its freed child left unused ("prune
   * ancestors"); here the next pass finds it. Neither goes above {@code parent}, which the
   * caller holds.
   */
  public static void shrinkDcacheParent(Dentry parent) {
    List<Dentry> found;
    while (!(found = selectParent(parent)).isEmpty()) {
      for (Dentry dentry : found) {
        pruneOne(dentry);
      }
    }
  }

  /** Port of {@code select_parent()}: the unused dentries below {@code parent}, deepest first. */
  private static List<Dentry> selectParent(Dentry parent) {
    List<Dentry> found = new ArrayList<>();
    synchronized (renameLock(parent)) {
      collectUnused(parent, found);
    }
    return found;
  }

  private static void collectUnused(Dentry parent, List<Dentry> found) {
    for (ListHead<Dentry> p = parent.dSubdirs.next(); p != parent.dSubdirs; p = p.next()) {
      Dentry dentry = p.entry();
      collectUnused(dentry, found);
      if (dentry.dCount.get() == 0) {
        found.add(dentry);
      }
    }
  }

  /**
   * Port of {@code shrink_dentry_list()} for one dentry: unless someone took it meanwhile
   * ({@code d_count} no longer 0), unhash and free it ({@code d_kill()}), then put its parent.
   */
  private static void pruneOne(Dentry dentry) {
    Inode inode;
    synchronized (renameLock(dentry)) {
      inode = dentry.dInode;
      if (dentry.dCount.get() != 0 || dentry.dChild.listEmpty() || !dKillLocked(dentry)) {
        return;
      }
    }
    dput(dKillRest(dentry, inode));
  }

  /**
   * Port of {@code d_delete()}: after a successful unlink or rmdir. The caller's is the only
   * reference: the dentry turns negative and stays hashed; else it is unhashed and the inode
   * goes with the last reference.
   */
  public static void dDelete(Dentry dentry) {
    Inode inode = null;
    synchronized (renameLock(dentry)) {
      if (dentry.dCount.get() == 1 && dentry.dInode != null) {
        inode = dentry.dInode;
        dentry.dInode = null;
      } else {
        unhash(dentry);
      }
    }
    if (inode != null) {
      synchronized (inode) {
        inode.iDentry.remove(dentry);
      }
      Inodes.iput(inode);
    }
  }

  /**
   * Port of {@code d_move()}: {@code dentry} takes the name and parent of {@code target}, which
   * is unhashed and gets {@code dentry}'s old name and parent (so the parents' references stay
   * balanced); both go to the head of their new parents' {@code d_subdirs}. The caller holds
   * the i_mutexes of both parents ({@code lock_rename()}).
   */
  public static void dMove(Dentry dentry, Dentry target) {
    synchronized (renameLock(dentry)) {
      unhash(dentry);
      unhash(target);
      ListHead.listDel(dentry.dChild);
      ListHead.listDel(target.dChild);
      Dentry oldParent = dentry.dParent;
      String oldName = dentry.dName;
      dentry.dName = target.dName;
      if (target.dParent == target) {
        dentry.dParent = dentry;
      } else {
        dentry.dParent = target.dParent;
      }
      target.dName = oldName;
      target.dParent = oldParent == dentry ? target : oldParent;
      // And add them back to the (new) parent lists.
      if (!target.isRoot()) {
        ListHead.listAdd(target.dChild, target.dParent.dSubdirs);
      }
      if (!dentry.isRoot()) {
        ListHead.listAdd(dentry.dChild, dentry.dParent.dSubdirs);
      }
      hash(dentry);
    }
  }

  /** Port of {@code dget()}: takes a reference; {@code null} passes through. */
  public static Dentry dget(Dentry dentry) {
    if (dentry != null) {
      dentry.dCount.incrementAndGet();
    }
    return dentry;
  }

  /** Port of {@code dget_parent()}: the parent with a reference, read under rename_lock. */
  public static Dentry dgetParent(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      Dentry p = dentry.dParent;
      p.dCount.incrementAndGet();
      return p;
    }
  }

  /**
   * Whether the last reference of {@code dentry} leaves it cached: hashed, and no
   * {@code ->d_delete} to ask ({@code DCACHE_OP_DELETE} clear).
   */
  private static boolean staysCached(Dentry dentry) {
    DentryOperations op = dentry.dOp;
    return dentry.hashed && (op == null || !op.hasDDelete());
  }

  /**
   * Port of {@code dput()}: drops a reference. When the last one goes, a dentry whose
   * {@code ->d_delete} asks for it is unhashed; then an unhashed dentry is freed:
   * {@code ->d_release}, its inode reference, and its reference on the parent, which may free
   * the parent in turn. {@code null} is ignored.
   */
  public static void dput(Dentry dentry) {
    while (dentry != null) {
      Inode inode;
      // A reference that is not the last goes without rename_lock, as 2.6.38 drops it under
      // the dentry's own d_lock; so does the last one of a hashed dentry without ->d_delete,
      // which stays cached (the C's d_count-- at the end of dput()). Model: the hashed test
      // and the decrement are two steps here, so the dentry may have been unhashed between
      // them; then the last reference is dropped and it is killed as under the lock.
      boolean dropped = false;
      for (int c = dentry.dCount.get(); c > 1 || (c == 1 && staysCached(dentry));
          c = dentry.dCount.get()) {
        if (dentry.dCount.compareAndSet(c, c - 1)) {
          if (c > 1 || dentry.hashed) {
            return;
          }
          dropped = true;
          break;
        }
      }
      synchronized (renameLock(dentry)) {
        if (dropped) {
          // Unhashed after the test: killed unless somebody took or killed it meanwhile.
          if (dentry.dCount.get() != 0 || dentry.hashed || dentry.dChild.listEmpty()) {
            return;
          }
        } else {
          int c = dentry.dCount.decrementAndGet();
          Bugs.bugOn(c < 0, "dput: negative d_count on %s", dentry);
          if (c > 0) {
            return;
          }
          DentryOperations op = dentry.dOp;
          boolean delete = op != null && op.hasDDelete() && op.dDelete(dentry);
          if (!delete && dentry.hashed) {
            return; // left cached
          }
          // kill_it: dentry_kill() drops it from the hash.
        }
        inode = dentry.dInode;
        if (!dKillLocked(dentry)) {
          return;
        }
      }
      dentry = dKillRest(dentry, inode);
    }
  }

  /**
   * Port of {@code d_genocide()}: drops one reference from every hashed positive dentry below
   * {@code root} (not from {@code root}), children before parents: the pins a filesystem whose
   * dcache is its directory tree (ramfs, {@code dget()} in {@code ramfs_mknod()}) keeps on its
   * entries, so that {@code shrink_dcache_for_umount()} can free them. Runs under rename_lock,
   * so the C's {@code DCACHE_GENOCIDE} guard against a second visit is not needed.
   */
  public static void dGenocide(Dentry root) {
    synchronized (renameLock(root)) {
      genocide(root);
    }
  }

  private static void genocide(Dentry parent) {
    for (ListHead<Dentry> p = parent.dSubdirs.next(); p != parent.dSubdirs; p = p.next()) {
      Dentry dentry = p.entry();
      if (!dentry.hashed || dentry.dInode == null) {
        continue;
      }
      genocide(dentry);
      dentry.dCount.decrementAndGet();
    }
  }

  /**
   * Port of {@code shrink_dcache_for_umount()}: at umount, frees every cached dentry of
   * {@code sb}, children before parents and the root last, each as {@code d_kill()} does
   * (drops its inode, calls {@code ->d_release}, puts its parent). So an overlay gives back the
   * layers' dentries its entries hold ({@code ovl_dentry_release()}). Differs: the C BUGs on a
   * dentry still in use; the model leaves it (and its ancestors) in place.
   */
  public static void shrinkDcacheForUmount(SuperBlock sb) {
    Dentry root = sb.sRoot;
    if (root == null) {
      return;
    }
    sb.sRoot = null;
    shrinkSubtree(root);
    // The superblock's own reference on its root (d_alloc_root()).
    Inode inode;
    synchronized (renameLock(root)) {
      if (root.dCount.decrementAndGet() > 0) {
        return;
      }
      inode = root.dInode;
      if (!dKillLocked(root)) {
        return;
      }
    }
    dKillRest(root, inode);
  }

  private static void shrinkSubtree(Dentry dentry) {
    List<Dentry> children;
    synchronized (renameLock(dentry)) {
      children = dentry.dChildren == null
          ? List.of() : new ArrayList<>(dentry.dChildren.values());
    }
    for (Dentry child : children) {
      shrinkSubtree(child);
      Inode inode;
      synchronized (renameLock(child)) {
        inode = child.dInode;
        if (child.dCount.get() != 0 || child.dChild.listEmpty() || !dKillLocked(child)) {
          continue;
        }
      }
      Dentry parent = dKillRest(child, inode);
      if (parent != null) {
        synchronized (renameLock(parent)) {
          parent.dCount.decrementAndGet();
        }
      }
    }
  }

  /**
   * The half of {@code dentry_kill()} and {@code d_kill()} that the C does while it holds the
   * dentry's {@code d_lock} from the decision on, with its inode's {@code i_lock} and its
   * parent's {@code d_lock}: an unused dentry is unhashed, taken off its parent's
   * {@code d_subdirs} and its inode's aliases, and loses its inode. The caller holds rename_lock
   * (the model's {@code d_lock}) and has seen {@code d_count} 0. Returns {@code false}, having
   * changed nothing, when somebody took the dentry through its inode's aliases meanwhile (under
   * the inode's monitor, the C's {@code i_lock}, which its {@code dput()} waits for); that
   * reference's {@code dput()} then decides again.
   */
  private static boolean dKillLocked(Dentry dentry) {
    Inode inode = dentry.dInode;
    if (inode != null) {
      synchronized (inode) {
        if (dentry.dCount.get() != 0) {
          return false;
        }
        inode.iDentry.remove(dentry);
      }
    }
    unhash(dentry);
    ListHead.listDel(dentry.dChild);
    dentry.dInode = null;
    return true;
  }

  /**
   * The rest of {@code d_kill()}, after the locks: the inode's reference ({@code iput()}),
   * {@code ->d_release}; returns the parent to put.
   */
  private static Dentry dKillRest(Dentry dentry, Inode inode) {
    if (inode != null) {
      Inodes.iput(inode);
    }
    DentryOperations op = dentry.dOp;
    if (op != null) {
      op.dRelease(dentry);
    }
    return dentry.isRoot() ? null : dentry.dParent;
  }

  /**
   * Port of {@code d_ancestor()}: the child of {@code p1} on the way from {@code p2} up to
   * {@code p1} ({@code p2} itself when it is a direct child), or {@code null} when {@code p1}
   * is not an ancestor of {@code p2}.
   */
  public static Dentry dAncestor(Dentry p1, Dentry p2) {
    synchronized (renameLock(p1)) {
      for (Dentry p = p2; !p.isRoot(); p = p.dParent) {
        if (p.dParent == p1) {
          return p;
        }
      }
      return null;
    }
  }

  /** Port of {@code is_subdir()}: is {@code newDentry} {@code ancestor} or below it. */
  public static boolean isSubdir(Dentry newDentry, Dentry ancestor) {
    if (newDentry == ancestor) {
      return true;
    }
    return dAncestor(ancestor, newDentry) != null;
  }

  /** The path of {@code dentry} from its superblock's root, for messages ({@code dentry_path}). */
  public static String dentryPath(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      if (dentry.isRoot()) {
        return "/";
      }
      StringBuilder sb = new StringBuilder();
      for (Dentry d = dentry; !d.isRoot(); d = d.dParent) {
        sb.insert(0, "/" + d.dName);
      }
      return sb.toString();
    }
  }
}
