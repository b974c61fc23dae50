package ovlsim.lowerfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.File;
import ovlsim.vfs.FileOperations;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Loff;

/**
 * Port of {@code generic_ro_fops} as squashfs uses it for regular files: read from the image,
 * default llseek, no write. Reads take no lock.
 */
final class LowerFileOps implements FileOperations {
  static final LowerFileOps INSTANCE = new LowerFileOps();

  private LowerFileOps() {}

  /**
   * squashfs's regular files have no {@code ->open}; this one is the {@code lower.open}
   * injection point and records {@code inode} as the file's {@code f_mapping->host} (see
   * {@link LowerInode#opened}).
   */
  @Override
  public void open(Inode inode, File file) {
    LowerInode li = LowerInode.of(inode);
    LowerSuper.of(li.iSb).fault("lower.open");
    file.privateData = li;
  }

  /**
   * Port of {@code do_sync_read()} over {@code generic_file_aio_read()}: up to {@code count}
   * bytes from {@code pos}, 0 at or past the end; advances {@code pos} and calls
   * {@code file_accessed()}. The inode is {@code filp->f_mapping->host}, as in the C. The port
   * copies from the image; there is no page cache.
   */
  @Override
  public int read(File file, byte[] buf, int count, Loff pos) {
    LowerInode inode = LowerInode.opened(file);
    LowerSuper.of(inode.iSb).fault("lower.read");
    int n = inode.image.attrs.readContent(pos.value, buf, 0, count);
    pos.value += n;
    Inodes.fileAccessed(file);
    return n;
  }

  /** An image is never written: EROFS (a read-only mount never opens one for write). */
  @Override
  public int write(File file, byte[] buf, int count, Loff pos) {
    throw new KernelError(Errno.EROFS);
  }
}
