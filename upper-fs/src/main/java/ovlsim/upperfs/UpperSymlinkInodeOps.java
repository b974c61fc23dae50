package ovlsim.upperfs;

import java.nio.charset.StandardCharsets;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Nameidata;

/**
 * Port of {@code shmem_symlink_inline_operations} and {@code shmem_symlink_inode_operations}:
 * one table serves both, since the body is a string either way. No i_mutex is held around
 * readlink or follow_link; the body never changes once the inode is instantiated.
 */
final class UpperSymlinkInodeOps extends UpperInodeOps {
  static final UpperSymlinkInodeOps INSTANCE = new UpperSymlinkInodeOps();

  private UpperSymlinkInodeOps() {}

  /**
   * Port of {@code generic_readlink()} with {@code vfs_readlink()}: at most {@code bufsiz}
   * bytes of the body, no NUL; returns how many.
   */
  @Override
  public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
    byte[] body = UpperInode.upperI(dentry.dInode).link.getBytes(StandardCharsets.UTF_8);
    int len = Math.min(body.length, bufsiz);
    System.arraycopy(body, 0, buf, 0, len);
    return len;
  }

  /**
   * Port of {@code shmem_follow_link_inline()}: hands the body to {@code nd_set_link()}; no
   * cookie, as nothing is to be put.
   */
  @Override
  public Object followLink(Dentry dentry, Nameidata nd) {
    nd.setLink(UpperInode.upperI(dentry.dInode).link);
    return null;
  }
}
