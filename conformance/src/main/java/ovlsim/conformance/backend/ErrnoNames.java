package ovlsim.conformance.backend;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno names by number (the asm-generic numbers x86-64 and arm64 share), for printing a
 * failed syscall's result as pjdfstest does: {@code ENOENT}, {@code EXDEV}. The model's own
 * {@code ovlsim.kernel.Errno} knows only the errnos the model can return; the real kernel can
 * return any of these. Aliases print as their canonical name ({@code EWOULDBLOCK} is
 * {@code EAGAIN}, {@code ENOTSUP} is {@code EOPNOTSUPP}, {@code EDEADLOCK} is
 * {@code EDEADLK}).
 */
public final class ErrnoNames {
  private static final Map<Integer, String> BY_NUMBER = new HashMap<>();

  private static void put(int number, String name) {
    BY_NUMBER.put(number, name);
  }

  static {
    put(1, "EPERM");
    put(2, "ENOENT");
    put(3, "ESRCH");
    put(4, "EINTR");
    put(5, "EIO");
    put(6, "ENXIO");
    put(7, "E2BIG");
    put(8, "ENOEXEC");
    put(9, "EBADF");
    put(10, "ECHILD");
    put(11, "EAGAIN");
    put(12, "ENOMEM");
    put(13, "EACCES");
    put(14, "EFAULT");
    put(15, "ENOTBLK");
    put(16, "EBUSY");
    put(17, "EEXIST");
    put(18, "EXDEV");
    put(19, "ENODEV");
    put(20, "ENOTDIR");
    put(21, "EISDIR");
    put(22, "EINVAL");
    put(23, "ENFILE");
    put(24, "EMFILE");
    put(25, "ENOTTY");
    put(26, "ETXTBSY");
    put(27, "EFBIG");
    put(28, "ENOSPC");
    put(29, "ESPIPE");
    put(30, "EROFS");
    put(31, "EMLINK");
    put(32, "EPIPE");
    put(33, "EDOM");
    put(34, "ERANGE");
    put(35, "EDEADLK");
    put(36, "ENAMETOOLONG");
    put(37, "ENOLCK");
    put(38, "ENOSYS");
    put(39, "ENOTEMPTY");
    put(40, "ELOOP");
    put(42, "ENOMSG");
    put(43, "EIDRM");
    put(60, "ENOSTR");
    put(61, "ENODATA");
    put(62, "ETIME");
    put(63, "ENOSR");
    put(66, "EREMOTE");
    put(67, "ENOLINK");
    put(71, "EPROTO");
    put(72, "EMULTIHOP");
    put(74, "EBADMSG");
    put(75, "EOVERFLOW");
    put(84, "EILSEQ");
    put(87, "EUSERS");
    put(88, "ENOTSOCK");
    put(89, "EDESTADDRREQ");
    put(90, "EMSGSIZE");
    put(91, "EPROTOTYPE");
    put(92, "ENOPROTOOPT");
    put(93, "EPROTONOSUPPORT");
    put(94, "ESOCKTNOSUPPORT");
    put(95, "EOPNOTSUPP");
    put(96, "EPFNOSUPPORT");
    put(97, "EAFNOSUPPORT");
    put(98, "EADDRINUSE");
    put(99, "EADDRNOTAVAIL");
    put(100, "ENETDOWN");
    put(101, "ENETUNREACH");
    put(102, "ENETRESET");
    put(103, "ECONNABORTED");
    put(104, "ECONNRESET");
    put(105, "ENOBUFS");
    put(106, "EISCONN");
    put(107, "ENOTCONN");
    put(108, "ESHUTDOWN");
    put(109, "ETOOMANYREFS");
    put(110, "ETIMEDOUT");
    put(111, "ECONNREFUSED");
    put(112, "EHOSTDOWN");
    put(113, "EHOSTUNREACH");
    put(114, "EALREADY");
    put(115, "EINPROGRESS");
    put(116, "ESTALE");
    put(117, "EUCLEAN");
    put(122, "EDQUOT");
    put(125, "ECANCELED");
    put(130, "EOWNERDEAD");
    put(131, "ENOTRECOVERABLE");
  }

  private ErrnoNames() {}

  /** The name of errno {@code number}, or {@code E<number>} when this table lacks it. */
  public static String name(int number) {
    String n = BY_NUMBER.get(number);
    return n != null ? n : "E" + number;
  }

  /** The name of the errno in a negative syscall result. */
  public static String ofResult(long result) {
    if (result >= 0) {
      throw new IllegalArgumentException("not an error result: " + result);
    }
    return name((int) -result);
  }
}
