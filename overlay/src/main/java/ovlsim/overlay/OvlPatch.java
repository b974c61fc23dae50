package ovlsim.overlay;

/**
 * A named change to the v6 code (posted on 2011-03-01), as the later states of the patch series
 * made it. An {@link OvlVersion} is a set of these, so a fix is one switch tested in one place.
 * Each constant says which version brought it, which C functions it changes and why (the
 * changelog line); docs/versions.md has the table.
 */
public enum OvlPatch {
  // ---- v7 as posted (2011-03-22): "Changes from v6 to v7" ----

  /**
   * v7, "properly clean up after copy-up ... failures": a failed {@code ovl_copy_up_locked()}
   * removes the half-made upper object (the {@code err_remove} label: {@code vfs_rmdir()} or
   * {@code vfs_unlink()}, then {@code dput()}), and {@code ovl_copy_up_data()} leaves its loop
   * on a fatal signal through the {@code fput()}s instead of returning {@code -EINTR} with both
   * files still open.
   */
  COPY_UP_FAILURE_CLEANUP,

  /**
   * v7, "added patches from Felix Fietkau to fix deadlocks on jffs2" (his 210, reworked):
   * {@code ovl_fill_upper()} no longer looks up each symlink from inside the upper readdir
   * callback (where jffs2 holds its {@code f->sem}); the new {@code ovl_dir_mark_whiteouts()}
   * does it after the read, under the upper directory's i_mutex, with CAP_SYS_ADMIN and
   * CAP_DAC_OVERRIDE (which {@code ovl_dir_read()} no longer raises). A lookup that fails there
   * leaves the entry unmarked instead of failing the read.
   */
  READDIR_MARK_WHITEOUTS,

  /**
   * v7 (with the readdir rework): {@code ovl_dir_read()} returns 0 once the real directory is
   * open, whatever its read loop met (the loop's error, from {@code vfs_readdir()} or a fill
   * callback, is dropped and the entries read so far are used); freeing the list on error moves
   * to the callers ({@code ovl_readdir()}). Kept through v15.
   */
  DIR_READ_DROPS_ERRORS,

  /**
   * v7, Felix Fietkau's 211 ("fix readdir unlink deadlock"): {@code ovl_remove_whiteouts()} no
   * longer unlinks from inside the upper readdir callback ({@code ovl_unlink_whiteout()}); the
   * whiteouts are collected into a list and unlinked afterwards under the upper directory's
   * i_mutex. Without {@link #CHECK_EMPTY_AND_CLEAR} (211 alone) the list is of the symlinks of
   * its own read of the upper directory ({@code ovl_fill_links()}).
   */
  REMOVE_WHITEOUTS_FROM_LIST,

  /**
   * v7, "optimized directory removal": the new {@code ovl_check_empty_and_clear()} reads the
   * merged directory once ({@code ovl_check_empty_dir(dentry, list)}) and, for a merged one,
   * unlinks the entries of that list marked as whiteouts ({@code ovl_remove_whiteouts(dir,
   * list)}); {@code ovl_rmdir()} and {@code ovl_rename()} call it. v6 read the directory twice
   * and unlinked every symlink of the second read.
   */
  CHECK_EMPTY_AND_CLEAR,

  /**
   * v7, "properly clean up after ... other failures": a create that removed a whiteout puts it
   * back when it fails: {@code ovl_upper_create()} (the create failed and the dentry is opaque),
   * {@code ovl_lookup_create()} (the lookup after unlinking the whiteout failed),
   * {@code ovl_create_object()} (setting the opaque xattr of a new directory failed: the
   * directory is removed first) and {@code ovl_link()} ({@code vfs_link()} failed). v6 lost the
   * whiteout, so the lower object showed again.
   */
  RESTORE_WHITEOUT_ON_FAILURE,

  /**
   * v7, "other failures": {@code ovl_whiteout()} unlinks the symlink it made when setting the
   * whiteout xattr fails (v6 left a plain symlink {@code (overlay-whiteout)} under the name),
   * and logs the failure.
   */
  WHITEOUT_UNLINK_ON_XATTR_FAILURE,

  /**
   * v7: {@code ovl_rename()} decides the opaque flags before {@code vfs_rename()}, sets the
   * opaque xattr of a directory moving over a lower name before it (a failure stops the rename)
   * and undoes it when the rename fails; a failed rename restores the target's whiteout; after
   * it the cached opaque flag is set for every type (v6: directories only, and only after the
   * rename, with the mark's error returned after the rename was done).
   */
  RENAME_OPAQUE_BEFORE_VFS_RENAME,

  // ---- v7-fix: Miklos Szeredi's two patches in the v7 thread, after Al Viro's review ----

  /**
   * Miklos Szeredi, 2011-03-22 ("Patch below would fix it, I think"), after Al Viro's review
   * of v7: {@code ovl_copy_up_one()} rechecks {@code ovl_path_type(dentry) != OVL_PATH_LOWER}
   * under the upper parent's i_mutex instead of {@code dentry->d_parent != parent} (and its
   * {@code WARN_ON}). v10 has it ("fix locking for copy up (reported by Al Viro)", v8).
   */
  RECHECK_COPY_UP_UNDER_LOCK,

  /**
   * Miklos Szeredi, 2011-03-23 ("More cleanups in that area"), on top of the recheck:
   * {@code ovl_copy_up_locked()} loses its "Already copied up?" branch (an EEXIST from
   * {@code ovl_upper_create()} on a dentry no longer lower was success); every create error is
   * an error now, the recheck having decided under the lock.
   */
  COPY_UP_LOCKED_EEXIST_IS_ERROR,

  // ---- v10 (with v8 and v9): "Changes from v7 to v8/v8 to v9/v9 to v10" ----

  /**
   * v9, "fix remove after rename (reported by Jordi Pujol)": {@code ovl_rename()} takes the
   * target's type as {@code OVL_PATH_UPPER} when the target is negative (v7 read
   * {@code ovl_path_type(new)}, which is {@code OVL_PATH_LOWER} for every negative dentry), so
   * only a target name with a whiteout or a lower object makes the renamed object opaque. v7
   * marked an object renamed to a fresh name opaque, and its later removal left a whiteout, a
   * visible {@code (overlay-whiteout)} symlink in a directory without a lower part.
   */
  REMOVE_AFTER_RENAME_FIX,

  /**
   * v9, "fix rename failure case": a failed {@code vfs_rename()} restores the target's whiteout
   * only when {@code ovl_lookup_create()} made the target dentry ({@code new_create}); v7 also
   * called {@code ovl_whiteout()} over an existing upper target (a WARN and EEXIST).
   */
  RENAME_FAILURE_RESTORE_CREATED_ONLY,

  /**
   * v10, "prevent d_delete() from turning upperdentry negative (reported by Erez Zadok)": the
   * overlay entry keeps two references on its upper dentry ("so that d_delete() doesn't think
   * it's OK to reset d_inode to NULL"): {@code ovl_dentry_update()} stores
   * {@code dget(upperdentry)} (and {@code BUG_ON}s a negative one), {@code ovl_lookup()} and
   * {@code ovl_fill_super()} store {@code dget()} of theirs, and {@code ovl_dentry_release()}
   * drops both. An unlink on the upper layer ({@code vfs_unlink()}'s {@code d_delete()}) then
   * only unhashes the upper dentry, so an overlay dentry still holding it (an open racing with
   * the unlink) sees an inode instead of the negative dentry v6..v7-fix pass to
   * {@code vfs_open()} (the oops).
   */
  UPPER_DENTRY_DOUBLE_REF,

  /**
   * v10, "fix off-by-one error in readdir (reported by Jordi Pujol)": {@code ovl_readdir()}
   * calls the filler before moving {@code f_pos} and the cursor past an entry, so the entry a
   * full getdents buffer refuses is the first of the next call; v6..v7-fix advanced first and
   * lost it.
   */
  READDIR_OFF_BY_ONE_FIX,

  /**
   * v8..v10 ("tested with lockdep, fixed one lock annotation", "other bug fixes"):
   * {@code ovl_remove_whiteouts()} first sets {@code trusted.overlay.opaque=y} on the upper
   * directory (with CAP_SYS_ADMIN and CAP_FOWNER raised besides CAP_DAC_OVERRIDE; a failure
   * returns before anything is unlinked), then takes the upper directory's i_mutex as
   * {@code I_MUTEX_PARENT} (v7: a plain {@code mutex_lock()}), and only logs a whiteout it
   * cannot look up or unlink. So when the rmdir or rename that follows fails, the lower entries
   * whose whiteouts went stay hidden.
   */
  REMOVE_WHITEOUTS_SETS_OPAQUE,

  /**
   * v10, "other bug fixes": {@code ovl_permission()} drops the alias reference it took when the
   * real dentry is negative ({@code goto out_dput}); v6..v7-fix returned ENOENT and leaked it,
   * so the overlay dentry of a file met so is never freed.
   */
  PERMISSION_PUTS_ALIAS,

  /**
   * v10, "other bug fixes": {@code ovl_upper_create()} and {@code ovl_link()} check that the new
   * upper dentry is positive after a successful create or link ("Not quite sure if
   * non-instantiated dentry is legal or not"): a WARN, the dentry dropped, ENOENT. Every
   * filesystem of the model instantiates the dentry, so the branch is never taken here.
   */
  WARN_ON_UNINSTANTIATED_UPPER,

  /**
   * v10, "other bug fixes": {@code ovl_whiteout()} raises CAP_FOWNER too, "for unlink in sticky
   * directory" (the unlink of a whiteout whose xattr could not be set). The whiteout was just
   * made with fsuid 0, so it is root's and the sticky test passes without the capability: the
   * model shows no difference.
   */
  WHITEOUT_RAISES_CAP_FOWNER,

  // ---- v11: "Changes from v10 to v11" ----

  /**
   * v11, "fix overlayfs over overlayfs" with "fs: limit filesystem stacking depth":
   * {@code ovl_fill_super()} sets {@code s_stack_depth} to one more than the deeper layer's
   * and refuses a mount past {@code FILESYSTEM_MAX_STACK_DEPTH} (2) with EINVAL.
   */
  STACK_DEPTH_LIMIT,

  /**
   * v11, "make lower mount read-only": {@code ovl_fill_super()} marks the private lower clone
   * {@code MNT_READONLY}, and the overlay {@code MS_RDONLY} when the upper filesystem is; and
   * {@code ovl_permission()} returns EROFS for a read-only upper only when the overlay itself is
   * not read-only ({@code !IS_RDONLY(inode)}), so such an overlay can be the lower layer of
   * another one, whose writes copy up out of it.
   */
  LOWER_MOUNT_READONLY,

  // ---- v15 (v12..v15): the changelogs in the v15 cover letter ----

  /**
   * v15, "statfs: calculate correct f_namelen, fill f_type with own magic":
   * {@code ovl_fill_super()} keeps the lower layer's {@code f_namelen} ({@code vfs_statfs()} of
   * it; a failure fails the mount) and sets {@code s_magic = OVERLAYFS_SUPER_MAGIC};
   * {@code ovl_statfs()} calls {@code vfs_statfs()} on the upper root and reports the larger
   * {@code f_namelen} and the overlay's {@code f_type} (v6..v11 passed the upper filesystem's
   * own {@code ->statfs} result through, ENOSYS without one).
   */
  STATFS_OWN_TYPE_AND_NAMELEN,

  /**
   * v13, "switch to __inode_permission() (patch by Andy Whitcroft)", with "vfs: export
   * __inode_permission() to modules": {@code ovl_permission()} keeps its EROFS test and leaves
   * the rest to {@code __inode_permission(realinode, mask)} (the immutable test, the real
   * {@code ->permission}, and in 3.6 the device cgroup and the LSM hook, which the model lacks).
   */
  INODE_PERMISSION_HELPER,

  /**
   * v13, "create new inode in ovl_link (patch by Robin Dong)": {@code ovl_link()} gives the new
   * name an overlay inode of its own ({@code ovl_new_inode()} of the new upper dentry's type;
   * when that fails the C takes {@code link_fail} with {@code err} still 0)
   * instead of {@code ihold()} and sharing the source's, so that non-directory overlay inodes
   * stay one per dentry, as v6 made them ("don't share inodes for non-directory dentries").
   */
  LINK_NEW_INODE,

  /**
   * v13, "fix possible leak in ovl_new_inode (patch by Robin Dong)": an illegal file type
   * {@code iput()}s the inode {@code new_inode()} made before returning NULL.
   */
  NEW_INODE_ILLEGAL_TYPE_IPUT,

  /**
   * v14, "copy i_uid/i_gid from the underlying inode (patch by Andy Whitcroft)":
   * {@code ovl_copyattr()} sets the overlay inode's {@code i_uid}/{@code i_gid} from the real
   * one where an overlay inode meets its real object: {@code ovl_lookup()},
   * {@code ovl_create_object()}, a successful {@code ovl_setattr()}, and {@code ovl_link()}
   * (which copies them from the upper parent directory, not from the linked file, as the C
   * does). The VFS's own owner tests on the overlay inode ({@code inode_owner_or_capable()}:
   * utimes to "now", O_NOATIME) then see the real owner; before, every overlay inode was owned
   * by root.
   */
  COPY_ATTR_UID_GID,

  /**
   * v14, "update to 3.6" ({@code d_make_root()}): {@code ovl_fill_super()} makes the root inode
   * last, after the mounts and the write access, just before the root dentry; v6..v11 made it
   * first and {@code iput()} it on every failure ({@code out_put_root}). Only the inode numbers
   * show it: a failed mount uses up a {@code get_next_ino()} number before v15 and none from v15.
   */
  ROOT_INODE_AFTER_MOUNTS,

  /**
   * v12, "change i_op->open and vfs_open so that they take struct file *", in v15 for 3.6 as
   * "vfs: add i_op->dentry_open()" (3.6 allocates the file before opening it):
   * overlay files have {@code .dentry_open = ovl_dentry_open} instead of {@code .open =
   * ovl_open}, filling in the file {@code dentry_open()} allocated, and the overlay opens real
   * files for itself through {@code ovl_path_open()}, whose {@code path_get()} 3.6's
   * {@code dentry_open()} no longer needs: one leaked reference on the real dentry and mount per
   * copy-up of data and per read of a real directory, fsync reopen or directory open.
   */
  DENTRY_OPEN_HOOK,
}
