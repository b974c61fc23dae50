/**
 * The Java port of the 2011 overlay filesystem: {@code fs/overlayfs/overlayfs.c} as posted in
 * v6 on 2011-03-01 (patch 4/6) with {@code ovl_statfs()} from patch 5/6, on the model VFS, and
 * the changes of the v7 thread (2011-03-22) as switchable {@link ovlsim.overlay.OvlPatch}es
 * ({@link ovlsim.overlay.OvlVersion}).
 *
 * <p>Every ported function keeps its C name in its Javadoc ("Port of {@code ovl_xxx()}"), so
 * {@code grep -r ovl_copy_up_one} finds the Java beside the C; {@code docs/port-map.md} at the
 * repository root lists all 86 functions. The sections of the C file map to classes as follows:
 *
 * <table>
 *   <caption>overlayfs.c, top to bottom</caption>
 *   <tr><th>C section</th><th>Java</th></tr>
 *   <tr><td>{@code struct ovl_fs}, {@code struct ovl_entry}, the xattr names,
 *       {@code enum ovl_path_type}</td>
 *       <td>{@link ovlsim.overlay.OvlFs}, {@link ovlsim.overlay.OvlEntry},
 *       {@link ovlsim.overlay.OvlDentry} (constants), {@link ovlsim.overlay.OvlPathType}</td></tr>
 *   <tr><td>{@code ovl_path_type()} .. {@code ovl_is_opaquedir()}: which layer, the real
 *       paths and dentries, opaque and version, whiteout and opaque markers</td>
 *       <td>{@link ovlsim.overlay.OvlDentry}; {@code ovl_upperdentry_dereference()} in
 *       {@link ovlsim.overlay.OvlEntry}</td></tr>
 *   <tr><td>{@code struct ovl_cache_entry}, {@code ovl_readdir_data}, {@code ovl_dir_file};
 *       {@code ovl_cache_entry_*()} .. {@code ovl_dir_open()}, {@code ovl_dir_operations}</td>
 *       <td>{@link ovlsim.overlay.OvlCacheEntry}, {@link ovlsim.overlay.OvlReaddirData},
 *       {@link ovlsim.overlay.OvlDirFile}, {@link ovlsim.overlay.ListHead}
 *       ({@code list.h}); {@link ovlsim.overlay.OvlReaddir}</td></tr>
 *   <tr><td>{@code ovl_entry_free()}, {@code ovl_dentry_release()},
 *       {@code ovl_dentry_operations}</td>
 *       <td>{@link ovlsim.overlay.OvlDentryOps}</td></tr>
 *   <tr><td>{@code ovl_lookup_real()}, {@code ovl_alloc_entry()}, {@code ovl_lookup()}</td>
 *       <td>{@link ovlsim.overlay.OvlDir}; {@code ovl_alloc_entry()} in
 *       {@link ovlsim.overlay.OvlEntry}</td></tr>
 *   <tr><td>{@code ovl_copy_up_xattr()}, {@code ovl_copy_up_data()},
 *       {@code ovl_read_symlink()}, {@code ovl_set_timestamps()}, {@code ovl_set_mode()},
 *       {@code ovl_copy_up_locked()}, {@code ovl_copy_up_one()}, {@code ovl_copy_up()},
 *       {@code ovl_copy_up_truncate()}</td>
 *       <td>{@link ovlsim.overlay.OvlCopyUp}</td></tr>
 *   <tr><td>{@code ovl_lookup_create()}, {@code ovl_upper_create()}, {@code ovl_set_opaque()},
 *       {@code ovl_remove_opaque()} (among the copy-up helpers in the C), and
 *       {@code ovl_whiteout()}: what the overlay makes in the upper layer</td>
 *       <td>{@link ovlsim.overlay.OvlUpper}</td></tr>
 *   <tr><td>{@code ovl_create_object()} .. {@code ovl_symlink()},
 *       {@code ovl_do_remove()} .. {@code ovl_rename()}</td>
 *       <td>{@link ovlsim.overlay.OvlDir}</td></tr>
 *   <tr><td>{@code ovl_setattr()}, {@code ovl_getattr()}, {@code ovl_dir_getattr()},
 *       {@code ovl_permission()}, {@code struct ovl_link_data}, {@code ovl_follow_link()},
 *       {@code ovl_put_link()}, {@code ovl_readlink()}, the xattr operations,
 *       {@code ovl_open_need_copy_up()}, {@code ovl_open()}, the three
 *       {@code inode_operations}, {@code ovl_new_inode()}</td>
 *       <td>{@link ovlsim.overlay.OvlInode}, {@link ovlsim.overlay.OvlLinkData};
 *       {@code ovl_dir_inode_operations} and {@code ovl_new_inode()} in
 *       {@link ovlsim.overlay.OvlDir}</td></tr>
 *   <tr><td>{@code ovl_put_super()}, {@code ovl_remount_fs()}, {@code ovl_statfs()} (patch
 *       5/6), {@code ovl_super_operations}, {@code struct ovl_config}, {@code ovl_tokens},
 *       {@code ovl_parse_opt()}, {@code ovl_fill_super()}</td>
 *       <td>{@link ovlsim.overlay.OvlSuper}, {@link ovlsim.overlay.OvlConfig}</td></tr>
 *   <tr><td>{@code ovl_get_sb()}, {@code ovl_fs_type}, {@code ovl_init()},
 *       {@code ovl_exit()}</td>
 *       <td>{@link ovlsim.overlay.OverlayFsType} ({@code ovl_exit()} has no counterpart)</td></tr>
 * </table>
 *
 * <p>The classes call one way, top to bottom: {@link ovlsim.overlay.OverlayFsType},
 * {@link ovlsim.overlay.OvlSuper}, {@link ovlsim.overlay.OvlDir}, {@link ovlsim.overlay.OvlInode},
 * {@link ovlsim.overlay.OvlCopyUp}, {@link ovlsim.overlay.OvlUpper}, then
 * {@link ovlsim.overlay.OvlDentry} and the structures; {@link ovlsim.overlay.OvlDir} also reads
 * directories through {@link ovlsim.overlay.OvlReaddir}. Nothing calls back up. The one loop of
 * the C ({@code ovl_lookup()} and {@code ovl_create_object()} call {@code ovl_new_inode()},
 * which installs the table that points at them) stays inside {@link ovlsim.overlay.OvlDir}.
 *
 * <p>Locking follows the C exactly, and so does the order it implies: overlay locks (taken by
 * the VFS around each i_op) before upper-layer locks before lower-layer locks. Named schedule
 * points mark the windows of Al Viro's review; {@link ovlsim.overlay.OvlSchedPoint} holds their
 * names: {@code ovl_copy_up_one:before_lock}, {@code ovl_rename:after_vfs_rename} and
 * {@code ovl_rename:after_unlock}.
 *
 * <p>Where the model must differ from the C (no RCU, no allocation failure, no user pointers,
 * no {@code printk}), the place says so in one line. Errors are thrown as
 * {@link ovlsim.kernel.KernelError}, a {@code goto} ladder becomes {@code try}/{@code finally}
 * (or nested {@code catch} blocks where only the error path unwinds).
 */
package ovlsim.overlay;
