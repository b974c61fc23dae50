package ovlsim.properties.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import ovlsim.kernel.Errno;

/**
 * The reference union: what each {@link Op} returns and how it changes the layers, written from
 * the v6 documentation and the 2.6.38 VFS rules, not from the port. The merged view is
 * {@link Merged}'s function of the two layers; an operation
 *
 * <ol>
 *   <li>resolves its paths in the merged view (symlinks followed as the syscall does) and
 *       decides its errno from the merged view alone, in the order the VFS checks: the path
 *       walk (ENOENT, ENOTDIR, ELOOP), then existence (EEXIST, ENOENT), then the type checks
 *       of {@code may_delete()}/{@code may_open()} (EISDIR, ENOTDIR, EPERM for a directory hard
 *       link), rename's traps (EINVAL when the new name is inside the old directory,
 *       ENOTEMPTY when the old one is inside the new), then the overlay's EXDEV for renaming a
 *       directory that has a lower part ("Don't copy up directory trees"), then ENOTEMPTY;
 *   <li>copies up what it writes: "The copy_up process first makes sure that the containing
 *       directory exists in the upper filesystem - creating it and any parents as necessary. It
 *       then creates the object with the same metadata ... data ... extended attributes";
 *   <li>changes only the upper layer, leaving a whiteout where a removed or renamed name would
 *       otherwise show the lower object, and making a directory opaque where it would otherwise
 *       merge with a lower directory it does not stand for.
 * </ol>
 *
 * Everything runs as root with umask 0; times, owners, st_dev and st_ino are outside the model.
 */
public final class UnionReference {
  /** {@code MAX_NESTED_LINKS} of 2.6.38. */
  static final int MAX_NESTED_LINKS = 8;

  /** The total symlink budget of one path walk ({@code total_link_count}). */
  static final int MAX_TOTAL_LINKS = 40;

  private UnionReference() {}

  /** An operation's result and the state after it. */
  public record Step(Outcome outcome, UnionState state) {}

  /** Applies {@code op} to {@code s}. */
  public static Step apply(UnionState s, Op op) {
    return apply(s, op, false);
  }

  /**
   * A race of the 2011 patch that concurrent runs show, declared so that a concurrent check can
   * tell it from anything else (properties/PROPERTIES.md, "Known 2011 races").
   */
  public enum KnownRace {
    /**
     * Removing a name (unlink, rmdir, or rename away) leaves no whiteout, so that the lower
     * object shows again, because a dentry was stale: the remover's dentry was looked up as
     * lower and copied up under it by another task (write, truncate, chmod, setxattr, link),
     * so {@code ovl_do_remove()} / {@code ovl_rename()} read its opaque flag as false; or
     * another task that looked the name up before the removal copies it up after it
     * ({@code ovl_copy_up_one()} rechecks only the dentry, which is still lower, in v6 and v7
     * alike), and {@code ovl_lookup_create()} replaces the whiteout with the copy. The v7 review:
     * "its protection against renames is nowhere near enough".
     */
    NO_WHITEOUT,
    /**
     * {@code open(O_CREAT)} creates the file, drops the parent's i_mutex, and another task
     * unlinks it before {@code may_open()}: {@code ovl_permission()} finds the upper dentry
     * negative, warns ({@code WARN_ON(!(flags & IPERM_FLAG_RCU))}) and fails the open with
     * ENOENT, the file having been created.
     */
    CREATE_THEN_PERMISSION_ENOENT,
    /**
     * An operation holding an overlay dentry whose upper dentry another task's unlink made
     * negative (the overlay dentry keeps {@code __upperdentry}; {@code d_delete()} turns the
     * upper dentry negative when the overlay holds its only reference) passes the NULL
     * {@code d_inode} on, e.g. {@code ovl_setxattr()} to {@code vfs_setxattr()}: an oops in C,
     * a {@code NullPointerException} in the model. The run's outcomes cannot be checked then.
     */
    NEGATIVE_UPPER_DENTRY_OOPS,
    /**
     * As {@link #NEGATIVE_UPPER_DENTRY_OOPS}, but the unlink's {@code ovl_whiteout()} has
     * already looked the name up again in the upper directory and got the same, now negative,
     * dentry back, and made it the whiteout: the operation acts on the whiteout symlink, and a
     * setxattr of a {@code user.*} name fails with EPERM ({@code xattr_permission()}).
     */
    STALE_UPPER_IS_WHITEOUT,
    /**
     * A write, truncate, chmod or setxattr whose lookup found a lower dentry that another
     * task's rename then replaced (the VFS's {@code d_move()} comes after {@code ->rename}
     * returns) copies it up onto the upper name the rename has just made:
     * {@code ovl_lookup_create()} finds it, and the operation fails with EEXIST (v6: the
     * "Already copied up?" branch sees the dentry still lower; v7: the recheck does too).
     */
    COPY_UP_EEXIST,
    /**
     * A task that looked up the target of another task's rename (a name showing a lower
     * non-directory) copies it up after the VFS's {@code d_move()}, which unhashes the target
     * dentry and gives it the source's name ({@code switch_names()}): the copy-up creates the
     * replaced lower file in the upper layer under the rename's old name, where it shows.
     */
    COPY_UP_UNDER_SOURCE_NAME,
    /**
     * {@code ovl_do_remove()} unhashes the overlay dentry also when the upper
     * {@code vfs_rmdir()} fails ({@code out_d_drop}), e.g. with ENOTEMPTY: a task that walked
     * through the directory before holds one dentry of it, a new lookup makes a second, so
     * {@code lock_rename()}'s trap does not match and a rename of the directory into its own
     * subtree (or of an entry onto a directory above it) passes the trap: the VFS's later
     * checks answer instead (EISDIR, ENOTDIR...), or {@code ovl_rename()}'s upper-layer checks
     * (ESTALE), where the VFS would answer EINVAL or ENOTEMPTY. And the upper
     * {@code vfs_rmdir()} has unhashed the upper dentry too ({@code dentry_unhash()}: the
     * overlay entry's reference and its own are all it has), and 2.6.38 leaves it unhashed when
     * {@code ->rmdir} fails: the new overlay lookup gets a second upper dentry of the directory,
     * the upper trap misses as well, and the rename succeeds, moving the directory into its
     * own subtree, where it and everything below it are out of the tree; or, when the moved
     * directory's opaque flag is to change, {@code ovl_rename()} then takes its i_mutex for the
     * xattr ({@code ovl_remove_opaque()}, {@code ovl_set_opaque()}), which
     * {@code lock_rename()} holds as the new parent's: the task deadlocks on itself (a hang in
     * C; {@code ConcurrentCheck} recognises the model's report, and the run's outcomes are not
     * checked).
     */
    FAILED_RMDIR_UNHASHES,
    /**
     * The family the others belong to, as a last resort: an outcome no declared variant
     * explains, of an operation on a path that a successful removal (unlink, rmdir, rename)
     * shares, where that removal overlapped another task's operation on the same path. The
     * 2011 overlay does not protect an object another task is working through from being
     * removed or renamed under it (the v7 review: "its protection against renames is nowhere near
     * enough"); what follows differs from case to case. Recognised by
     * {@code ConcurrentCheck}, not by a reference variant.
     */
    STALE_DENTRY,
    /**
     * Not a race but the 2011 dcache aliasing of {@link #isHardLinkAliasingRename}: after a
     * rename between two hard links, an unlink through the new name removes the other upper
     * name, and when a whiteout is due {@code ovl_whiteout()} finds the name still positive
     * ({@code WARN_ON(newdentry->d_inode)}) and the unlink fails with EEXIST. Recognised by
     * {@code ConcurrentCheck} when such a rename is reachable in the workload.
     */
    HARDLINK_RENAME_ALIASING
  }

  /**
   * The steps {@code op} may take from {@code s} when the declared {@link KnownRace}s may
   * strike: the normal one first, then each variant with the race that makes it.
   */
  public static List<Variant> applyWithKnownRaces(
      UnionState s, Op op, Set<KnownRace> races) {
    List<Variant> out = new ArrayList<>();
    Step normal = apply(s, op, false);
    out.add(new Variant(normal, null));
    if (races.contains(KnownRace.CREATE_THEN_PERMISSION_ENOENT)
        && op instanceof Op.Create && normal.outcome().ok()) {
      out.add(new Variant(new Step(Outcome.error(Errno.ENOENT), normal.state()),
          KnownRace.CREATE_THEN_PERMISSION_ENOENT));
    }
    if (races.contains(KnownRace.FAILED_RMDIR_UNHASHES) && op instanceof Op.Rename r
        && (normal.outcome().errno() == Errno.EINVAL
            || normal.outcome().errno() == Errno.ENOTEMPTY)) {
      Step noTrap;
      try {
        noTrap = rename(s, r, false, true);
      } catch (Fail f) {
        noTrap = new Step(Outcome.error(f.errno), s);
      }
      out.add(new Variant(noTrap, KnownRace.FAILED_RMDIR_UNHASHES));
      out.add(new Variant(new Step(Outcome.error(Errno.ESTALE), s),
          KnownRace.FAILED_RMDIR_UNHASHES));
    }
    if (races.contains(KnownRace.STALE_UPPER_IS_WHITEOUT) && op instanceof Op.Setxattr) {
      out.add(new Variant(new Step(Outcome.error(Errno.EPERM), s),
          KnownRace.STALE_UPPER_IS_WHITEOUT));
    }
    if (races.contains(KnownRace.COPY_UP_EEXIST) && (op instanceof Op.Write
        || op instanceof Op.Truncate || op instanceof Op.Chmod || op instanceof Op.Setxattr)) {
      out.add(new Variant(new Step(Outcome.error(Errno.EEXIST), s), KnownRace.COPY_UP_EEXIST));
    }
    if (races.contains(KnownRace.COPY_UP_UNDER_SOURCE_NAME) && op instanceof Op.Rename r
        && normal.outcome().ok() && s.semantics().series()) {
      Step resurrected = resurrectTarget(s, r, normal);
      if (resurrected != null) {
        out.add(new Variant(resurrected, KnownRace.COPY_UP_UNDER_SOURCE_NAME));
      }
    }
    if (races.contains(KnownRace.NO_WHITEOUT) && s.semantics().series()
        && (op instanceof Op.Unlink || op instanceof Op.Rename || op instanceof Op.Rmdir)) {
      Step stale = apply(s, op, true);
      if (!stale.equals(normal)) {
        out.add(new Variant(stale, KnownRace.NO_WHITEOUT));
      }
    }
    return out;
  }

  /**
   * {@link KnownRace#COPY_UP_UNDER_SOURCE_NAME}: {@code normal} (a successful rename) plus a
   * copy of the lower non-directory it replaced, put at the old name; {@code null} when the
   * target was not a lower non-directory.
   */
  private static Step resurrectTarget(UnionState s, Op.Rename r, Step normal) {
    try {
      Parent o = parent(s, r.oldpath());
      Parent n = parent(s, r.newpath());
      Merged.Node target = n.child();
      if (target == null || target.upper() != null || !(target.lower() instanceof RefIno li)
          || normal.state().equals(s)) {
        return null; // no lower non-directory replaced (or a no-op rename of one inode)
      }
      UnionState t = normal.state();
      RefLayer up = t.upper().addInode(s.lower().inode(li.ino()));
      up = up.put(o.dir(), o.name(), new RefIno(up.nextIno() - 1));
      TreeMap<String, Boolean> flags = forget(t.dentryOpaque(), key(o.dir(), o.name()));
      flags.put(key(o.dir(), o.name()), false);
      return new Step(normal.outcome(), t.with(up, flags));
    } catch (Fail f) {
      return null;
    }
  }

  /** A possible step, and the known race that makes it ({@code null}: none). */
  public record Variant(Step step, KnownRace race) {}

  /** {@code staleFlag}: removing a non-directory leaves no whiteout ({@link KnownRace#NO_WHITEOUT}). */
  private static Step apply(UnionState s, Op op, boolean staleFlag) {
    try {
      if (op instanceof Op.Create c) {
        return create(s, c.path(), RefInode.file(c.mode() & 07777, ""));
      } else if (op instanceof Op.Symlink l) {
        return create(s, l.path(), RefInode.symlink(l.target()));
      } else if (op instanceof Op.Mkdir m) {
        return mkdir(s, m);
      } else if (op instanceof Op.Write w) {
        return write(s, w);
      } else if (op instanceof Op.Truncate t) {
        return truncate(s, t);
      } else if (op instanceof Op.Chmod c) {
        return chmod(s, c);
      } else if (op instanceof Op.Link l) {
        return link(s, l);
      } else if (op instanceof Op.Unlink u) {
        return remove(s, u.path(), false, staleFlag);
      } else if (op instanceof Op.Rmdir r) {
        return remove(s, r.path(), true, staleFlag);
      } else if (op instanceof Op.Rename r) {
        return rename(s, r, staleFlag, false);
      } else if (op instanceof Op.Setxattr x) {
        return setxattr(s, x);
      } else if (op instanceof Op.Readdir r) {
        return readdir(s, r);
      }
      throw new AssertionError(op);
    } catch (Fail f) {
      return new Step(Outcome.error(f.errno), s);
    }
  }

  /** The errno of an operation, thrown inside this class only. */
  private static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Errno errno;

    Fail(Errno errno) {
      super(errno.name(), null, false, false);
      this.errno = errno;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Path walk
  // -------------------------------------------------------------------------------------------

  /** The parent directory a path walk ends in, the last name, and what that name is now. */
  private record Parent(List<String> dir, Merged.Node dirNode, String name, Merged.Node child) {
    List<String> childPath() {
      List<String> p = new ArrayList<>(dir);
      p.add(name);
      return p;
    }
  }

  /** A resolved object: its canonical path and node. */
  private record Resolved(List<String> path, Merged.Node node) {}

  private static final class Budget {
    int total;
  }

  static List<String> split(String path) {
    if (path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException("the reference takes relative paths: '" + path + "'");
    }
    List<String> out = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty()) {
        continue;
      }
      if (c.equals(".") || c.equals("..")) {
        throw new IllegalArgumentException("the reference takes plain names: '" + path + "'");
      }
      out.add(c);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no name in '" + path + "'");
    }
    return out;
  }

  /**
   * Walks every component but the last from the directory {@code base}, following symlinks:
   * ENOENT for a missing component, ENOTDIR for one that is not a directory, ELOOP for too many
   * links.
   */
  private static Parent parent(UnionState s, List<String> base, List<String> comps, Budget b, int depth) {
    List<String> cur = base;
    Merged.Node node = Merged.node(s, base);
    for (int i = 0; i < comps.size() - 1; i++) {
      Merged.Node child = Merged.child(s, node, comps.get(i));
      if (child == null) {
        throw new Fail(Errno.ENOENT);
      }
      List<String> childPath = child.path();
      if (child.isSymlink(s)) {
        Resolved r = follow(s, cur, child, b, depth);
        child = r.node();
        childPath = r.path();
      }
      if (!child.isDir(s)) {
        throw new Fail(Errno.ENOTDIR);
      }
      cur = childPath;
      node = child;
    }
    String name = comps.get(comps.size() - 1);
    return new Parent(cur, node, name, Merged.child(s, node, name));
  }

  /** Follows the symlink {@code link} found in the directory {@code dir}, to its end. */
  private static Resolved follow(UnionState s, List<String> dir, Merged.Node link, Budget b, int depth) {
    if (depth >= MAX_NESTED_LINKS || ++b.total > MAX_TOTAL_LINKS) {
      throw new Fail(Errno.ELOOP);
    }
    Parent p = parent(s, dir, split(link.target(s)), b, depth + 1);
    if (p.child() == null) {
      throw new Fail(Errno.ENOENT); // dangling
    }
    if (p.child().isSymlink(s)) {
      return follow(s, p.dir(), p.child(), b, depth + 1);
    }
    return new Resolved(p.childPath(), p.child());
  }

  private static Parent parent(UnionState s, String path) {
    return parent(s, List.of(), split(path), new Budget(), 0);
  }

  /** The object {@code path} names, a final symlink followed: ENOENT when there is none. */
  private static Resolved resolve(UnionState s, String path) {
    Budget b = new Budget();
    Parent p = parent(s, List.of(), split(path), b, 0);
    if (p.child() == null) {
      throw new Fail(Errno.ENOENT);
    }
    if (p.child().isSymlink(s)) {
      return follow(s, p.dir(), p.child(), b, 0);
    }
    return new Resolved(p.childPath(), p.child());
  }

  // -------------------------------------------------------------------------------------------
  // The upper layer: copy-up, whiteouts
  // -------------------------------------------------------------------------------------------

  /**
   * Copies up {@code path} and every directory above it that is only in the lower layer:
   * directories come up empty with the lower's mode and xattrs (they are merged from then on),
   * files and symlinks with their content, mode and xattrs.
   */
  static UnionState copyUp(UnionState s, List<String> path) {
    for (int i = 1; i <= path.size(); i++) {
      List<String> prefix = path.subList(0, i);
      Merged.Node n = Merged.node(s, prefix);
      if (n == null) {
        throw new IllegalStateException("copy-up of a missing " + prefix);
      }
      if (n.upper() != null) {
        continue;
      }
      RefLayer up = s.upper();
      RefEntry copy;
      if (n.lower() instanceof RefDir ld) {
        copy = ld.emptied();
      } else {
        up = up.addInode(s.lower().inode(((RefIno) n.lower()).ino()));
        copy = new RefIno(up.nextIno() - 1);
      }
      up = up.put(prefix.subList(0, i - 1), prefix.get(i - 1), copy);
      s = s.withUpper(up);
    }
    return s;
  }

  /** Does the lower layer show a name {@code name} in the (copied-up) directory {@code dir}? */
  private static boolean lowerHas(UnionState s, List<String> dir, String name) {
    Merged.Node d = Merged.node(s, dir);
    return d.lowerDir() != null && d.lowerDir().get(name) != null;
  }

  private static String key(List<String> dir, String name) {
    return dir.isEmpty() ? name : String.join("/", dir) + "/" + name;
  }

  /**
   * Whether removing (or renaming away) the name {@code name} in {@code dir} leaves a
   * whiteout. {@link Semantics#DOCUMENTED}: where the lower layer would show through.
   * {@link Semantics#OVL_2011}: when the name is only in the lower layer, or the overlay
   * dentry's opaque flag is set ({@code ovl_do_remove()}, {@code ovl_rename()}): the flag a
   * create, link or rename left ({@link UnionState#dentryOpaque}), else the one a fresh
   * {@code ovl_lookup()} sets: the parent has a lower directory and the lower layer has the
   * name, or the upper entry is an opaque directory.
   */
  private static boolean whiteoutOnRemove(UnionState s, List<String> dir, String name) {
    return whiteoutOnRemove(s, dir, name, false);
  }

  /** As above; {@code stale}: a non-directory's dentry is a stale lower one. */
  private static boolean whiteoutOnRemove(
      UnionState s, List<String> dir, String name, boolean stale) {
    if (s.semantics() == Semantics.DOCUMENTED) {
      return lowerHas(s, dir, name);
    }
    RefEntry upper = s.upper().dir(dir).get(name);
    if (stale) {
      return false; // KnownRace.NO_WHITEOUT
    }
    if (upper == null) {
      return true; // OVL_PATH_LOWER
    }
    return dentryOpaque(s, dir, name);
  }

  /** The 2011 overlay dentry's opaque flag of the upper name {@code name} in {@code dir}. */
  private static boolean dentryOpaque(UnionState s, List<String> dir, String name) {
    Boolean flag = s.dentryOpaque().get(key(dir, name));
    if (flag != null) {
      return flag;
    }
    Merged.Node d = Merged.node(s, dir);
    if (d.lowerDir() == null) {
      return false;
    }
    RefEntry upper = s.upper().dir(dir).get(name);
    return d.lowerDir().get(name) != null || (upper instanceof RefDir ud && ud.opaque());
  }

  /**
   * The state once the overlay dentry of {@code key} (and so every dentry under it) is gone:
   * the next lookups are fresh, so its flags and pins go.
   */
  private static UnionState dropDentry(UnionState s, String key) {
    TreeSet<String> pins = new TreeSet<>(s.unmerged());
    pins.removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
    return s.with(s.upper(), forget(s.dentryOpaque(), key)).withUnmerged(pins);
  }

  /** {@code flags} without {@code path} and everything under it. */
  private static TreeMap<String, Boolean> forget(SortedMap<String, Boolean> flags, String path) {
    TreeMap<String, Boolean> m = new TreeMap<>(flags);
    m.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
    return m;
  }

  /**
   * Removes whatever the upper layer has as {@code name} in {@code dir} and puts a whiteout
   * there if the lower layer would show through ({@link #whiteoutOnRemove}).
   */
  private static UnionState removeName(
      UnionState s, List<String> dir, String name, boolean stale) {
    boolean whiteout = whiteoutOnRemove(s, dir, name, stale);
    RefLayer up = s.upper().remove(dir, name);
    if (whiteout) {
      up = up.put(dir, name, RefWhiteout.INSTANCE);
    }
    return dropDentry(s.withUpper(up), key(dir, name));
  }

  /**
   * Creates {@code e} as {@code name} in the copied-up directory {@code dir}, replacing what
   * the upper layer has there (a whiteout, or a rename's target), and sets the opacity of a
   * directory (its {@code trusted.overlay.opaque}) to {@code opaque}. Under
   * {@link Semantics#OVL_2011} the name's dentry flag becomes {@code flag} (see
   * {@link Semantics}); for a directory the two may differ after a rename.
   */
  private static UnionState putName(
      UnionState s, List<String> dir, String name, RefEntry e, boolean opaque, boolean flag) {
    if (e instanceof RefDir d) {
      e = d.withOpaque(opaque);
    }
    s = dropDentry(s, key(dir, name));
    TreeMap<String, Boolean> flags = new TreeMap<>(s.dentryOpaque());
    if (s.semantics().series()) {
      flags.put(key(dir, name), flag);
    }
    return s.with(s.upper().put(dir, name, e), flags);
  }

  /**
   * Creates the new name {@code name} in {@code dir} (create, mkdir, symlink, link): a
   * directory is opaque where the lower layer has the name ({@link Semantics#DOCUMENTED}), or
   * where it replaces a whiteout (2011: the negative dentry's flag); the two agree but for a
   * stale whiteout, which hides nothing.
   */
  private static UnionState createName(UnionState s, List<String> dir, String name, RefEntry e) {
    boolean hadWhiteout = s.upper().dir(dir).get(name) instanceof RefWhiteout;
    boolean opaque = s.semantics().series() ? hadWhiteout : lowerHas(s, dir, name);
    return putName(s, dir, name, e, opaque, hadWhiteout);
  }

  // -------------------------------------------------------------------------------------------
  // Operations
  // -------------------------------------------------------------------------------------------

  private static Step create(UnionState s, String path, RefInode inode) {
    Parent p = parent(s, path);
    if (p.child() != null) {
      throw new Fail(Errno.EEXIST); // O_EXCL, mkdir, symlink: a final symlink is not followed
    }
    UnionState t = copyUp(s, p.dir());
    RefLayer up = t.upper().addInode(inode);
    t = t.withUpper(up);
    return new Step(Outcome.OK, createName(t, p.dir(), p.name(), new RefIno(up.nextIno() - 1)));
  }

  private static Step mkdir(UnionState s, Op.Mkdir m) {
    Parent p = parent(s, m.path());
    if (p.child() != null) {
      throw new Fail(Errno.EEXIST);
    }
    UnionState t = copyUp(s, p.dir());
    int perm = m.mode() & 01777; // vfs_mkdir(): mode & (S_IRWXUGO|S_ISVTX)
    return new Step(Outcome.OK, createName(t, p.dir(), p.name(), RefDir.empty(perm)));
  }

  /** The inode of the copied-up non-directory at {@code path}. */
  private static int upperIno(UnionState s, List<String> path) {
    return ((RefIno) s.upper().get(path)).ino();
  }

  private static Step write(UnionState s, Op.Write w) {
    Resolved r = resolve(s, w.path());
    if (r.node().isDir(s)) {
      throw new Fail(Errno.EISDIR); // may_open(): a directory for writing
    }
    UnionState t = copyUp(s, r.path());
    int ino = upperIno(t, r.path());
    RefInode inode = t.upper().inode(ino);
    String data = pwrite(inode.data(), w.offset(), w.data());
    t = t.withUpper(t.upper().setInode(ino, inode.withData(data)));
    return new Step(Outcome.count(w.data().length()), t);
  }

  static String pwrite(String content, long offset, String data) {
    StringBuilder sb = new StringBuilder(content);
    while (sb.length() < offset) {
      sb.append('\0');
    }
    int off = (int) offset;
    for (int i = 0; i < data.length(); i++) {
      if (off + i < sb.length()) {
        sb.setCharAt(off + i, data.charAt(i));
      } else {
        sb.append(data.charAt(i));
      }
    }
    return sb.toString();
  }

  private static Step truncate(UnionState s, Op.Truncate tr) {
    if (tr.length() < 0) {
      throw new Fail(Errno.EINVAL);
    }
    Resolved r = resolve(s, tr.path());
    if (r.node().isDir(s)) {
      throw new Fail(Errno.EISDIR);
    }
    UnionState t = copyUp(s, r.path());
    int ino = upperIno(t, r.path());
    RefInode inode = t.upper().inode(ino);
    String d = inode.data();
    int len = (int) tr.length();
    d = len <= d.length() ? d.substring(0, len) : d + "\0".repeat(len - d.length());
    t = t.withUpper(t.upper().setInode(ino, inode.withData(d)));
    return new Step(Outcome.OK, t);
  }

  private static Step chmod(UnionState s, Op.Chmod c) {
    Resolved r = resolve(s, c.path());
    UnionState t = copyUp(s, r.path());
    int perm = c.mode() & 07777;
    if (r.node().isDir(s)) {
      List<String> p = r.path();
      RefLayer up = t.upper().updateDir(p.subList(0, p.size() - 1),
          d -> d.with(p.get(p.size() - 1), ((RefDir) d.get(p.get(p.size() - 1))).withPerm(perm)));
      return new Step(Outcome.OK, t.withUpper(up));
    }
    int ino = upperIno(t, r.path());
    RefLayer up = t.upper().setInode(ino, t.upper().inode(ino).withPerm(perm));
    return new Step(Outcome.OK, t.withUpper(up));
  }

  private static Step setxattr(UnionState s, Op.Setxattr x) {
    if (!x.name().startsWith("user.")) {
      throw new IllegalArgumentException("the reference models user.* xattrs only: " + x);
    }
    Resolved r = resolve(s, x.path());
    // xattr_permission(): user.* only on regular files and directories; a followed path is one.
    UnionState t = copyUp(s, r.path()); // ovl_setxattr() copies up before vfs_setxattr()
    List<String> p = r.path();
    SortedMap<String, String> old;
    int ino = -1;
    if (r.node().isDir(s)) {
      old = ((RefDir) t.upper().get(p)).xattrs();
    } else {
      ino = upperIno(t, p);
      old = t.upper().inode(ino).xattrs();
    }
    boolean exists = old.containsKey(x.name());
    if ((x.flags() & Op.XATTR_CREATE) != 0 && exists) {
      return new Step(Outcome.error(Errno.EEXIST), t);
    }
    if ((x.flags() & Op.XATTR_REPLACE) != 0 && !exists) {
      return new Step(Outcome.error(Errno.ENODATA), t);
    }
    TreeMap<String, String> nx = new TreeMap<>(old);
    nx.put(x.name(), x.value());
    RefLayer up;
    if (ino < 0) {
      up = t.upper().updateDir(p.subList(0, p.size() - 1),
          d -> d.with(p.get(p.size() - 1), ((RefDir) d.get(p.get(p.size() - 1))).withXattrs(nx)));
    } else {
      up = t.upper().setInode(ino, t.upper().inode(ino).withXattrs(nx));
    }
    return new Step(Outcome.OK, t.withUpper(up));
  }

  /**
   * The part of {@code link} that {@code sys_linkat()} decides with its first lookup, made
   * without any lock: the old name's errno, or {@code "dir"} / {@code "nondir"}.
   */
  public static String linkOldPart(UnionState s, Op.Link l) {
    try {
      Parent o = parent(s, l.oldpath());
      if (o.child() == null) {
        return Errno.ENOENT.name();
      }
      return o.child().isDir(s) ? "dir" : "nondir";
    } catch (Fail f) {
      return f.errno.name();
    }
  }

  /**
   * The part decided later, under the new parent's i_mutex: the new name's errno, or
   * {@code "exists"} / {@code "free"}.
   */
  public static String linkNewPart(UnionState s, Op.Link l) {
    try {
      return parent(s, l.newpath()).child() != null ? "exists" : "free";
    } catch (Fail f) {
      return f.errno.name();
    }
  }

  /** What link returns when its two lookups saw {@code oldPart} and {@code newPart}. */
  public static String linkOutcome(String oldPart, String newPart) {
    if (!oldPart.equals("dir") && !oldPart.equals("nondir")) {
      return oldPart;
    }
    if (!newPart.equals("exists") && !newPart.equals("free")) {
      return newPart;
    }
    if (newPart.equals("exists")) {
      return Errno.EEXIST.name();
    }
    return oldPart.equals("dir") ? Errno.EPERM.name() : "0";
  }

  private static Step link(UnionState s, Op.Link l) {
    Parent o = parent(s, l.oldpath()); // sys_link(): a final symlink is linked itself
    if (o.child() == null) {
      throw new Fail(Errno.ENOENT);
    }
    Parent n = parent(s, l.newpath());
    if (n.child() != null) {
      throw new Fail(Errno.EEXIST); // lookup_create()
    }
    if (o.child().isDir(s)) {
      throw new Fail(Errno.EPERM); // vfs_link(): no hard links to directories
    }
    UnionState t = copyUp(s, o.childPath());
    t = copyUp(t, n.dir());
    if (t.upper().get(o.childPath()) instanceof RefWhiteout) {
      // a whiteout shown as a symlink (2011): the link is another name of the whiteout
      return new Step(Outcome.OK, createName(t, n.dir(), n.name(), RefWhiteout.INSTANCE));
    }
    int ino = upperIno(t, o.childPath());
    return new Step(Outcome.OK, createName(t, n.dir(), n.name(), new RefIno(ino)));
  }

  private static Step remove(UnionState s, String path, boolean isDir, boolean stale) {
    Parent p = parent(s, path);
    Merged.Node victim = p.child();
    if (victim == null) {
      throw new Fail(Errno.ENOENT); // may_delete()
    }
    if (isDir && !victim.isDir(s)) {
      throw new Fail(Errno.ENOTDIR);
    }
    if (!isDir && victim.isDir(s)) {
      throw new Fail(Errno.EISDIR);
    }
    if (isDir && !Merged.childNames(s, victim).isEmpty()) {
      String k = key(p.dir(), p.name());
      if (s.unmerged().contains(k) || (victim.upper() != null && victim.lower() == null
          && s.semantics().series())) {
        // 2011: an upper-only directory reaches ovl_do_remove(), whose vfs_rmdir() fails
        // with ENOTEMPTY and whose out_d_drop unhashes the dentry anyway
        return new Step(Outcome.error(Errno.ENOTEMPTY), dropDentry(s, k));
      }
      throw new Fail(Errno.ENOTEMPTY); // whiteouts do not count
    }
    UnionState t = copyUp(s, p.dir());
    return new Step(Outcome.OK, removeName(t, p.dir(), p.name(), stale));
  }

  private static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  private static Step rename(UnionState s, Op.Rename r, boolean stale, boolean noTrap) {
    Parent o = parent(s, r.oldpath());
    Parent n = parent(s, r.newpath());
    if (o.child() == null) {
      throw new Fail(Errno.ENOENT); // "source must exist"
    }
    List<String> oldPath = o.childPath();
    List<String> newPath = n.childPath();
    boolean sameDir = o.dir().equals(n.dir());
    // lock_rename()'s trap: "source should not be ancestor of target"
    if (!sameDir && isPrefix(oldPath, n.dir()) && !noTrap) {
      throw new Fail(Errno.EINVAL);
    }
    Merged.Node target = n.child();
    // "target should not be an ancestor of source"
    if (!sameDir && target != null && isPrefix(newPath, o.dir()) && !noTrap) {
      throw new Fail(Errno.ENOTEMPTY);
    }
    Merged.Node source = o.child();
    if (target != null && source.identity(s).equals(target.identity(s))) {
      return new Step(Outcome.OK, s); // vfs_rename(): the same inode
    }
    boolean isDir = source.isDir(s);
    if (target != null) {
      if (isDir && !target.isDir(s)) {
        throw new Fail(Errno.ENOTDIR);
      }
      if (!isDir && target.isDir(s)) {
        throw new Fail(Errno.EISDIR);
      }
    }
    if (isDir && source.hasLowerDir()) {
      throw new Fail(Errno.EXDEV); // ovl_rename(): "Don't copy up directory trees"
    }
    if (target != null && target.isDir(s) && !Merged.childNames(s, target).isEmpty()) {
      throw new Fail(Errno.ENOTEMPTY);
    }
    // 2011: a moved non-directory keeps its dentry's flag (false when the rename copies it up);
    // a moved directory's flag and opaque xattr become new_opaque = the target's flag, or true
    // when the target is not OVL_PATH_UPPER, which includes a negative target.
    boolean flag;
    boolean opaque;
    if (s.semantics() == Semantics.DOCUMENTED) {
      flag = false;
      opaque = lowerHas(s, n.dir(), n.name());
    } else if (s.semantics() != Semantics.OVL_2011) {
      // v7 on: new_opaque for every type; from v9 a free target name counts as upper.
      boolean targetNotUpper = s.semantics() == Semantics.OVL_2011_V9
          ? target != null && (target.upper() == null || target.lower() != null)
          : target == null || target.upper() == null || target.lower() != null;
      // The target's own flag; a parent not yet copied up has no upper, so no flag is set.
      flag = targetNotUpper
          || (s.upper().get(n.dir()) instanceof RefDir && dentryOpaque(s, n.dir(), n.name()));
      if (isDir) {
        boolean oldFlag = dentryOpaque(s, o.dir(), o.name());
        boolean oldXattr = ((RefDir) source.upper()).opaque();
        opaque = oldFlag == flag ? oldXattr : flag;
      } else {
        opaque = false;
      }
    } else if (isDir) {
      flag = target == null || target.upper() == null || target.lower() != null
          || dentryOpaque(s, n.dir(), n.name());
      // the opaque xattr changes only where the two dentry flags differ
      boolean oldFlag = dentryOpaque(s, o.dir(), o.name());
      boolean oldXattr = ((RefDir) source.upper()).opaque();
      opaque = oldFlag == flag ? oldXattr : flag;
    } else {
      flag = source.upper() != null && !stale && dentryOpaque(s, o.dir(), o.name());
      opaque = false;
    }
    UnionState t = copyUp(s, oldPath);
    t = copyUp(t, n.dir());
    RefEntry moved = t.upper().get(oldPath);
    // The flags of the names under a moved directory move with it.
    String oldKey = key(o.dir(), o.name());
    String newKey = key(n.dir(), n.name());
    TreeMap<String, Boolean> carried = new TreeMap<>();
    t.dentryOpaque().forEach((k, v) -> {
      if (k.startsWith(oldKey + "/")) {
        carried.put(newKey + k.substring(oldKey.length()), v);
      }
    });
    t = putName(t, n.dir(), n.name(), moved, opaque, flag); // first: the inode stays referenced
    t = removeName(t, o.dir(), o.name(), stale);
    TreeMap<String, Boolean> flags = new TreeMap<>(t.dentryOpaque());
    flags.putAll(carried);
    t = t.with(t.upper(), flags);
    if (isDir && s.semantics().series()) {
      // the moved dentry stays cached and has no lower part
      TreeSet<String> pins = new TreeSet<>(t.unmerged());
      pins.add(newKey);
      s.unmerged().forEach(k -> {
        if (k.startsWith(oldKey + "/")) {
          pins.add(newKey + k.substring(oldKey.length()));
        }
      });
      t = t.withUnmerged(pins);
    }
    return new Step(Outcome.OK, t);
  }

  private static Step readdir(UnionState s, Op.Readdir r) {
    Resolved res = r.path().equals(".")
        ? new Resolved(List.of(), Merged.root(s))
        : resolve(s, r.path());
    if (!res.node().isDir(s)) {
      throw new Fail(Errno.ENOTDIR); // O_DIRECTORY
    }
    return new Step(Outcome.names(Merged.childNames(s, res.node())), s);
  }

  /**
   * Whether {@code op}, on the 2011 overlay, is a rename between two names of one upper inode
   * (hard links). {@code ovl_rename()} returns 0 without doing anything (the upper inodes are
   * the same), and then the VFS's {@code d_move()} moves the overlay dentry of the old name to
   * the new one: from then on the overlay's new name is bound to the old name's upper dentry
   * in the dcache, so an unlink or rename through it acts on the other upper name. The
   * reference does not model that dcache aliasing; a sequential check stops comparing a chain
   * after such a step (properties/PROPERTIES.md).
   */
  public static boolean isHardLinkAliasingRename(UnionState s, Op op) {
    if (!s.semantics().series() || !(op instanceof Op.Rename r)) {
      return false;
    }
    try {
      Parent o = parent(s, r.oldpath());
      Parent n = parent(s, r.newpath());
      return o.child() != null && n.child() != null
          && !o.childPath().equals(n.childPath())
          && o.child().upper() instanceof RefIno a && n.child().upper() instanceof RefIno b
          && a.ino() == b.ino();
    } catch (Fail f) {
      return false;
    }
  }

  /** The result the reference gives for each of {@code ops} applied in order, and the end state. */
  public static List<Step> run(UnionState s, List<Op> ops) {
    List<Step> out = new ArrayList<>();
    for (Op op : ops) {
      Step st = apply(s, op);
      out.add(st);
      s = st.state();
    }
    return out;
  }
}
