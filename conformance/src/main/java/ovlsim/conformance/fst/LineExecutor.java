package ovlsim.conformance.fst;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import ovlsim.conformance.backend.ErrnoNames;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/**
 * Runs one line's {@code :}-chained ops on a {@link Sys} and says what the line printed: the
 * first failing op's errno name, else the last op's output. Outputs:
 *
 * <ul>
 *   <li>{@code stat}/{@code lstat}/{@code fstat}: the fields asked for, joined by {@code ,};
 *   <li>{@code read}/{@code pread}: the bytes read (UTF-8); {@code write}/{@code pwrite}: the
 *       number of bytes written;
 *   <li>{@code readlink}: the target; {@code getxattr}: the value;
 *   <li>{@code readdir}: the names but {@code .} and {@code ..}, sorted, joined by {@code ,};
 *       {@code getdents}: the same from an fd's position, in the filesystem's order, unsorted;
 *   <li>{@code lseek}: the new offset (SEEK_SET);
 *       {@code listxattr}: the names, sorted, joined by {@code ,};
 *   <li>{@code statfs}: the fields asked for, joined by {@code ,};
 *   <li>every other op: {@code 0}.
 * </ul>
 *
 * <p>{@code open} adds its fd to the line's table (FD operands are indices into it); every fd
 * still open when the line ends is closed, as when a pjdfstest process exits.
 */
public final class LineExecutor {
  private static final int PATH_MAX = 4096;
  private static final int XATTR_SIZE_MAX = 65536;

  private final Sys sys;
  private final List<Integer> fds = new ArrayList<>();

  private LineExecutor(Sys sys) {
    this.sys = sys;
  }

  /**
   * What a line printed.
   *
   * @param text the first failing op's errno name, else the last op's output
   * @param failed did an op fail
   */
  public record Result(String text, boolean failed) {}

  /** Runs {@code ops} on {@code sys} and says what the line printed. */
  public static Result run(Sys sys, List<OpCall> ops) {
    LineExecutor ex = new LineExecutor(sys);
    try {
      return ex.runLine(ops);
    } finally {
      ex.closeAll();
    }
  }

  /**
   * Several lines of one process, sharing one fd table: an FD operand counts the session's
   * {@code open}s over all its lines (the scenario files' tasks). The caller closes it.
   */
  public static final class Session implements AutoCloseable {
    private final LineExecutor ex;

    private Session(Sys sys) {
      this.ex = new LineExecutor(sys);
    }

    /**
     * Runs one line's {@code ops} and says what it printed; its fds stay open. An {@code open}
     * that failed or did not run still takes its number, as the parser counted it: a later
     * line's FD operand naming it gets EBADF.
     */
    public Result run(List<OpCall> ops) {
      int expected = ex.fds.size() + (int) ops.stream().filter(o -> o.kind().opensFd()).count();
      try {
        return ex.runLine(ops);
      } finally {
        while (ex.fds.size() < expected) {
          ex.fds.add(-1);
        }
      }
    }

    /** Closes every fd the session's lines left open. */
    @Override
    public void close() {
      ex.closeAll();
    }
  }

  /** A session of lines on {@code sys}. */
  public static Session session(Sys sys) {
    return new Session(sys);
  }

  private Result runLine(List<OpCall> ops) {
    String out = "0";
    for (OpCall op : ops) {
      Outcome o = exec(op);
      if (o.errno != 0) {
        return new Result(ErrnoNames.name(o.errno), true);
      }
      out = o.output;
    }
    return new Result(out, false);
  }

  private void closeAll() {
    for (int i = 0; i < fds.size(); i++) {
      int fd = fds.get(i);
      if (fd >= 0) {
        sys.close(fd);
        fds.set(i, -1);
      }
    }
  }

  /** An op's output, or the errno it failed with. */
  private record Outcome(int errno, String output) {
    static final Outcome ZERO = new Outcome(0, "0");

    static Outcome of(long result) {
      return result < 0 ? new Outcome((int) -result, null) : ZERO;
    }

    static Outcome out(String output) {
      return new Outcome(0, output);
    }
  }

  private int fd(OpCall op, int i) {
    return fds.get(op.integer(i));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Outcome exec(OpCall op) {
    return switch (op.kind()) {
      case OPEN -> {
        int fd = sys.open(op.str(0), op.integer(1), op.has(2) ? op.integer(2) : 0);
        if (fd >= 0) {
          fds.add(fd);
        }
        yield Outcome.of(fd);
      }
      case CREATE -> {
        int fd = sys.open(op.str(0), 01 | OpenFlags.O_CREAT | 0200, op.integer(1));
        if (fd < 0) {
          yield Outcome.of(fd);
        }
        long r = 0;
        if (op.has(2)) {
          r = writeAll(fd, bytes(op.str(2)));
        }
        int c = sys.close(fd);
        yield Outcome.of(r < 0 ? r : c);
      }
      case UNLINK -> Outcome.of(sys.unlink(op.str(0)));
      case MKDIR -> Outcome.of(sys.mkdir(op.str(0), op.integer(1)));
      case RMDIR -> Outcome.of(sys.rmdir(op.str(0)));
      case LINK -> Outcome.of(sys.link(op.str(0), op.str(1)));
      case SYMLINK -> Outcome.of(sys.symlink(op.str(0), op.str(1)));
      case RENAME -> Outcome.of(sys.rename(op.str(0), op.str(1)));
      case MKFIFO -> Outcome.of(sys.mknod(op.str(0), Stat.S_IFIFO | op.integer(1), 0));
      case MKNOD -> {
        int type = op.integer(1);
        yield Outcome.of(sys.mknod(op.str(0), type | op.integer(2),
            Stat.mkdev(op.integer(3), op.integer(4))));
      }
      case CHMOD -> Outcome.of(sys.chmod(op.str(0), op.integer(1)));
      case CHOWN -> Outcome.of(sys.chown(op.str(0), op.integer(1), op.integer(2)));
      case LCHOWN -> Outcome.of(sys.lchown(op.str(0), op.integer(1), op.integer(2)));
      case TRUNCATE -> Outcome.of(sys.truncate(op.str(0), op.number(1)));
      case FTRUNCATE -> Outcome.of(sys.ftruncate(fd(op, 0), op.number(1)));
      case FCHMOD -> Outcome.of(sys.fchmod(fd(op, 0), op.integer(1)));
      case FCHOWN -> Outcome.of(sys.fchown(fd(op, 0), op.integer(1), op.integer(2)));
      case STAT, LSTAT, FSTAT -> {
        StatBuf st = new StatBuf();
        int r = switch (op.kind()) {
          case STAT -> sys.stat(op.str(0), st);
          case LSTAT -> sys.lstat(op.str(0), st);
          default -> sys.fstat(fd(op, 0), st);
        };
        if (r < 0) {
          yield Outcome.of(r);
        }
        List<StatField> fields = op.list(1);
        yield Outcome.out(
            fields.stream().map(f -> f.format(st)).collect(Collectors.joining(",")));
      }
      case CLOSE -> {
        int i = op.integer(0);
        int r = sys.close(fds.get(i));
        if (r == 0) {
          fds.set(i, -1);
        }
        yield Outcome.of(r);
      }
      case READ, PREAD -> {
        int count = op.integer(1);
        byte[] buf = new byte[count];
        long n = op.kind() == OpKind.READ
            ? sys.read(fd(op, 0), buf, count)
            : sys.pread(fd(op, 0), buf, count, op.number(2));
        yield n < 0 ? Outcome.of(n)
            : Outcome.out(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
      }
      case WRITE, PWRITE -> {
        byte[] data = bytes(op.str(1));
        long n = op.kind() == OpKind.WRITE
            ? sys.write(fd(op, 0), data, data.length)
            : sys.pwrite(fd(op, 0), data, data.length, op.number(2));
        yield n < 0 ? Outcome.of(n) : Outcome.out(Long.toString(n));
      }
      case READLINK -> {
        byte[] buf = new byte[PATH_MAX];
        long n = sys.readlink(op.str(0), buf, buf.length);
        yield n < 0 ? Outcome.of(n)
            : Outcome.out(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
      }
      case READDIR -> {
        List<String> names = new ArrayList<>();
        int r = sys.readdir(op.str(0), names);
        yield r < 0 ? Outcome.of(r)
            : Outcome.out(
                names.stream()
                    .filter(n -> !n.equals(".") && !n.equals(".."))
                    .sorted()
                    .collect(Collectors.joining(",")));
      }
      case GETXATTR, LGETXATTR -> {
        byte[] buf = new byte[XATTR_SIZE_MAX];
        long n = op.kind() == OpKind.GETXATTR
            ? sys.getxattr(op.str(0), op.str(1), buf, buf.length)
            : sys.lgetxattr(op.str(0), op.str(1), buf, buf.length);
        yield n < 0 ? Outcome.of(n)
            : Outcome.out(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
      }
      case SETXATTR, LSETXATTR -> {
        byte[] v = bytes(op.str(2));
        int flags = op.has(3) ? op.integer(3) : 0;
        yield Outcome.of(op.kind() == OpKind.SETXATTR
            ? sys.setxattr(op.str(0), op.str(1), v, v.length, flags)
            : sys.lsetxattr(op.str(0), op.str(1), v, v.length, flags));
      }
      case LISTXATTR, LLISTXATTR -> {
        byte[] buf = new byte[XATTR_SIZE_MAX];
        long n = op.kind() == OpKind.LISTXATTR
            ? sys.listxattr(op.str(0), buf, buf.length)
            : sys.llistxattr(op.str(0), buf, buf.length);
        yield n < 0 ? Outcome.of(n) : Outcome.out(xattrNames(buf, (int) n));
      }
      case REMOVEXATTR, LREMOVEXATTR -> Outcome.of(op.kind() == OpKind.REMOVEXATTR
          ? sys.removexattr(op.str(0), op.str(1))
          : sys.lremovexattr(op.str(0), op.str(1)));
      case STATFS -> {
        StatfsBuf st = new StatfsBuf();
        int r = sys.statfs(op.str(0), st);
        if (r < 0) {
          yield Outcome.of(r);
        }
        List<StatfsField> fields = op.list(1);
        yield Outcome.out(
            fields.stream().map(f -> f.format(st)).collect(Collectors.joining(",")));
      }
      case UTIMES -> Outcome.of(sys.utimes(op.str(0),
          new Timespec(op.number(1), 0), new Timespec(op.number(2), 0)));
      case LSEEK -> {
        long r = sys.lseek(fd(op, 0), op.number(1), 0);
        yield r < 0 ? Outcome.of(r) : Outcome.out(Long.toString(r));
      }
      case GETDENTS -> {
        List<String> names = new ArrayList<>();
        int r = sys.getdents(fd(op, 0), names);
        yield r < 0 ? Outcome.of(r)
            : Outcome.out(names.stream()
                .filter(n -> !n.equals(".") && !n.equals(".."))
                .collect(Collectors.joining(",")));
      }
    };
  }

  /** Writes all of {@code data}; the first failure's result, else the count. */
  private long writeAll(int fd, byte[] data) {
    int done = 0;
    while (done < data.length) {
      byte[] rest = done == 0 ? data : Arrays.copyOfRange(data, done, data.length);
      long n = sys.write(fd, rest, rest.length);
      if (n < 0) {
        return n;
      }
      if (n == 0) {
        return -5; // EIO: a write that makes no progress
      }
      done += (int) n;
    }
    return done;
  }

  private static String xattrNames(byte[] buf, int len) {
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < len; i++) {
      if (buf[i] == 0) {
        names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return names.stream().sorted().collect(Collectors.joining(","));
  }
}
