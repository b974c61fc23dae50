package ovlsim.overlay.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.kernel.sched.Breakpoints;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Dirent;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One model {@link Machine} with an overlay on {@value #MNT}: a read-only lower-fs image on
 * {@value #LOWER} (the squashfs-like lower layer), a writable upper-fs on {@value #UPPER}, and the
 * overlay of the two, mounted with the {@link OvlVersion} a test chooses.
 *
 * <p>Register it as an instance field, so each test (and each parameterized invocation) gets a
 * fresh one and the checks after the test run:
 *
 * <pre>{@code
 * @RegisterExtension final OverlayFixture f = new OverlayFixture();
 *
 * @ParameterizedTest @EnumSource(OvlVersion.class)
 * void x(OvlVersion v) {
 *   f.lower().dir("d", 0755).file("d/f", 0644, "lower");
 *   f.upper().dir("d", 0755);
 *   f.mount(v);
 *   assertEquals("lower", f.read("/mnt/d/f"));
 * }
 * }</pre>
 *
 * <p>The layers are described with {@link LayerBuilder}s before {@link #mount}: the lower one
 * becomes the machine's lower image ({@link Machine#mountLower}), the upper one is written into
 * the fresh upper-fs with syscalls ({@link Layer#applyTo}). Everything after that goes through the
 * syscall API ({@link #sys}); the raw upper layer is inspected through its own mount
 * ({@link #isWhiteout}, {@link #isOpaque}, {@link #lsUpper}).
 *
 * <p>After each test: lockdep must have reported nothing, and no WARN_ON or BUG_ON may have
 * fired unless the test said it expects one ({@link #expectKernelComplaints}). Breakpoints a test
 * left armed or parked are released.
 */
final class OverlayFixture implements AfterEachCallback {
  static final String MNT = Machine.MOUNT;
  static final String LOWER = Machine.LOWER;
  static final String UPPER = Machine.UPPER;

  /** The 2011 on-disk format of a whiteout: a symlink to this, with {@link #WHITEOUT_XATTR}. */
  static final String WHITEOUT_TARGET = "(overlay-whiteout)";

  static final String WHITEOUT_XATTR = "trusted.overlay.whiteout";
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";

  private final LayerBuilder lower = Layer.builder();
  private final LayerBuilder upper = Layer.builder();
  private String upperOptions = "";
  private boolean readOnly;
  private boolean complaintsExpected;
  private LockdepReport.Kind lockdepExpected;
  private Breakpoints breakpoints;
  private final List<Thread> threads = new ArrayList<>();

  private Machine machine;
  private Kernel kernel;
  private ModelSys sys;
  private OvlVersion version;

  // -------------------------------------------------------------------------------------------
  // Setup
  // -------------------------------------------------------------------------------------------

  /** The lower layer's content, to fill before {@link #mount}. */
  LayerBuilder lower() {
    checkNotBooted();
    return lower;
  }

  /** The upper layer's content, to fill before {@link #mount}. */
  LayerBuilder upper() {
    checkNotBooted();
    return upper;
  }

  /** The upper-fs mount options of the upper layer, e.g. {@code size=4m}. */
  OverlayFixture upperOptions(String options) {
    checkNotBooted();
    this.upperOptions = options;
    return this;
  }

  /** Mounts the overlay with {@code MS_RDONLY}. */
  OverlayFixture readOnly() {
    checkNotBooted();
    this.readOnly = true;
    return this;
  }

  /** A whiteout in {@code layer} at {@code path}, in the on-disk format of the 2011 patch. */
  static LayerBuilder whiteout(LayerBuilder layer, String path) {
    return layer.symlink(path, WHITEOUT_TARGET).xattr(path, WHITEOUT_XATTR, "y");
  }

  /** An opaque directory in {@code layer} at {@code path}. */
  static LayerBuilder opaqueDir(LayerBuilder layer, String path, int perm) {
    return layer.dir(path, perm).xattr(path, OPAQUE_XATTR, "y");
  }

  /**
   * Boots the machine ({@linkplain Machine.Builder#staged() staged}) and mounts both layers (not
   * the overlay): the fresh upper-fs on {@value #UPPER} with the upper layer written into it,
   * then the lower image read-only on {@value #LOWER}.
   */
  OverlayFixture boot() {
    checkNotBooted();
    machine = Machine.builder().staged().upper(upper.build()).upperOptions(upperOptions).boot();
    machine.mountLower(lower.build());
    kernel = machine.kernel();
    sys = machine.sys();
    return this;
  }

  /**
   * Boots (if not yet) and mounts the overlay on {@value #MNT} as {@code v}; after an unmount,
   * mounts it again.
   */
  OverlayFixture mount(OvlVersion v) {
    if (kernel == null) {
      boot();
    }
    machine.mountOverlay(v.mountOption(), readOnly);
    version = v;
    return this;
  }

  /**
   * Unmounts and mounts the overlay again on the same layers, as after a reboot: nothing of the
   * old overlay's dcache survives.
   */
  void remountFresh() {
    ok(sys.umount(MNT));
    machine.mountOverlay(version.mountOption(), readOnly);
  }

  // -------------------------------------------------------------------------------------------
  // Access
  // -------------------------------------------------------------------------------------------

  /** Makes the next call of the upper-fs operation {@code op} fail with {@code errno}. */
  void failNextUpper(String op, ovlsim.kernel.Errno errno) {
    ovlsim.fault.FaultPlan p = upperFaults();
    p.failNth(op, p.calls(op) + 1, errno);
  }

  /** The fault plan of the upper-fs on {@value #UPPER} (booted). */
  ovlsim.fault.FaultPlan upperFaults() {
    checkBooted();
    for (ovlsim.vfs.VfsMount m : ovlsim.vfs.Vfs.of(kernel()).mounts()) {
      if (m.mntSb.sType().name().equals(ovlsim.upperfs.UpperFsType.NAME)) {
        return ovlsim.upperfs.UpperFs.faults(m.mntSb);
      }
    }
    throw new IllegalStateException("no upper-fs mounted");
  }

  Kernel kernel() {
    checkBooted();
    return kernel;
  }

  /** Root's syscalls (init, umask 0). */
  ModelSys sys() {
    checkBooted();
    return sys;
  }

  OvlVersion version() {
    return version;
  }

  /** A new task with {@code cred} and umask 0. */
  Task task(String name, Cred cred) {
    Task t = kernel().spawn(name, cred);
    ModelSys.of(t).umask(0);
    return t;
  }

  /** The syscalls of a new unprivileged task (umask 0). */
  ModelSys user(int uid, int gid) {
    return ModelSys.of(task("u" + uid, Cred.user(uid, gid)));
  }

  /** Installs (once) and returns the breakpoint hook of this kernel. */
  Breakpoints breakpoints() {
    if (breakpoints == null) {
      breakpoints = new Breakpoints();
      kernel().setSchedHook(breakpoints);
    }
    return breakpoints;
  }

  /** Starts {@code body} on a new thread that the fixture joins after the test. */
  Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    threads.add(t);
    t.start();
    return t;
  }

  /** This test expects WARN_ON or BUG_ON reports: the after-test check leaves the bug log alone. */
  void expectKernelComplaints() {
    complaintsExpected = true;
  }

  /**
   * This test expects lockdep to report {@code kind} (and nothing else): the after-test check
   * accepts reports of that kind only, and requires at least one.
   */
  void expectLockdep(LockdepReport.Kind kind) {
    lockdepExpected = kind;
  }

  /**
   * Sets {@code S_IMMUTABLE} on the inode at {@code path}: {@code chattr +i}, whose ioctl
   * (FS_IOC_SETFLAGS) the model's syscall API does not have. Resolves {@code path} as root.
   */
  void chattrImmutable(String path) {
    atPath(path, d -> d.dInode.iFlags |= Fs.S_IMMUTABLE);
  }

  /** The inode of the dentry at {@code path} (not following a last symlink), as root. */
  ovlsim.vfs.Inode inode(String path) {
    return atPath(path, d -> d.dInode);
  }

  /**
   * The references on the dentry at {@code path} held by others than this call ({@code d_count}
   * less the one {@code kern_path()} takes). Resolves {@code path} as root.
   */
  int dentryRefs(String path) {
    return atPath(path, d -> d.dCount.get() - 1);
  }

  /**
   * {@code what} of the dentry at {@code path} (not following a last symlink), resolved as root
   * with {@code kern_path()} and put again after.
   */
  private <T> T atPath(String path, java.util.function.Function<ovlsim.vfs.Dentry, T> what) {
    List<T> result = new ArrayList<>(1);
    kernel()
        .init()
        .run(
            () -> {
              Path p = new Path();
              Namei.kernPath(path, 0, p);
              try {
                result.add(what.apply(p.dentry));
              } finally {
                Namespace.pathPut(p);
              }
            });
    return result.get(0);
  }

  // -------------------------------------------------------------------------------------------
  // The merged view and the layers, as root
  // -------------------------------------------------------------------------------------------

  /** The whole content of {@code path}. */
  String read(String path) {
    return read(sys(), path);
  }

  /** Creates or truncates {@code path} with {@code content}. */
  void write(String path, String content) {
    write(sys(), path, content);
  }

  /** Appends {@code content} to the existing {@code path}. */
  void append(String path, String content) {
    int fd = (int) ok(sys().open(path, Fcntl.O_WRONLY | Fcntl.O_APPEND));
    byte[] b = bytes(content);
    assertEquals(b.length, sys().write(fd, b, b.length));
    ok(sys().close(fd));
  }

  StatBuf stat(String path) {
    return stat(sys(), path);
  }

  StatBuf lstat(String path) {
    StatBuf b = new StatBuf();
    ok(sys().lstat(path, b), "lstat " + path);
    return b;
  }

  /** {@code lstat()}'s result for {@code path}: 0 or -errno. */
  long lstatResult(String path) {
    return sys().lstat(path, new StatBuf());
  }

  StatfsBuf statfs(String path) {
    StatfsBuf b = new StatfsBuf();
    ok(sys().statfs(path, b), "statfs " + path);
    return b;
  }

  /** The names in {@code dir}, in getdents order, without "." and "..". */
  List<String> ls(String dir) {
    return ls(sys(), dir);
  }

  /** The names in {@code dir}, sorted, without "." and "..". */
  List<String> lsSorted(String dir) {
    List<String> l = ls(dir);
    l.sort(null);
    return l;
  }

  /** The names in the raw upper layer's {@code rel}, sorted (whiteouts included). */
  List<String> lsUpper(String rel) {
    return lsSorted(upper(rel));
  }

  String readlink(String path) {
    return readlink(sys(), path);
  }

  /** xattr {@code name} of {@code path} (not following symlinks), or null with the errno. */
  String lgetxattr(String path, String name) {
    return lgetxattr(sys(), path, name);
  }

  /** {@code lgetxattr()}'s result: the length, or -errno. */
  long lgetxattrResult(String path, String name) {
    byte[] v = new byte[256];
    return sys().lgetxattr(path, name, v, v.length);
  }

  /** The names {@code llistxattr()} returns for {@code path}, in order. */
  List<String> llistxattr(String path) {
    byte[] buf = new byte[4096];
    long n = ok(sys().llistxattr(path, buf, buf.length), "llistxattr " + path);
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == 0) {
        names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return names;
  }

  /** Is {@code rel} in the raw upper layer a whiteout: the symlink and its xattr. */
  boolean isWhiteout(String rel) {
    String p = upper(rel);
    StatBuf st = new StatBuf();
    if (sys().lstat(p, st) != 0 || !Stat.S_ISLNK(st.stMode)) {
      return false;
    }
    return WHITEOUT_TARGET.equals(readlink(p)) && "y".equals(lgetxattr(p, WHITEOUT_XATTR));
  }

  /** Is {@code rel} in the raw upper layer an opaque directory. */
  boolean isOpaque(String rel) {
    String p = upper(rel);
    StatBuf st = new StatBuf();
    if (sys().lstat(p, st) != 0 || !Stat.S_ISDIR(st.stMode)) {
      return false;
    }
    return "y".equals(lgetxattr(p, OPAQUE_XATTR));
  }

  /** Does anything exist at {@code rel} in the raw upper layer. */
  boolean inUpper(String rel) {
    return sys().lstat(upper(rel), new StatBuf()) == 0;
  }

  /** {@code /mnt/rel}. */
  static String m(String rel) {
    return rel.isEmpty() ? MNT : MNT + "/" + rel;
  }

  /** {@code /upper/rel}. */
  static String upper(String rel) {
    return rel.isEmpty() ? UPPER : UPPER + "/" + rel;
  }

  /** {@code /lower/rel}. */
  static String lowerPath(String rel) {
    return rel.isEmpty() ? LOWER : LOWER + "/" + rel;
  }

  // -------------------------------------------------------------------------------------------
  // Static helpers for any task
  // -------------------------------------------------------------------------------------------

  static long ok(long result) {
    return ok(result, "call");
  }

  static long ok(long result, String what) {
    assertTrue(
        result >= 0,
        () -> what + ": expected success, got " + Errno.ofResult(result) + " (" + result + ")");
    return result;
  }

  static void err(Errno e, long result) {
    err(e, result, "call");
  }

  static void err(Errno e, long result, String what) {
    assertEquals(
        -e.number(),
        result,
        () -> what + ": expected " + e + ", got "
            + (result >= 0 ? String.valueOf(result) : Errno.ofResult(result).toString()));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void write(ModelSys s, String path, String content) {
    int fd = (int) ok(s.open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_TRUNC, 0644), path);
    byte[] b = bytes(content);
    assertEquals(b.length, s.write(fd, b, b.length), "write " + path);
    ok(s.close(fd));
  }

  static String read(ModelSys s, String path) {
    int fd = (int) ok(s.open(path, Fcntl.O_RDONLY), "open " + path);
    String r = readFd(s, fd);
    ok(s.close(fd));
    return r;
  }

  /** Everything from {@code fd}'s position to the end. */
  static String readFd(ModelSys s, int fd) {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[8192];
    long n;
    while ((n = ok(s.read(fd, buf, buf.length), "read")) > 0) {
      sb.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** {@code count} bytes at {@code offset} of {@code fd}. */
  static String pread(ModelSys s, int fd, int count, long offset) {
    byte[] buf = new byte[count];
    long n = ok(s.pread(fd, buf, count, offset), "pread");
    return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
  }

  static StatBuf stat(ModelSys s, String path) {
    StatBuf b = new StatBuf();
    ok(s.stat(path, b), "stat " + path);
    return b;
  }

  static StatBuf fstat(ModelSys s, int fd) {
    StatBuf b = new StatBuf();
    ok(s.fstat(fd, b), "fstat");
    return b;
  }

  static String readlink(ModelSys s, String path) {
    byte[] b = new byte[4096];
    long n = ok(s.readlink(path, b, b.length), "readlink " + path);
    return new String(b, 0, (int) n, StandardCharsets.UTF_8);
  }

  static String lgetxattr(ModelSys s, String path, String name) {
    byte[] v = new byte[4096];
    long n = s.lgetxattr(path, name, v, v.length);
    return n < 0 ? null : new String(v, 0, (int) n, StandardCharsets.UTF_8);
  }

  /** Every entry of the open directory {@code fd} from its position, "." and ".." included. */
  static List<Dirent> getdents(ModelSys s, int fd, int batch) {
    List<Dirent> all = new ArrayList<>();
    while (ok(s.getdents(fd, all, batch), "getdents") > 0) {
      // next batch
    }
    return all;
  }

  static int opendir(ModelSys s, String path) {
    return (int) ok(s.open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY), "opendir " + path);
  }

  /** The names of {@code ds} without "." and "..". */
  static List<String> names(List<Dirent> ds) {
    List<String> l = new ArrayList<>();
    for (Dirent d : ds) {
      if (!d.name().equals(".") && !d.name().equals("..")) {
        l.add(d.name());
      }
    }
    return l;
  }

  static List<String> ls(ModelSys s, String dir) {
    int fd = opendir(s, dir);
    List<Dirent> all = getdents(s, fd, 1000);
    ok(s.close(fd));
    return names(all);
  }

  // -------------------------------------------------------------------------------------------
  // After each test
  // -------------------------------------------------------------------------------------------

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (breakpoints != null) {
      breakpoints.releaseAll();
    }
    for (Thread t : threads) {
      t.join(Breakpoints.DEFAULT_SAFETY_TIMEOUT.toMillis());
    }
    if (kernel == null) {
      return;
    }
    if (lockdepExpected == null) {
      assertEquals(List.of(), Lockdep.of(kernel).reports(), "lockdep reports");
    } else {
      List<LockdepReport> reports = Lockdep.of(kernel).reports();
      assertTrue(!reports.isEmpty(), "expected a lockdep report: " + lockdepExpected.title());
      for (LockdepReport r : reports) {
        assertEquals(lockdepExpected, r.kind(), () -> "unexpected lockdep report\n" + r);
      }
    }
    if (!complaintsExpected) {
      assertEquals(List.of(), kernel.bugLog().entries(), "WARN_ON / BUG_ON reports");
    }
  }

  private void checkNotBooted() {
    if (kernel != null) {
      throw new IllegalStateException("the layers are fixed once the kernel is booted");
    }
  }

  private void checkBooted() {
    if (kernel == null) {
      throw new IllegalStateException("boot() or mount() first");
    }
  }
}
