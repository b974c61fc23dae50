/**
 * ramfs, as {@code fs/ramfs} of 2.6.38 has it: a filesystem whose directories are the dcache
 * and whose files are their page cache, written with the {@code fs/libfs.c} helpers
 * ({@link ovlsim.vfs.libfs}). It is the model machine's root filesystem, as ramfs is the
 * kernel's {@code rootfs}, and the filesystem on which the VFS's own tests run. Registered by
 * {@link ovlsim.ramfs.RamfsModule}.
 */
package ovlsim.ramfs;
