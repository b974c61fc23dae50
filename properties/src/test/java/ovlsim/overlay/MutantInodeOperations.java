package ovlsim.overlay;

import ovlsim.kernel.Cred;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.InodeOperations;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Nameidata;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import ovlsim.vfs.VfsMount;

/**
 * Wraps an overlay inode's operations table to install an {@link OvlMutant}: every method
 * delegates to the port's, and the inodes that lookup and the create family bring in get
 * wrapped too, so a whole mounted overlay runs the mutant once its root is wrapped. A copy-up
 * mutant runs its copy-up before delegating, so that the port's own copy-up finds nothing left
 * to do; a rename or unlink mutant replaces that operation.
 */
final class MutantInodeOperations implements InodeOperations {
  private final InodeOperations real;
  private final OvlMutant mutant;

  private MutantInodeOperations(InodeOperations real, OvlMutant mutant) {
    this.real = real;
    this.mutant = mutant;
  }

  /** Wraps {@code inode}'s table unless it is wrapped already. */
  static void wrap(Inode inode, OvlMutant mutant) {
    if (inode != null && !(inode.iOp instanceof MutantInodeOperations)) {
      inode.iOp = new MutantInodeOperations(inode.iOp, mutant);
    }
  }

  private boolean copyUpMutant() {
    return mutant == OvlMutant.COPY_UP_CHILD_BEFORE_PARENT
        || mutant == OvlMutant.COPY_UP_WITHOUT_RECHECK;
  }

  private void preCopyUp(Dentry d) {
    if (copyUpMutant()) {
      MutantCopyUp.copyUp(d, mutant);
    }
  }

  @Override
  public Dentry lookup(Inode dir, Dentry dentry, Nameidata nd) {
    Dentry r = real.lookup(dir, dentry, nd);
    wrap(dentry.dInode, mutant);
    if (r != null) {
      wrap(r.dInode, mutant);
    }
    return r;
  }

  @Override
  public void create(Inode dir, Dentry dentry, int mode, Nameidata nd) {
    preCopyUp(dentry.dParent);
    real.create(dir, dentry, mode, nd);
    wrap(dentry.dInode, mutant);
  }

  @Override
  public void link(Dentry oldDentry, Inode dir, Dentry dentry) {
    preCopyUp(oldDentry);
    preCopyUp(dentry.dParent);
    real.link(oldDentry, dir, dentry);
    wrap(dentry.dInode, mutant);
  }

  @Override
  public void unlink(Inode dir, Dentry dentry) {
    preCopyUp(dentry.dParent);
    if (mutant == OvlMutant.UNLINK_WITHOUT_OPAQUE_CHECK) {
      MutantDir.unlink(dir, dentry);
    } else {
      real.unlink(dir, dentry);
    }
  }

  @Override
  public void symlink(Inode dir, Dentry dentry, String symname) {
    preCopyUp(dentry.dParent);
    real.symlink(dir, dentry, symname);
    wrap(dentry.dInode, mutant);
  }

  @Override
  public void mkdir(Inode dir, Dentry dentry, int mode) {
    preCopyUp(dentry.dParent);
    real.mkdir(dir, dentry, mode);
    wrap(dentry.dInode, mutant);
  }

  @Override
  public void rmdir(Inode dir, Dentry dentry) {
    preCopyUp(dentry.dParent);
    real.rmdir(dir, dentry);
  }

  @Override
  public void mknod(Inode dir, Dentry dentry, int mode, int rdev) {
    preCopyUp(dentry.dParent);
    real.mknod(dir, dentry, mode, rdev);
    wrap(dentry.dInode, mutant);
  }

  @Override
  public void rename(Inode oldDir, Dentry oldDentry, Inode newDir, Dentry newDentry) {
    if (mutant == OvlMutant.RENAME_WITHOUT_LOCK_RENAME) {
      MutantDir.rename(oldDir, oldDentry, newDir, newDentry);
      return;
    }
    if (!Stat.S_ISDIR(oldDentry.dInode.iMode)) {
      preCopyUp(oldDentry);
    }
    preCopyUp(newDentry.dParent);
    real.rename(oldDir, oldDentry, newDir, newDentry);
  }

  @Override
  public int readlink(Dentry dentry, byte[] buf, int bufsiz) {
    return real.readlink(dentry, buf, bufsiz);
  }

  @Override
  public Object followLink(Dentry dentry, Nameidata nd) {
    return real.followLink(dentry, nd);
  }

  @Override
  public void putLink(Dentry dentry, Nameidata nd, Object cookie) {
    real.putLink(dentry, nd, cookie);
  }

  @Override
  public boolean hasPutLink() {
    return real.hasPutLink();
  }

  @Override
  public void permission(Inode inode, int mask, int flags) {
    real.permission(inode, mask, flags);
  }

  @Override
  public void setattr(Dentry dentry, Iattr attr) {
    preCopyUp(dentry);
    real.setattr(dentry, attr);
  }

  @Override
  public void getattr(VfsMount mnt, Dentry dentry, Kstat stat) {
    real.getattr(mnt, dentry, stat);
  }

  @Override
  public void setxattr(Dentry dentry, String name, byte[] value, int size, int flags) {
    preCopyUp(dentry);
    real.setxattr(dentry, name, value, size, flags);
  }

  @Override
  public int getxattr(Dentry dentry, String name, byte[] value, int size) {
    return real.getxattr(dentry, name, value, size);
  }

  @Override
  public boolean hasGetxattr() {
    return real.hasGetxattr();
  }

  @Override
  public int listxattr(Dentry dentry, byte[] list, int size) {
    return real.listxattr(dentry, list, size);
  }

  @Override
  public void removexattr(Dentry dentry, String name) {
    real.removexattr(dentry, name);
  }

  @Override
  public File open(Dentry dentry, int flags, Cred cred) {
    preCopyUpForOpen(dentry, flags);
    return real.open(dentry, flags, cred);
  }

  @Override
  public boolean hasOpen() {
    return real.hasOpen();
  }

  @Override
  public void dentryOpen(Dentry dentry, File file, Cred cred) {
    preCopyUpForOpen(dentry, file.fFlags);
    real.dentryOpen(dentry, file, cred);
  }

  /** The mutant's copy-up of a file an open with {@code flags} copies up (not for O_TRUNC). */
  private void preCopyUpForOpen(Dentry dentry, int flags) {
    Path realpath = new Path();
    OvlPathType type = OvlDentry.ovlPathReal(dentry, realpath);
    if (OvlInode.ovlOpenNeedCopyUp(flags, type, realpath.dentry)
        && (flags & Fcntl.O_TRUNC) == 0) {
      preCopyUp(dentry);
    }
  }

  @Override
  public boolean hasDentryOpen() {
    return real.hasDentryOpen();
  }

  @Override
  public String toString() {
    return real + " with mutant " + mutant;
  }

}
