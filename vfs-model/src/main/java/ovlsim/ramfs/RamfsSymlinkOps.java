package ovlsim.ramfs;

import ovlsim.vfs.Dentry;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Nameidata;

/**
 * Port of {@code page_symlink_inode_operations} as ramfs symlinks use it: the body is read from
 * the inode's first page. No lock is held around readlink or follow_link; the body never
 * changes once the inode is instantiated.
 */
final class RamfsSymlinkOps implements InodeOperations {
  static final RamfsSymlinkOps INSTANCE = new RamfsSymlinkOps();

  private RamfsSymlinkOps() {}

  /** {@code .readlink = generic_readlink}. */
  @Override
  public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
    return Namei.genericReadlink(dentry, buf, bufsiz);
  }

  /**
   * Port of {@code page_follow_link_light()}: the body of the first page
   * ({@code page_getlink()}) to {@code nd_set_link()}; the page is the cookie.
   */
  @Override
  public Object followLink(Dentry dentry, Nameidata nd) {
    String body = RamfsInode.of(dentry.dInode).link;
    nd.setLink(body);
    return body;
  }

  /** Port of {@code page_put_link()}: the page is let go; the model has nothing to release. */
  @Override
  public void putLink(Dentry dentry, Nameidata nd, Object cookie) {}

  @Override
  public boolean hasPutLink() {
    return true;
  }
}
