package ovlsim.vfs.libfs;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Nameidata;

/**
 * Port of {@code simple_dir_inode_operations}: a directory that can only be looked up in
 * ({@code .lookup = simple_lookup}); every other operation is absent, so the VFS refuses it
 * (EACCES for create, EPERM for the rest). The VFS holds the directory's i_mutex around lookup.
 */
public final class SimpleDirInodeOperations implements InodeOperations {
  /** The one table, as the C's {@code const struct inode_operations}. */
  public static final SimpleDirInodeOperations INSTANCE = new SimpleDirInodeOperations();

  private SimpleDirInodeOperations() {}

  /** {@code .lookup = simple_lookup}. */
  @Override
  public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
    return Libfs.simpleLookup(dir, dentry, nd);
  }
}
