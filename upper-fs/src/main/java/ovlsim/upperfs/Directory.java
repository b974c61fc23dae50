package ovlsim.upperfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * The entries of a directory: name to inode, in insertion order, each with a cookie that is
 * its readdir offset. Offsets 0 and 1 are "." and ".."; cookies count up from 2 and are never
 * reused, so an offset taken from one readdir still means "after the entries already seen"
 * whatever was created or unlinked since. (tmpfs walks the dcache and keeps a cursor dentry in
 * it for that; the port keeps its own map instead, as a disk filesystem would.)
 *
 * <p>Locking: guarded by this object, the directory inode's data monitor. Writers also hold
 * the directory's i_mutex, as the VFS takes it around every namespace operation. Nothing here
 * blocks or calls out.
 */
final class Directory {
  /** One directory entry. */
  record Entry(String name, UpperInode inode, long cookie) {}

  /** The first cookie: the offset after "." (0) and ".." (1). */
  static final long FIRST_COOKIE = 2;

  private final Map<String, Entry> byName = new HashMap<>();
  private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
  private long nextCookie = FIRST_COOKIE;

  /** The inode named {@code name}, or {@code null}. */
  synchronized UpperInode get(String name) {
    Entry e = byName.get(name);
    return e == null ? null : e.inode();
  }

  /**
   * Adds {@code name} at the end; EEXIST when it is there already, as {@code ext2_add_link()}
   * says (the VFS's dcache normally keeps that from happening).
   */
  synchronized void add(String name, UpperInode inode) {
    if (byName.containsKey(name)) {
      throw new KernelError(Errno.EEXIST);
    }
    Entry e = new Entry(name, inode, nextCookie++);
    byName.put(name, e);
    byCookie.put(e.cookie(), e);
  }

  /** Removes {@code name} and returns its inode; ENOENT when it is not there. */
  synchronized UpperInode remove(String name) {
    Entry e = byName.remove(name);
    if (e == null) {
      throw new KernelError(Errno.ENOENT);
    }
    byCookie.remove(e.cookie());
    return e.inode();
  }

  /** Port of {@code simple_empty()}: no entries. */
  synchronized boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The entries whose cookie is {@code pos} or more, in order: a snapshot. */
  synchronized List<Entry> from(long pos) {
    return new ArrayList<>(byCookie.tailMap(pos, true).values());
  }
}
