package ovlsim.lowerfs;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Capability;
import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.layer.LayerNode;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.VfsMount;
import ovlsim.vfs.VfsStat;

/**
 * Port of lower-fs's {@code inode_operations}: {@code squashfs_dir_inode_ops} (lookup),
 * {@code page_symlink_inode_operations} (readlink, follow_link) and {@code squashfs_inode_ops}
 * (the xattr calls every table has).
 *
 * <p>Every operation that would change the image throws EROFS. The VFS refuses them earlier on
 * a read-only mount ({@code mnt_want_write()}), so these matter only to a caller that skips
 * that check; squashfs leaves the pointers NULL instead, which would give EPERM or EACCES
 * there. No operation takes a lock: the image is immutable, and the VFS holds what docs/locking.md
 * lists around each call. The operations reach the image only through the inode they are
 * called on, so they make no assumption about the filesystems mounted above or beside them.
 */
class LowerInodeOps implements InodeOperations {
  /** Regular files. */
  static final LowerInodeOps FILE = new LowerInodeOps();

  /** Fifos and devices ({@code squashfs_inode_ops}). */
  static final LowerInodeOps SPECIAL = new LowerInodeOps();

  /** Directories ({@code squashfs_dir_inode_ops}). */
  static final LowerInodeOps DIR = new Dir();

  /** Symlinks ({@code squashfs_symlink_inode_ops}). */
  static final LowerInodeOps SYMLINK = new Symlink();

  private LowerInodeOps() {}

  private static LowerSuper msblk(Inode inode) {
    return LowerSuper.of(inode.iSb);
  }

  private static KernelError erofs() {
    return new KernelError(Errno.EROFS);
  }

  /** Directories: {@code ->lookup}. */
  private static final class Dir extends LowerInodeOps {
    /**
     * Port of {@code squashfs_lookup()}: finds {@code dentry}'s name in the directory and adds
     * the dentry, positive or negative. The caller holds {@code dir}'s i_mutex; this takes
     * nothing. Where the C ends with {@code d_splice_alias()}, the port calls {@code d_add()}:
     * an image's directories have one name each, so there is no alias to splice.
     */
    @Override
    public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
      LowerSuper msblk = msblk(dir);
      msblk.fault("lower.lookup");
      String name = dentry.dName;
      if (name.length() > LowerSuper.SQUASHFS_NAME_LEN / 4
          && name.getBytes(StandardCharsets.UTF_8).length > LowerSuper.SQUASHFS_NAME_LEN) {
        throw new KernelError(Errno.ENAMETOOLONG);
      }
      ImageInode found = LowerInode.of(dir).image.child(name);
      Inode inode = found == null ? null : msblk.iget(found);
      Dcache.dAdd(dentry, inode);
      return null;
    }
  }

  /** Symlinks: {@code ->readlink} and {@code ->follow_link}. */
  private static final class Symlink extends LowerInodeOps {
    /**
     * Port of {@code generic_readlink()} over {@code page_follow_link_light()}: copies at most
     * {@code bufsiz} bytes of the target, unterminated. The port reads the body straight from
     * the image (no page cache).
     */
    @Override
    public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
      LowerInode inode = LowerInode.of(dentry.dInode);
      msblk(inode).fault("lower.readlink");
      LayerNode a = inode.image.attrs;
      int len = (int) Math.min(a.contentLength(), bufsiz);
      return a.readContent(0, buf, 0, len);
    }

    /**
     * Port of {@code page_follow_link_light()}: hands the target to the walk. No page to put
     * afterwards, so no {@code ->put_link}.
     */
    @Override
    public Object followLink(Dentry dentry, Nameidata nd) {
      LowerInode inode = LowerInode.of(dentry.dInode);
      msblk(inode).fault("lower.follow_link");
      nd.setLink(inode.image.attrs.target());
      return null;
    }
  }

  /**
   * Port of {@code generic_fillattr()}, which the VFS calls for squashfs (it has no
   * {@code ->getattr}); here a method so {@code lower.getattr} can be injected.
   */
  @Override
  public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    msblk(dentry.dInode).fault("lower.getattr");
    VfsStat.genericFillattr(dentry.dInode, stat);
  }

  /**
   * Port of {@code generic_getxattr()} with squashfs's handlers ({@code squashfs_xattr_get()}):
   * EOPNOTSUPP outside {@code user.}, {@code trusted.} and {@code security.}; EINVAL for a bare
   * prefix; ENODATA when absent; with {@code size == 0} only the length; ERANGE when the value
   * does not fit. Permission ({@code trusted.} needs CAP_SYS_ADMIN) is the VFS's
   * {@code xattr_permission()}.
   */
  @Override
  public int getxattr(Dentry dentry, String name, byte[] value, int size) {
    LowerInode inode = LowerInode.of(dentry.dInode);
    msblk(inode).fault("lower.getxattr");
    String suffix = handlerSuffix(name);
    if (suffix == null) {
      throw new KernelError(Errno.EOPNOTSUPP);
    }
    if (suffix.isEmpty()) {
      throw new KernelError(Errno.EINVAL);
    }
    LayerNode a = inode.image.attrs;
    int len = a.xattrLength(name);
    if (len < 0) {
      throw new KernelError(Errno.ENODATA);
    }
    if (size != 0) {
      if (len > size) {
        throw new KernelError(Errno.ERANGE);
      }
      a.readXattr(name, value);
    }
    return len;
  }

  /** The name without its handler's prefix, or {@code null} when no handler takes it. */
  private static String handlerSuffix(String name) {
    for (String p :
        new String[] {Fs.XATTR_USER_PREFIX, Fs.XATTR_TRUSTED_PREFIX, Fs.XATTR_SECURITY_PREFIX}) {
      if (name.startsWith(p)) {
        return name.substring(p.length());
      }
    }
    return null;
  }

  @Override
  public boolean hasGetxattr() {
    return true;
  }

  /**
   * Port of {@code squashfs_listxattr()}: each name NUL-terminated, {@code trusted.} ones only
   * for CAP_SYS_ADMIN ({@code squashfs_trusted_xattr_handler}'s list); with {@code size == 0}
   * only the length; ERANGE when the names do not fit.
   */
  @Override
  public int listxattr(Dentry dentry, byte[] list, int size) {
    LowerInode inode = LowerInode.of(dentry.dInode);
    msblk(inode).fault("lower.listxattr");
    int total = 0;
    for (String name : inode.image.attrs.xattrNames()) {
      if (name.startsWith(Fs.XATTR_TRUSTED_PREFIX) && !Creds.capable(Capability.CAP_SYS_ADMIN)) {
        continue;
      }
      byte[] b = name.getBytes(StandardCharsets.UTF_8);
      if (size != 0) {
        if (total + b.length + 1 > size) {
          throw new KernelError(Errno.ERANGE);
        }
        System.arraycopy(b, 0, list, total, b.length);
        list[total + b.length] = 0;
      }
      total += b.length + 1;
    }
    return total;
  }

  @Override
  public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    throw erofs();
  }

  @Override
  public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
    throw erofs();
  }

  @Override
  public void unlink(Inode dir, Dentry dentry) {
    throw erofs();
  }

  @Override
  public void symlink(Inode dir, Dentry dentry, String symname) {
    throw erofs();
  }

  @Override
  public void mkdir(Inode dir, Dentry dentry, int mode) {
    throw erofs();
  }

  @Override
  public void rmdir(Inode dir, Dentry dentry) {
    throw erofs();
  }

  @Override
  public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
    throw erofs();
  }

  @Override
  public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    throw erofs();
  }

  @Override
  public void setattr(Dentry dentry, Iattr attr) {
    throw erofs();
  }

  @Override
  public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    throw erofs();
  }

  @Override
  public void removexattr(Dentry dentry, String name) {
    throw erofs();
  }
}
