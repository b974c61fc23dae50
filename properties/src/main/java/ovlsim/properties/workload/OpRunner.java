package ovlsim.properties.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ovlsim.properties.reference.Op;
import ovlsim.properties.reference.Outcome;
import ovlsim.syscall.Sys;

/** Runs an {@link Op} with real syscalls ({@link Sys}) and says what it returned. */
public final class OpRunner {
  static final int O_WRONLY = 01;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;

  private OpRunner() {}

  public static Outcome run(Sys fs, Op op) {
    if (op instanceof Op.Create c) {
      int fd = fs.open(c.path(), O_CREAT | O_EXCL | O_WRONLY, c.mode());
      if (fd >= 0) {
        fs.close(fd);
      }
      return Outcome.ofResult(fd, "0");
    } else if (op instanceof Op.Mkdir m) {
      return Outcome.ofResult(fs.mkdir(m.path(), m.mode()), "0");
    } else if (op instanceof Op.Write w) {
      int fd = fs.open(w.path(), O_WRONLY, 0);
      if (fd < 0) {
        return Outcome.ofResult(fd, null);
      }
      long n;
      try {
        byte[] data = w.data().getBytes(StandardCharsets.ISO_8859_1);
        n = fs.pwrite(fd, data, data.length, w.offset());
      } finally {
        fs.close(fd);
      }
      return Outcome.ofResult(n, Long.toString(n));
    } else if (op instanceof Op.Truncate t) {
      return Outcome.ofResult(fs.truncate(t.path(), t.length()), "0");
    } else if (op instanceof Op.Chmod c) {
      return Outcome.ofResult(fs.chmod(c.path(), c.mode()), "0");
    } else if (op instanceof Op.Link l) {
      return Outcome.ofResult(fs.link(l.oldpath(), l.newpath()), "0");
    } else if (op instanceof Op.Symlink s) {
      return Outcome.ofResult(fs.symlink(s.target(), s.path()), "0");
    } else if (op instanceof Op.Unlink u) {
      return Outcome.ofResult(fs.unlink(u.path()), "0");
    } else if (op instanceof Op.Rmdir r) {
      return Outcome.ofResult(fs.rmdir(r.path()), "0");
    } else if (op instanceof Op.Rename r) {
      return Outcome.ofResult(fs.rename(r.oldpath(), r.newpath()), "0");
    } else if (op instanceof Op.Setxattr x) {
      byte[] value = x.value().getBytes(StandardCharsets.ISO_8859_1);
      return Outcome.ofResult(
          fs.setxattr(x.path(), x.name(), value, value.length, x.flags()), "0");
    } else if (op instanceof Op.Readdir r) {
      List<String> names = new ArrayList<>();
      int res = fs.readdir(r.path(), names);
      names.removeIf(n -> n.equals(".") || n.equals(".."));
      Collections.sort(names);
      return Outcome.ofResult(res, String.join(",", names));
    }
    throw new AssertionError(op);
  }
}
