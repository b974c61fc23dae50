package ovlsim.races;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import ovlsim.kernel.BugLog;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.KernelBug;
import ovlsim.kernel.Task;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.vfs.Fcntl;


/**
 * One {@link Machine} for one race sample, running one {@link OvlVersion}, with what arbiters
 * read from it. Harnesses make a fresh world per sample, so no sample sees another's copy-ups.
 *
 * <p>The inspection helpers ({@link #ls}, {@link #read}, {@link #exists}) run as init and are
 * meant for arbiters, after the actors are done.
 */
public final class RaceWorld {
  private final Machine machine;
  private final ModelSys init;
  private final OvlVersion version;

  /** What {@link #oopsOr} answers when the body hit a kernel BUG (an oops kills the task). */
  public static final String OOPS = "oops";

  /** The regex of outcomes made only of the 2011 bugs neither v6 nor v7 fixes (races.md). */
  public static final String UNFIXED_ONLY =
      "(oops|whiteout-lost|warn-permission)(\\+(oops|whiteout-lost|warn-permission))*";

  private RaceWorld(Layer lower, Layer upper, OvlVersion version) {
    this.version = version;
    // The upper layer's root keeps upper-fs's default mode (01777), as the harnesses were measured.
    this.machine = Machine.builder().lower(lower).upper(upper).upperOptions("")
        .overlayOptions(version.mountOption()).boot();
    this.init = machine.sys();
  }

  /**
   * A world whose lower layer is {@code lower} (its image is built once and shared by every
   * world) and whose upper layer starts with {@code upper}'s entries.
   */
  public static RaceWorld boot(Layer lower, Layer upper, OvlVersion version) {
    return new RaceWorld(lower, upper, version);
  }

  public Kernel kernel() {
    return machine.kernel();
  }

  public OvlVersion version() {
    return version;
  }

  /** A new task named {@code name} acting with {@code cred}, its umask 0. */
  public Task spawn(String name, Cred cred) {
    return machine.spawn(name, cred);
  }

  /** How many WARN_ONs fired so far. */
  public int warnings() {
    return machine.kernel().bugLog().warnings();
  }

  /**
   * The functions whose WARN_ONs fired, as their messages name them ({@code ovl_dentry_update},
   * {@code ovl_permission}, ...), sorted.
   */
  public SortedSet<String> warnSources() {
    SortedSet<String> sources = new TreeSet<>();
    for (BugLog.Entry e : machine.kernel().bugLog().entries()) {
      if (e.kind() == BugLog.Kind.WARNING) {
        String m = e.message();
        int colon = m.indexOf(':');
        sources.add(colon > 0 ? m.substring(0, colon) : m);
      }
    }
    return sources;
  }

  /** Is {@code path} a 2011 whiteout: a symlink to {@code (overlay-whiteout)}? */
  public boolean isWhiteout(String path) {
    byte[] buf = new byte[64];
    long n = init.readlink(path, buf, buf.length);
    return n > 0 && new String(buf, 0, (int) n, StandardCharsets.UTF_8).equals("(overlay-whiteout)");
  }

  /** The names in directory {@code path} in getdents order, without "." and ".."; null on error. */
  public List<String> ls(String path) {
    return ls(init, path);
  }

  /**
   * Reads directory {@code path} whole through one fd, seeks back to 0 and reads it again:
   * both listings, or null when a call fails.
   */
  static List<List<String>> lsTwice(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
    if (fd < 0) {
      return null;
    }
    try {
      List<String> first = readNames(sys, fd);
      if (first == null || sys.lseek(fd, 0, 0) != 0) {
        return null;
      }
      List<String> second = readNames(sys, fd);
      return second == null ? null : List.of(first, second);
    } finally {
      sys.close(fd);
    }
  }

  /** The names in directory {@code path} as {@code sys} reads them, in getdents order. */
  static List<String> ls(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
    if (fd < 0) {
      return null;
    }
    try {
      return readNames(sys, fd);
    } finally {
      sys.close(fd);
    }
  }

  /** The names getdents gives on {@code fd} until the end, without "." and "..". */
  private static List<String> readNames(ModelSys sys, int fd) {
    List<Dirent> all = new ArrayList<>();
    long n;
    while ((n = sys.getdents(fd, all, 64)) > 0) {
      // next batch
    }
    if (n < 0) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Dirent d : all) {
      if (!d.name().equals(".") && !d.name().equals("..")) {
        names.add(d.name());
      }
    }
    return names;
  }

  /** The content of file {@code path}, or null when it cannot be opened. */
  public String read(String path) {
    return read(init, path);
  }

  static String read(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY);
    if (fd < 0) {
      return null;
    }
    try {
      return readFd(sys, fd, 0);
    } finally {
      sys.close(fd);
    }
  }

  /** Everything in {@code fd} from {@code offset}, with pread; null on an error. */
  static String readFd(ModelSys sys, int fd, long offset) {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[256];
    long n;
    while ((n = sys.pread(fd, buf, buf.length, offset)) > 0) {
      sb.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
      offset += n;
    }
    return n < 0 ? null : sb.toString();
  }

  /** Does {@code path} exist (lstat succeeds)? */
  public boolean exists(String path) {
    return init.lstat(path, new StatBuf()) == 0;
  }

  /** {@code body}'s answer, or {@value #OOPS} when it hit a kernel BUG. */
  static String oopsOr(Supplier<String> body) {
    try {
      return body.get();
    } catch (KernelBug e) {
      return OOPS;
    }
  }

  /** An outcome's name: its parts joined by '+', or {@code clean} when there are none. */
  static String outcome(List<String> parts) {
    return parts.isEmpty() ? "clean" : String.join("+", parts);
  }

  /**
   * The outcome parts the WARNs give: {@code warn} for ovl_dentry_update's (a copy-up over an
   * already copied-up dentry), {@code warn-permission} for ovl_permission's (a negative real
   * dentry met during a walk), {@code warn:FUNCTION} for any other.
   */
  static void addWarnParts(Set<String> sources, List<String> parts) {
    for (String src : sources) {
      switch (src) {
        case "ovl_dentry_update" -> parts.add("warn");
        case "ovl_permission" -> parts.add("warn-permission");
        default -> parts.add("warn:" + src);
      }
    }
  }

  /** The name of a syscall's result: {@code ok} for success, else the errno's name. */
  public static String result(long r) {
    return r >= 0 ? "ok" : Errno.ofResult(r).name();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
