package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_MERGE;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import ovlsim.kernel.Bugs;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.FillDir;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.ReadWrite;
import ovlsim.vfs.Readdir;
import ovlsim.vfs.Stat;

/**
 * The directory half of {@code overlayfs.c}: the readdir cache of a merged directory
 * ({@code ovl_cache_entry_*}, {@code ovl_fill_upper}, {@code ovl_fill_lower},
 * {@code ovl_dir_read}, {@code ovl_dir_read_merged}), the cursor ({@code ovl_seek_cursor},
 * {@code ovl_dir_reset} with its version check) and {@code ovl_dir_operations}.
 *
 * <p>Locking: {@code ->readdir} runs under the overlay directory's i_mutex
 * ({@code vfs_readdir()}); {@code ovl_dir_llseek()} takes it; reading a layer
 * ({@code ovl_dir_read()}) opens the real directory and {@code vfs_readdir()}s it, which takes
 * the real directory's i_mutex inside the overlay's: overlay locks before upper before lower,
 * the order the v7 thread states.
 *
 * <p>Errors: the fill callbacks keep the C's {@code int} convention (0 or a negative errno in
 * {@link OvlReaddirData#err}), since that is what they return to the filesystem's
 * {@code ->readdir} to stop it; the other functions throw {@link KernelError}.
 */
final class OvlReaddir {
  /** {@code ovl_dir_operations}. */
  static final FileOperations OVL_DIR_OPERATIONS =
      new FileOperations() {
        /** {@code .read = generic_read_dir}: EISDIR. */
        @Override
        public int read(File file, byte[] buf, int count, Loff pos) {
          throw new KernelError(Errno.EISDIR);
        }

        @Override
        public void open(Inode inode, File file) {
          ovlDirOpen(inode, file);
        }

        @Override
        public void readdir(File file, FillDir filler) {
          ovlReaddir(file, filler);
        }

        @Override
        public long llseek(File file, long offset, int origin) {
          return ovlDirLlseek(file, offset, origin);
        }

        @Override
        public void fsync(File file, int datasync) {
          ovlDirFsync(file, datasync);
        }

        @Override
        public void release(Inode inode, File file) {
          ovlDirRelease(inode, file);
        }
      };

  private OvlReaddir() {}

  /**
   * {@code filldir_t} with the {@code void *buf} the C passes, which is always the
   * {@link OvlReaddirData} here.
   */
  @FunctionalInterface
  interface OvlFiller {
    int fill(OvlReaddirData rdd, String name, long offset, long ino, int dType);
  }

  /** {@code -err} of a {@link KernelError}: the C's {@code PTR_ERR()} value. */
  static int ptrErr(KernelError e) {
    return -e.errno().number();
  }

  /** The {@link KernelError} for a negative errno {@code err}. */
  static KernelError errPtr(int err) {
    Errno e = Errno.ofNumber(-err);
    return new KernelError(e != null ? e : Errno.EIO);
  }

  /**
   * Port of {@code ovl_cache_entry_find()}: the entry named {@code name} in the tree, or
   * {@code null}. The C's descent ({@code cmp > 0} right, {@code cmp < 0 || len < p->len} left)
   * ends at the entry with the same name: the map's lookup by name (the map stands for the
   * tree: {@link OvlReaddirData#root}). Names are compared as {@code String}s, as the dcache and
   * the layers key them.
   */
  static OvlCacheEntry ovlCacheEntryFind(
      HashMap<String, OvlCacheEntry> root, String name, int len) {
    return root.get(name);
  }

  /**
   * Port of {@code ovl_cache_entry_new()}: a new entry with a copy of the name. Never
   * {@code null}: the model has no allocation failure.
   */
  static OvlCacheEntry ovlCacheEntryNew(
      String name, int len, long ino, int dType, boolean isWhiteout) {
    return new OvlCacheEntry(name, len, ino, dType, isWhiteout);
  }

  /**
   * Port of {@code ovl_cache_entry_add_rb()}: adds {@code name} to the tree and to the tail of
   * {@code rdd->list} unless the tree has it already. Returns 0 (the C's {@code -ENOMEM} cannot
   * happen here).
   */
  static int ovlCacheEntryAddRb(
      OvlReaddirData rdd, String name, int len, long ino, int dType, boolean isWhiteout) {
    OvlCacheEntry p;

    // The C walks down to the insertion point once and returns 0 on an equal name; the map's
    // one probe links the new entry there (rb_link_node() + rb_insert_color()), so the entry
    // is made first and dropped when the name was there.
    p = ovlCacheEntryNew(name, len, ino, dType, isWhiteout);
    if (rdd.root.putIfAbsent(name, p) != null) {
      return 0;
    }

    ListHead.listAddTail(p.lNode, rdd.list);

    return 0;
  }

  /**
   * Port of {@code ovl_fill_lower()}: a name of the lower directory goes before
   * {@code rdd->middle}; when the upper had it, its upper entry moves there (so lower names
   * keep the lower order and the upper's own names follow).
   */
  static int ovlFillLower(
      OvlReaddirData rdd, String name, long offset, long ino, int dType) {
    OvlCacheEntry p;
    int namelen = utf8Len(name);

    rdd.count++;
    p = ovlCacheEntryFind(rdd.root, name, namelen);
    if (p != null) {
      ListHead.listMoveTail(p.lNode, rdd.middle);
    } else {
      p = ovlCacheEntryNew(name, namelen, ino, dType, false);
      ListHead.listAddTail(p.lNode, rdd.middle);
    }

    return rdd.err;
  }

  /**
   * Port of {@code ovl_cache_free()}: frees every entry on {@code list} and reinitialises it.
   *
   * <p>{@code list_for_each_entry_safe()} takes every node for an entry. When
   * {@code ovl_dir_read()} fails on the lower layer of a merged directory, the on-stack
   * {@code middle} marker of {@code ovl_dir_read_merged()} is still on the list, and the C
   * {@code kfree()}s the stack address: a kernel BUG (SLUB's {@code BUG_ON(!PageCompound)}) or
   * memory corruption. The model records a {@code BUG} there, which throws.
   */
  static void ovlCacheFree(ListHead list) {
    ListHead n;
    for (ListHead p = list.next; p != list; p = n) {
      n = p.next;
      kfree(p);
    }

    ListHead.initListHead(list);
  }

  /** {@code kfree(list_entry(p, struct ovl_cache_entry, l_node))}: the GC frees the entry. */
  private static void kfree(ListHead p) {
    if (!(p.container instanceof OvlCacheEntry)) {
      Bugs.bug("ovl_cache_free: kfree() of a list_head not in an ovl_cache_entry");
    }
  }

  /**
   * Port of {@code ovl_fill_upper()}: every name of the upper directory goes into the tree and
   * the list; in v6 a symlink is looked up (the caller, {@code vfs_readdir()}, holds the upper
   * directory's i_mutex, and jffs2 its {@code f->sem}) to see whether it is a whiteout. From v7
   * ({@link OvlPatch#READDIR_MARK_WHITEOUTS}) it only counts and adds the name:
   * {@code ovl_dir_mark_whiteouts()} looks the symlinks up after the read.
   */
  static int ovlFillUpper(
      OvlReaddirData rdd, String name, long offset, long ino, int dType) {
    boolean isWhiteout = false;
    int namelen = utf8Len(name);

    rdd.count++;
    if (rdd.version.has(OvlPatch.READDIR_MARK_WHITEOUTS)) {
      // v7 READDIR_MARK_WHITEOUTS (Felix Fietkau's 210): no lookup inside the callback.
      return ovlCacheEntryAddRb(rdd, name, namelen, ino, dType, false);
    }
    if (dType == Stat.DT_LNK) {
      Dentry dentry;

      try {
        dentry = Namei.lookupOneLen(name, rdd.dir, name.length());
      } catch (KernelError e) {
        rdd.err = ptrErr(e);
        return rdd.err; // goto out
      }
      isWhiteout = OvlDentry.ovlIsWhiteout(dentry);
      Dcache.dput(dentry);
    }

    rdd.err = ovlCacheEntryAddRb(rdd, name, namelen, ino, dType, isWhiteout);

    return rdd.err;
  }

  /**
   * Port of {@code ovl_dir_read()}: opens the real directory and reads it to the end through
   * {@code filler}. v6 raises CAP_SYS_ADMIN (getxattr) and CAP_DAC_OVERRIDE (lookup, unlink)
   * for the callbacks' lookups, and on error frees the entries gathered on {@code rdd->list}.
   * From v7 no credentials are raised here ({@link OvlPatch#READDIR_MARK_WHITEOUTS}) and the read
   * loop's error is dropped ({@link OvlPatch#DIR_READ_DROPS_ERRORS}): only a failed open is an
   * error.
   */
  static void ovlDirRead(Path realpath, OvlReaddirData rdd, OvlFiller filler) {
    Cred oldCred;
    Cred overrideCred;
    File realfile;
    int err;

    realfile = OvlSuper.ovlPathOpen(realpath, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY, rdd.version);

    if (rdd.version.has(OvlPatch.READDIR_MARK_WHITEOUTS)) {
      // v7 READDIR_MARK_WHITEOUTS: the loop without the credentials.
      err = readLoop(realfile, rdd, filler);
      Open.fput(realfile);
      if (err != 0 && !rdd.version.has(OvlPatch.DIR_READ_DROPS_ERRORS)) {
        if (rdd.list != null) {
          ovlCacheFree(rdd.list);
        }
        throw errPtr(err);
      }
      return; // v7 DIR_READ_DROPS_ERRORS: return 0 whatever the loop met
    }

    // err = -ENOMEM: prepare_creds() cannot fail in the model.
    overrideCred = Creds.prepareCreds();
    /*
     * CAP_SYS_ADMIN for getxattr
     * CAP_DAC_OVERRIDE for lookup and unlink
     */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      err = readLoop(realfile, rdd, filler);
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
    Open.fput(realfile);

    if (err != 0 && !rdd.version.has(OvlPatch.DIR_READ_DROPS_ERRORS)) {
      if (rdd.list != null) {
        ovlCacheFree(rdd.list);
      }
      throw errPtr(err);
    }
  }

  /**
   * The loop of {@code ovl_dir_read()}: {@code vfs_readdir()} until a pass adds nothing or
   * something fails; returns 0 or the negative errno.
   */
  private static int readLoop(File realfile, OvlReaddirData rdd, OvlFiller filler) {
    int err;
    FillDir bound = (name, offset, ino, dType) -> filler.fill(rdd, name, offset, ino, dType);
    do {
      rdd.count = 0;
      rdd.err = 0;
      try {
        Readdir.vfsReaddir(realfile, bound);
        err = rdd.err;
      } catch (KernelError e) {
        err = ptrErr(e);
      }
    } while (err == 0 && rdd.count != 0);
    return err;
  }

  /**
   * Port of {@code ovl_dir_mark_whiteouts()} (v7, {@link OvlPatch#READDIR_MARK_WHITEOUTS}): after
   * the upper directory has been read, with CAP_SYS_ADMIN (getxattr) and CAP_DAC_OVERRIDE
   * (lookup) raised and the upper directory's i_mutex held, looks up each symlink on
   * {@code rdd->list} and marks the whiteouts; a failed lookup leaves the entry unmarked.
   */
  static void ovlDirMarkWhiteouts(OvlReaddirData rdd) {
    Dentry dentry;
    Cred oldCred;
    Cred overrideCred;

    overrideCred = Creds.prepareCreds(); // -ENOMEM (and ovl_cache_free()) cannot happen

    /*
     * CAP_SYS_ADMIN for getxattr
     * CAP_DAC_OVERRIDE for lookup
     */
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    oldCred = Creds.overrideCreds(overrideCred);

    try {
      KMutex.mutexLock(rdd.dir.dInode.iMutex);
      try {
        for (ListHead l = rdd.list.next; l != rdd.list; l = l.next) {
          OvlCacheEntry p = (OvlCacheEntry) l.container;
          if (p.type != Stat.DT_LNK) {
            continue;
          }

          try {
            dentry = Namei.lookupOneLen(p.name, rdd.dir, p.name.length());
          } catch (KernelError e) {
            continue;
          }

          p.isWhiteout = OvlDentry.ovlIsWhiteout(dentry);
          Dcache.dput(dentry);
        }
      } finally {
        KMutex.mutexUnlock(rdd.dir.dInode.iMutex);
      }
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
  }

  /**
   * Port of {@code ovl_dir_reset()}: at offset 0, drops a cache built at an older version of
   * the directory, and switches a file opened on a real directory that has since become merged
   * (copied up) to the merged view. The caller holds the overlay directory's i_mutex.
   */
  static void ovlDirReset(File file) {
    OvlDirFile od = (OvlDirFile) file.privateData;
    OvlPathType type = OvlDentry.ovlPathType(file.fPath.dentry);

    if (OvlDentry.ovlDentryVersionGet(file.fPath.dentry) != od.cacheVersion) {
      ListHead.listDelInit(od.cursor);
      ovlCacheFree(od.cache);
      od.isCached = false;
    }
    Bugs.warnOn(!od.isReal && type != OVL_PATH_MERGE, "ovl_dir_reset: merged dir no longer merged");
    if (od.isReal && type == OVL_PATH_MERGE) {
      Open.fput(od.realfile);
      od.realfile = null;
      od.isReal = false;
    }
  }

  /**
   * Port of {@code ovl_dir_read_merged()}: reads the upper directory (if any) into
   * {@code rdd->list}, then the lower one in front of it, weeding out the names the upper has
   * and hiding its whiteouts' lower names.
   */
  static void ovlDirReadMerged(Path upperpath, Path lowerpath, OvlReaddirData rdd) {
    HashMap<String, OvlCacheEntry> root = new HashMap<>(); // RB_ROOT (a map: OvlReaddirData)
    ListHead middle = new ListHead(null);

    rdd.root = root;
    try {
      if (upperpath.dentry != null) {
        rdd.dir = upperpath.dentry;
        ovlDirRead(upperpath, rdd, OvlReaddir::ovlFillUpper); // error: goto out

        if (rdd.version.has(OvlPatch.READDIR_MARK_WHITEOUTS)) {
          ovlDirMarkWhiteouts(rdd); // v7 READDIR_MARK_WHITEOUTS; error: goto out
        }
      }
      /*
       * Insert lowerpath entries before upperpath ones, this allows
       * offsets to be reasonably constant
       */
      ListHead.listAdd(middle, rdd.list);
      rdd.middle = middle;
      try {
        ovlDirRead(lowerpath, rdd, OvlReaddir::ovlFillLower);
      } finally {
        ListHead.listDel(middle);
      }
    } finally {
      // out:
      rdd.root = null;
    }
  }

  /**
   * Port of {@code ovl_seek_cursor()}: puts the cursor before the {@code pos}-th node of the
   * cache (at the end when there are fewer). As in the C, the walk counts the cursor itself
   * when it lies before that position.
   */
  static void ovlSeekCursor(OvlDirFile od, long pos) {
    ListHead l;
    long off;

    l = od.cache.next;
    for (off = 0; off < pos; off++) {
      if (l == od.cache) {
        break;
      }
      l = l.next;
    }
    ListHead.listMoveTail(od.cursor, l);
  }

  /**
   * Port of {@code ovl_readdir()}: a real (not merged) directory is read through the real file;
   * a merged one from the cache, built on first use (and rebuilt after a seek to 0 once the
   * directory changed), from the cursor on. Whiteouts are skipped.
   *
   * <p>Until v10, as in the C, {@code f_pos} and the cursor move past an entry before the
   * filler is called, so an entry the caller's buffer refuses ({@code over}) is not returned
   * again; v10's {@link OvlPatch#READDIR_OFF_BY_ONE_FIX} calls the filler first.
   */
  static void ovlReaddir(File file, FillDir filler) {
    OvlDirFile od = (OvlDirFile) file.privateData;

    if (file.fPos == 0) {
      ovlDirReset(file);
    }

    if (od.isReal) {
      try {
        Readdir.vfsReaddir(od.realfile, filler);
      } finally {
        file.fPos = od.realfile.fPos;
      }
      return;
    }

    if (!od.isCached) {
      Path lowerpath = new Path();
      Path upperpath = new Path();
      OvlReaddirData rdd = new OvlReaddirData();
      rdd.list = od.cache;
      rdd.version = OvlFs.of(file.fPath.dentry.dSb).version;

      OvlDentry.ovlPathLower(file.fPath.dentry, lowerpath);
      OvlDentry.ovlPathUpper(file.fPath.dentry, upperpath);

      try {
        ovlDirReadMerged(upperpath, lowerpath, rdd); // if (res) return res;
      } catch (KernelError e) {
        if (rdd.version.has(OvlPatch.DIR_READ_DROPS_ERRORS)) {
          ovlCacheFree(rdd.list); // v7: the caller frees the list (ovl_dir_read no longer does)
        }
        throw e;
      }

      od.cacheVersion = OvlDentry.ovlDentryVersionGet(file.fPath.dentry);
      od.isCached = true;

      ovlSeekCursor(od, file.fPos);
    }

    if (OvlFs.has(file.fPath.dentry, OvlPatch.READDIR_OFF_BY_ONE_FIX)) {
      // v10 READDIR_OFF_BY_ONE_FIX: the filler first; a refused entry stays next.
      while (od.cursor.next != od.cache) {
        OvlCacheEntry p = (OvlCacheEntry) od.cursor.next.container;

        if (!p.isWhiteout) {
          int over = filler.fill(p.name, file.fPos, p.ino, p.type);
          if (over != 0) {
            break;
          }
        }
        file.fPos++;
        ListHead.listMove(od.cursor, p.lNode);
      }
      return;
    }

    while (od.cursor.next != od.cache) {
      int over;
      long off;
      OvlCacheEntry p;

      p = (OvlCacheEntry) od.cursor.next.container;
      off = file.fPos;
      file.fPos++;
      ListHead.listMove(od.cursor, p.lNode);

      if (p.isWhiteout) {
        continue;
      }

      over = filler.fill(p.name, off, p.ino, p.type);
      if (over != 0) {
        break;
      }
    }
  }

  /**
   * Port of {@code ovl_dir_llseek()}: under the overlay directory's i_mutex, a real directory
   * seeks its real file ({@code vfs_llseek()}); a merged one takes SEEK_SET and SEEK_CUR only
   * (EINVAL otherwise, and for a negative offset) and moves the cursor when the cache exists.
   */
  static long ovlDirLlseek(File file, long offset, int origin) {
    long res;
    OvlDirFile od = (OvlDirFile) file.privateData;

    KMutex.mutexLock(file.fDentry().dInode.iMutex);
    try {
      if (file.fPos == 0) {
        ovlDirReset(file);
      }

      if (od.isReal) {
        try {
          res = ReadWrite.vfsLlseek(od.realfile, offset, origin);
        } finally {
          file.fPos = od.realfile.fPos;
        }
      } else {
        // res = -EINVAL;

        switch (origin) {
          case Fcntl.SEEK_CUR:
            offset += file.fPos;
            break;
          case Fcntl.SEEK_SET:
            break;
          default:
            throw new KernelError(Errno.EINVAL); // goto out_unlock
        }
        if (offset < 0) {
          throw new KernelError(Errno.EINVAL); // goto out_unlock
        }

        if (offset != file.fPos) {
          file.fPos = offset;
          if (od.isCached) {
            ovlSeekCursor(od, offset);
          }
        }
        res = offset;
      }
    } finally {
      // out_unlock:
      KMutex.mutexUnlock(file.fDentry().dInode.iMutex);
    }

    return res;
  }

  /**
   * Port of {@code ovl_dir_fsync()}: fsyncs the real directory, opening the upper one first when
   * the file was switched to the merged view after a copy-up. The caller
   * ({@code vfs_fsync()}) holds the overlay directory's i_mutex.
   *
   * <p>3.6 VFS difference (v15): from 3.1 {@code vfs_fsync()} no longer takes i_mutex, so under
   * v15's kernel two fsyncs of one directory file can both find {@code od->realfile} NULL and
   * both reopen it (one file leaked); the model's 2.6.38 VFS serialises them for every version.
   */
  static void ovlDirFsync(File file, int datasync) {
    OvlDirFile od = (OvlDirFile) file.privateData;

    /* May need to reopen directory if it got copied up */
    if (od.realfile == null) {
      Path upperpath = new Path();

      OvlDentry.ovlPathUpper(file.fPath.dentry, upperpath);
      // On error the C leaves ERR_PTR(err) in od->realfile, which the next fsync and the
      // release then dereference (an oops); the model leaves it null, so they reopen or skip.
      od.realfile = OvlSuper.ovlPathOpen(upperpath, Fcntl.O_RDONLY,
          OvlFs.of(file.fPath.dentry.dSb).version);
    }

    ReadWrite.vfsFsync(od.realfile, datasync);
  }

  /** Port of {@code ovl_dir_release()}: drops the cursor, the cache and the real file. */
  static void ovlDirRelease(Inode inode, File file) {
    OvlDirFile od = (OvlDirFile) file.privateData;

    ListHead.listDel(od.cursor);
    ovlCacheFree(od.cache);
    if (od.realfile != null) {
      Open.fput(od.realfile);
    }
    // kfree(od)
  }

  /**
   * Port of {@code ovl_dir_open()}: opens the real directory (the upper one of a merged
   * directory) with the same flags; the file is "real" unless the directory is merged.
   */
  static void ovlDirOpen(Inode inode, File file) {
    Path realpath = new Path();
    File realfile;
    OvlDirFile od;
    OvlPathType type;

    od = new OvlDirFile(); // kzalloc() cannot fail in the model

    type = OvlDentry.ovlPathReal(file.fPath.dentry, realpath);
    // kfree(od) on error
    realfile = OvlSuper.ovlPathOpen(realpath, file.fFlags, OvlFs.of(inode.iSb).version);
    ListHead.initListHead(od.cache);
    ListHead.initListHead(od.cursor);
    od.isCached = false;
    od.realfile = realfile;
    od.isReal = (type != OVL_PATH_MERGE);
    file.privateData = od;
  }

  /** {@code namelen}: the length in bytes of a name the model passes as a {@code String}. */
  static int utf8Len(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }
}
