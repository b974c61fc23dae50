/**
 * The kernel's own minimal filesystem helpers, {@code fs/libfs.c} of 2.6.38: the {@code
 * simple_*} inode operations of a filesystem whose directory tree is the dcache, the readdir
 * cursor family ({@code dcache_readdir()} and friends), {@code simple_dir_operations},
 * {@code simple_dir_inode_operations} and {@code simple_fill_super()}. ramfs
 * ({@link ovlsim.ramfs}) is built on them, as in the kernel. Depends on {@link ovlsim.vfs}
 * only; nothing in {@code ovlsim.vfs} depends on it.
 */
package ovlsim.vfs.libfs;
