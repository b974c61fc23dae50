package ovlsim.upperfs;

import org.apache.commons.lang3.Validate;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.LockClassKey;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.vfs.Inode;
import ovlsim.vfs.SuperBlock;

/**
 * An upper-fs inode: the Java form of {@code struct shmem_inode_info} around its
 * {@code vfs_inode}. What it holds depends on its type, which is set once in
 * {@link UpperInodes#getInode} before the inode is published: a regular file's {@link Pages}, a
 * directory's {@link Directory}, a symlink's body. Every inode has {@link Xattrs}.
 *
 * <p>References: while an inode is linked ({@code i_nlink > 0}) upper-fs holds one
 * {@code i_count} reference on it, the port's form of the "extra count" with which tmpfs pins
 * each of its dentries; the reference goes when the last link does, so the inode is evicted,
 * and its space freed, once the last dentry and open file let go.
 *
 * <p>Locking: each of {@code pages}, {@code dir} and {@code xattrs} is guarded by its own
 * monitor (the inode's data monitors); the fields below are final or written before the inode
 * is instantiated.
 */
final class UpperInode extends Inode {
  /** The content of a regular file; {@code null} for other types. */
  Pages pages;
  /** The entries of a directory; {@code null} for other types. */
  Directory dir;
  /** The body of a symlink; {@code null} for other types. */
  String link;
  /** The symlink body took a page (it was too long to keep inline). */
  boolean linkInPage;
  final Xattrs xattrs = new Xattrs();

  /** The lock class of every {@link #fSem}: jffs2's {@code &f->sem}. */
  static final LockClassKey F_SEM_KEY = new LockClassKey("&f->sem");

  /**
   * Model-only, under the {@code jffs2} mount option: jffs2's per-inode
   * {@code struct jffs2_inode_info} mutex {@code f->sem}, which {@code jffs2_readdir()} holds
   * while the filldir callback runs and {@code jffs2_lookup()} and {@code jffs2_unlink()} take
   * on the directory (2.6.38). {@code null} without the option. Taken inside the VFS's i_mutex
   * of the same inode, never the other way round.
   */
  final KMutex fSem;

  UpperInode(SuperBlock sb) {
    super(sb);
    fSem = UpperFs.of(sb).options().jffs2() ? new KMutex(F_SEM_KEY, Lockdep.of(sb.kernel())) : null;
  }

  /** Port of {@code SHMEM_I()}: the upper-fs inode behind {@code inode}. */
  static UpperInode upperI(Inode inode) {
    Validate.isTrue(inode instanceof UpperInode, "not an upper-fs inode: %s", inode);
    return (UpperInode) inode;
  }

  /** The instance this inode belongs to ({@code SHMEM_SB(inode->i_sb)}). */
  UpperFs fs() {
    return UpperFs.of(iSb);
  }
}
