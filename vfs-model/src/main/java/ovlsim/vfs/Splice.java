package ovlsim.vfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/** Port of {@code do_splice_direct()} from {@code fs/splice.c}. */
public final class Splice {
  private Splice() {}

  /**
   * Port of {@code do_splice_direct()}: copies up to {@code len} bytes from {@code in} at
   * {@code ppos} to {@code out} at its {@code f_pos}; advances both and returns the bytes
   * moved (0 at end of file).
   *
   * <p>The model has no pipes or page cache: the splice is one {@code f_op->read} of at most
   * {@code len} bytes into a buffer, then {@code f_op->write} of what was read, with the checks
   * of {@code splice_direct_to_actor()}, {@code do_splice_to()} and {@code do_splice_from()}.
   * The buffer is bounded by the bytes left before {@code i_size}, where the data ends.
   */
  public static long doSpliceDirect(File in, Loff ppos, File out, long len, int flags) {
    Inode inode = in.fPath.dentry.dInode;
    // splice_direct_to_actor(): only regular files and block devices.
    if (!Stat.S_ISREG(inode.iMode) && !Stat.S_ISBLK(inode.iMode)) {
      throw new KernelError(Errno.EINVAL);
    }
    // do_splice_to()
    if ((in.fMode & Fs.FMODE_READ) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    int count = ReadWrite.rwVerifyArea(ReadWrite.READ, in, ppos, len);
    long left = Math.max(0, inode.iSize - ppos.value);
    byte[] buf = new byte[(int) Math.min(count, left)];
    Loff readPos = new Loff(ppos.value);
    int read = in.fOp.read(in, buf, buf.length, readPos);
    if (read <= 0) {
      return read;
    }
    // do_splice_from(), direct_splice_actor(): write at out->f_pos.
    if ((out.fMode & Fs.FMODE_WRITE) == 0) {
      throw new KernelError(Errno.EBADF);
    }
    if ((out.fFlags & Fcntl.O_APPEND) != 0) {
      throw new KernelError(Errno.EINVAL);
    }
    Loff writePos = new Loff(out.fPos);
    int n = ReadWrite.rwVerifyArea(ReadWrite.WRITE, out, writePos, read);
    int written = out.fOp.write(out, buf, n, writePos);
    if (written > 0) {
      out.fPos = writePos.value;
      ppos.value += written;
    }
    return written;
  }
}
