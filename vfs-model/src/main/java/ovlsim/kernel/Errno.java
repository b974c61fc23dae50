package ovlsim.kernel;

/**
 * The Linux errno values the model can return, with their x86-64 numbers.
 *
 * <p>Kernel-side code throws {@link KernelError} carrying one of these; the syscall layer
 * turns it into {@code -errno}, the result a caller of a raw syscall sees.
 */
public enum Errno {
  EPERM(1, "Operation not permitted"),
  ENOENT(2, "No such file or directory"),
  EINTR(4, "Interrupted system call"),
  EIO(5, "Input/output error"),
  ENXIO(6, "No such device or address"),
  E2BIG(7, "Argument list too long"),
  EBADF(9, "Bad file descriptor"),
  EAGAIN(11, "Resource temporarily unavailable"),
  ENOMEM(12, "Cannot allocate memory"),
  EACCES(13, "Permission denied"),
  EFAULT(14, "Bad address"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  EXDEV(18, "Invalid cross-device link"),
  ENODEV(19, "No such device"),
  ENOTDIR(20, "Not a directory"),
  EISDIR(21, "Is a directory"),
  EINVAL(22, "Invalid argument"),
  ENFILE(23, "Too many open files in system"),
  EMFILE(24, "Too many open files"),
  ETXTBSY(26, "Text file busy"),
  EFBIG(27, "File too large"),
  ENOSPC(28, "No space left on device"),
  ESPIPE(29, "Illegal seek"),
  EROFS(30, "Read-only file system"),
  EMLINK(31, "Too many links"),
  EPIPE(32, "Broken pipe"),
  ERANGE(34, "Numerical result out of range"),
  EDEADLK(35, "Resource deadlock avoided"),
  ENAMETOOLONG(36, "File name too long"),
  ENOSYS(38, "Function not implemented"),
  ENOTEMPTY(39, "Directory not empty"),
  ELOOP(40, "Too many levels of symbolic links"),
  ENODATA(61, "No data available"),
  EOVERFLOW(75, "Value too large for defined data type"),
  EOPNOTSUPP(95, "Operation not supported"),
  ESTALE(116, "Stale file handle"),
  EDQUOT(122, "Disk quota exceeded"),
  ECHILD(10, "No child processes");

  private final int number;
  private final String message;

  Errno(int number, String message) {
    this.number = number;
    this.message = message;
  }

  /** The errno number, as in {@code <asm-generic/errno-base.h>}. */
  public int number() {
    return number;
  }

  /** The {@code strerror()} text. */
  public String message() {
    return message;
  }

  /** Returns the errno with this number, or {@code null} if the model does not know it. */
  public static Errno ofNumber(int number) {
    for (Errno e : values()) {
      if (e.number == number) {
        return e;
      }
    }
    return null;
  }

  /**
   * Returns the errno a raw syscall result stands for: {@code null} for a result of zero or
   * more, else the errno whose number is {@code -result}.
   */
  public static Errno ofResult(long result) {
    return result >= 0 ? null : ofNumber((int) -result);
  }

  /** Looks an errno up by its name ("ENOENT"); {@code null} when there is none. */
  public static Errno ofName(String name) {
    for (Errno e : values()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
