package ovlsim.ramfs;

import org.apache.commons.lang3.Validate;
import ovlsim.vfs.Inode;
import ovlsim.vfs.SuperBlock;

/**
 * A ramfs inode: the VFS inode with what its page cache holds in the kernel, since the model's
 * VFS has no page cache: a regular file's {@link RamfsPages}, a symlink's body. Both are set
 * once in {@link Ramfs#ramfsGetInode} / {@link RamfsDirInodeOps#symlink}, before the inode is
 * instantiated, and never replaced; what {@code pages} holds is guarded by its own monitor.
 */
final class RamfsInode extends Inode {
  /** A regular file's pages ({@code i_data}); {@code null} for other types. */
  RamfsPages pages;
  /** A symlink's body, which {@code page_symlink()} puts in its first page; else {@code null}. */
  volatile String link;

  RamfsInode(SuperBlock sb) {
    super(sb);
  }

  /** The ramfs inode behind {@code inode}. */
  static RamfsInode of(Inode inode) {
    Validate.isTrue(inode instanceof RamfsInode, "not a ramfs inode: %s", inode);
    return (RamfsInode) inode;
  }
}
