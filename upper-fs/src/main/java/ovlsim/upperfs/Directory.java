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
  /**
   * One directory entry. Entries are linked in cookie order ({@code prev}, {@code next}), so a
   * readdir steps from one to the next in constant time; guarded by the directory.
   */
  static final class Entry {
    private final String name;
    private final UpperInode inode;
    private final long cookie;
    private Entry prev;
    private Entry next;
    private boolean removed;

    Entry(String name, UpperInode inode, long cookie) {
      this.name = name;
      this.inode = inode;
      this.cookie = cookie;
    }

    String name() {
      return name;
    }

    UpperInode inode() {
      return inode;
    }

    long cookie() {
      return cookie;
    }
  }

  /** The first cookie: the offset after "." (0) and ".." (1). */
  static final long FIRST_COOKIE = 2;

  private final Map<String, Entry> byName = new HashMap<>();
  /** For the seek to a readdir offset, once per readdir call. */
  private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
  /** The list in cookie order. */
  private Entry head;
  private Entry tail;
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
    e.prev = tail;
    if (tail == null) {
      head = e;
    } else {
      tail.next = e;
    }
    tail = e;
  }

  /** Removes {@code name} and returns its inode; ENOENT when it is not there. */
  synchronized UpperInode remove(String name) {
    Entry e = byName.remove(name);
    if (e == null) {
      throw new KernelError(Errno.ENOENT);
    }
    byCookie.remove(e.cookie());
    if (e.prev == null) {
      head = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next == null) {
      tail = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    e.removed = true;
    return e.inode();
  }

  /** Port of {@code simple_empty()}: no entries. */
  synchronized boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The first entry whose cookie is {@code pos} or more, or {@code null}. */
  synchronized Entry first(long pos) {
    Map.Entry<Long, Entry> e = byCookie.ceilingEntry(pos);
    return e == null ? null : e.getValue();
  }

  /**
   * The entry after {@code e} in cookie order, or {@code null}: constant time, unless {@code e}
   * was removed since it was handed out (then the first entry after its cookie).
   */
  synchronized Entry next(Entry e) {
    return e.removed ? first(e.cookie() + 1) : e.next;
  }

  /** Every entry in cookie order: a snapshot. */
  synchronized List<Entry> entries() {
    List<Entry> out = new ArrayList<>(byName.size());
    for (Entry e = head; e != null; e = e.next) {
      out.add(e);
    }
    return out;
  }
}
