package ovlsim.vfs.libfs;

import static ovlsim.kernel.locking.KMutex.mutexLock;
import static ovlsim.kernel.locking.KMutex.mutexUnlock;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Inode;
import ovlsim.vfs.ListHead;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Vfs;

/**
 * Port of the readdir cursor family of {@code fs/libfs.c} (2.6.38): {@code dcache_dir_open()},
 * {@code dcache_dir_close()}, {@code dcache_dir_lseek()} and {@code dcache_readdir()}, which
 * list a directory by walking its {@code d_subdirs}. An open directory keeps a cursor: a
 * dentry that is never hashed and never positive, parked in {@code d_subdirs} after the last
 * entry returned. Offsets 0 and 1 are "." and ".."; offset {@code n + 2} is the place after
 * the {@code n}-th positive child. A child created after the cursor went by is not seen
 * ({@code d_alloc()} adds at the head of the list); one removed before the cursor reaches it
 * is not seen either.
 *
 * <p>Locks: {@code vfs_readdir()} holds the directory's i_mutex around
 * {@link #dcacheReaddir}, and {@link #dcacheDirLseek} takes it itself, so entries are neither
 * added nor removed while the cursor moves; the list itself is guarded by rename_lock (the
 * parent's {@code d_lock} in 2.6.38), which is dropped around each call of the filler, as the
 * C drops {@code d_lock}.
 */
public final class DcacheDir {
  /** The cursor's name, as {@code dcache_dir_open()}'s {@code cursor_name}. */
  private static final String CURSOR_NAME = ".";

  private DcacheDir() {}

  /**
   * Port of {@code dcache_dir_open()}: the file's cursor, allocated as a child of the
   * directory ({@code d_alloc()}: at the head of its {@code d_subdirs}), in
   * {@code privateData}.
   */
  public static void dcacheDirOpen(Inode inode, File file) {
    file.privateData = Dcache.dAlloc(file.fPath.dentry, CURSOR_NAME);
  }

  /** Port of {@code dcache_dir_close()}: the cursor goes. */
  public static void dcacheDirClose(Inode inode, File file) {
    Dcache.dput((Dentry) file.privateData);
  }

  /**
   * Port of {@code dcache_dir_lseek()}: under the directory's i_mutex, SEEK_SET or SEEK_CUR to
   * a position {@code >= 0} (EINVAL else, SEEK_END included); a new position of 2 or more puts
   * the cursor after that many positive children, less two.
   */
  public static long dcacheDirLseek(File file, long offset, int origin) {
    Dentry dentry = file.fPath.dentry;
    mutexLock(dentry.dInode.iMutex);
    try {
      if (origin == Fcntl.SEEK_CUR) {
        offset += file.fPos;
      } else if (origin != Fcntl.SEEK_SET) {
        throw new KernelError(Errno.EINVAL);
      }
      if (offset < 0) {
        throw new KernelError(Errno.EINVAL);
      }
      if (offset != file.fPos) {
        file.fPos = offset;
        if (file.fPos >= 2) {
          Dentry cursor = (Dentry) file.privateData;
          long n = file.fPos - 2;
          synchronized (renameLock(dentry)) {
            ListHead.listDel(cursor.dChild);
            ListHead<Dentry> p = dentry.dSubdirs.next();
            while (n != 0 && p != dentry.dSubdirs) {
              if (Libfs.simplePositive(p.entry())) {
                n--;
              }
              p = p.next();
            }
            ListHead.listAddTail(cursor.dChild, p);
          }
        }
      }
      return offset;
    } finally {
      mutexUnlock(dentry.dInode.iMutex);
    }
  }

  /**
   * Port of {@code dcache_readdir()}: "." and ".." at offsets 0 and 1, then each positive child
   * after the cursor, moving the cursor past every entry the filler takes. The filler
   * returning non-zero stops the walk with {@code f_pos} on the entry it refused. At offset 2
   * the cursor first goes back to the head of the list.
   */
  public static void dcacheReaddir(File filp, FillDir filldir) {
    Dentry dentry = filp.fPath.dentry;
    Dentry cursor = (Dentry) filp.privateData;
    ListHead<Dentry> q = cursor.dChild;
    long i = filp.fPos;
    Object dLock = renameLock(dentry);

    if (i == 0) {
      long ino = dentry.dInode.iIno;
      if (filldir.fill(".", i, ino, Stat.DT_DIR) != 0) {
        return;
      }
      filp.fPos++;
      i++;
    }
    if (i == 1) {
      long ino = parentIno(dentry);
      if (filldir.fill("..", i, ino, Stat.DT_DIR) != 0) {
        return;
      }
      filp.fPos++;
      i++;
    }
    synchronized (dLock) {
      if (filp.fPos == 2) {
        ListHead.listMove(q, dentry.dSubdirs);
      }
    }
    // Between two locked stretches only the cursor is a safe place to stand: a negative
    // neighbour may be freed (dput() unlinks it) as soon as the lock is dropped, so each
    // stretch starts from q, as the C's loop does under d_lock.
    ListHead<Dentry> p = q;
    while (true) {
      String name;
      long ino;
      int type;
      synchronized (dLock) {
        p = p.next();
        while (p != dentry.dSubdirs && !Libfs.simplePositive(p.entry())) {
          p = p.next();
        }
        if (p == dentry.dSubdirs) {
          return;
        }
        Dentry next = p.entry();
        name = next.dName;
        ino = next.dInode.iIno;
        type = Stat.dtType(next.dInode.iMode);
      }
      if (filldir.fill(name, filp.fPos, ino, type) != 0) {
        return;
      }
      synchronized (dLock) {
        // next is still alive: the directory's i_mutex keeps it there.
        ListHead.listMove(q, p);
        p = q;
        filp.fPos++;
      }
    }
  }

  /** Port of {@code parent_ino()}: the inode number of the parent, read under the lock. */
  private static long parentIno(Dentry dentry) {
    synchronized (renameLock(dentry)) {
      return dentry.dParent.dInode.iIno;
    }
  }

  private static Object renameLock(Dentry dentry) {
    return Vfs.of(dentry.dSb.kernel()).renameLock;
  }
}
