package ovlsim.conformance.backend;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import ovlsim.syscall.Sys;

/**
 * Scripts on the running Linux kernel's overlayfs, the oracle the model is checked against.
 *
 * <p>Each script gets a fresh directory {@code ovlsim-fst-*} under {@code java.io.tmpdir} (or
 * the system property {@value #TMPDIR_PROPERTY}) holding {@code lower}, {@code upper},
 * {@code work} and {@code mnt}, bind-mounted on itself {@code nodev,nosuid,noexec} and
 * private (so a device node a script makes opens nothing of the host's). Setup lines run
 * there with real syscalls; {@code mount} is {@code mount -t overlay -o nodev,nosuid} with
 * {@value #PINNED_OPTIONS} (so the host's module defaults do not change the semantics); the
 * expectations run inside {@code mnt}. Every path of a line resolves beneath its directory
 * ({@link KernelSys}). {@link Instance#close} unmounts and removes the directory, also after a
 * failure, and a JVM shutdown hook does the same for instances still open when the JVM exits
 * (SIGTERM, SIGINT).
 *
 * <p>Each directory holds {@value #PID_FILE}: the pid and start time of the JVM that made it.
 * A JVM killed outright (SIGKILL) leaves its directory and mounts behind; the next run's
 * {@link #availability()} check finds every directory whose JVM is gone, unmounts what is
 * mounted in it and removes it ({@link #cleanedUp()} says what it removed).
 *
 * <p>Every syscall runs on one thread of the instance's own, which has its own cwd and umask
 * ({@code unshare(CLONE_FS)}) and takes each line's credentials for the length of the line
 * ({@link ThreadCreds}): nothing the lines do changes the rest of the JVM.
 *
 * <p>It needs root, an {@code overlay} entry in {@code /proc/filesystems} and x86-64 or arm64;
 * {@link #availability()} says in one line why not.
 */
public final class KernelBackend implements Backend {
  /** System property naming the directory the per-script directories go in. */
  public static final String TMPDIR_PROPERTY = "ovlsim.kernel.tmpdir";

  /** Mount options fixing the features that change what a script sees. */
  static final String PINNED_OPTIONS = "redirect_dir=off,index=off,metacopy=off,xino=off";

  /** The file in each run's directory naming the JVM that owns it: {@code PID STARTTIME}. */
  public static final String PID_FILE = "ovlsim.pid";

  /** The prefix of each run's directory. */
  static final String PREFIX = "ovlsim-fst-";

  private static final int CLONE_FS = 0x200;
  private static final int MS_RDONLY = 1;
  private static final int MS_NOSUID = 2;
  private static final int MS_NODEV = 4;
  private static final int MS_NOEXEC = 8;
  private static final int MS_REMOUNT = 32;
  private static final int MS_BIND = 4096;
  private static final int MS_PRIVATE = 1 << 18;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CLOEXEC = 02000000;

  private static final Set<KernelInstance> OPEN =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private static volatile String availability;
  private static volatile List<String> cleanedUp = List.of();
  private static LibC libc;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (KernelInstance i : OPEN.toArray(new KernelInstance[0])) {
                    i.emergencyCleanup();
                  }
                },
                "ovlsim-kernel-cleanup"));
  }

  @Override
  public String name() {
    return "kernel " + System.getProperty("os.version", "?");
  }

  /**
   * {@code null} when the backend can run here, else one line saying why not. Checked once: the
   * host (Linux, architecture), root, {@code /proc/filesystems}, then a trial mount of an empty
   * overlay with the pinned options.
   */
  public static synchronized String availability() {
    if (availability == null) {
      availability = probe();
    }
    return availability.isEmpty() ? null : availability;
  }

  private static String probe() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return "kernel backend skipped: not Linux (" + System.getProperty("os.name") + ")";
    }
    if (SyscallNumbers.forHost() == null) {
      return "kernel backend skipped: unsupported architecture " + System.getProperty("os.arch");
    }
    try {
      libc = Native.load("c", LibC.class);
    } catch (LinkageError e) {
      return "kernel backend skipped: cannot load libc through JNA: " + e.getMessage();
    }
    int euid = libc.geteuid();
    if (euid != 0) {
      return "kernel backend skipped: not root (euid " + euid + "); mounting overlayfs needs root";
    }
    try {
      boolean found = Files.readAllLines(Path.of("/proc/filesystems")).stream()
          .anyMatch(l -> l.endsWith("\toverlay") || l.trim().equals("overlay"));
      if (!found) {
        return "kernel backend skipped: no overlay in /proc/filesystems (modprobe overlay?)";
      }
    } catch (IOException e) {
      return "kernel backend skipped: cannot read /proc/filesystems: " + e.getMessage();
    }
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      return "kernel backend skipped: no /proc/self/fd (is /proc mounted?)";
    }
    cleanedUp = Leftovers.cleanup(base(), libc);
    try (KernelInstance trial = new KernelInstance()) {
      trial.mount(false);
    } catch (BackendUnavailableException e) {
      return e.getMessage();
    }
    return "";
  }

  /**
   * What {@link #availability()} removed of dead earlier runs, one line each (empty when
   * nothing, or when the check has not run).
   */
  public static List<String> cleanedUp() {
    return cleanedUp;
  }

  /** The directory the per-script directories go in. */
  static Path base() {
    return Path.of(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
  }

  @Override
  public Instance start(String scriptName) {
    String why = availability();
    if (why != null) {
      throw new BackendUnavailableException(why);
    }
    return new KernelInstance();
  }

  private static final class KernelInstance implements Instance {
    private final SyscallNumbers nr = SyscallNumbers.forHost();
    private final ExecutorService thread;
    private final Path dir;
    private final Path lower;
    private final Path upper;
    private final Path work;
    private final Path mnt;
    private ThreadCreds creds;
    private KernelSys sys;
    private volatile boolean mounted;
    /** The run's directory is bind-mounted on itself (nodev, nosuid, noexec, private). */
    private volatile boolean bound;
    private boolean closed;

    KernelInstance() {
      thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ovlsim-kernel-backend");
        t.setDaemon(true);
        return t;
      });
      try {
        dir = Files.createTempDirectory(base(), PREFIX);
        Files.writeString(dir.resolve(PID_FILE), Leftovers.self() + "\n");
      } catch (IOException e) {
        thread.shutdownNow();
        throw new BackendUnavailableException(
            "kernel backend skipped: cannot make a temporary directory: " + e.getMessage(), e);
      }
      lower = dir.resolve("lower");
      upper = dir.resolve("upper");
      work = dir.resolve("work");
      mnt = dir.resolve("mnt");
      OPEN.add(this);
      try {
        onThread(() -> {
          if (libc.unshare(CLONE_FS) != 0) {
            throw new BackendUnavailableException(
                "kernel backend skipped: unshare(CLONE_FS) failed: "
                    + ErrnoNames.name(Native.getLastError()));
          }
          creds = new ThreadCreds(libc, nr);
          sys = new KernelSys(libc, nr);
          libc.umask(0);
          byte[] d = KernelSys.cstr(dir.toString());
          if (libc.mount(d, d, null, MS_BIND, null) != 0) {
            throw new BackendUnavailableException("kernel backend skipped: cannot bind-mount "
                + dir + ": " + ErrnoNames.name(Native.getLastError()));
          }
          bound = true;
          if (libc.mount(null, d, null, MS_REMOUNT | MS_BIND | MS_NODEV | MS_NOSUID | MS_NOEXEC,
                  null) != 0
              || libc.mount(null, d, null, MS_PRIVATE, null) != 0) {
            throw new BackendUnavailableException("kernel backend skipped: cannot make " + dir
                + " nodev,nosuid,noexec and private: " + ErrnoNames.name(Native.getLastError()));
          }
          for (Path p : new Path[] {dir, lower, upper, work, mnt}) {
            byte[] c = KernelSys.cstr(p.toString());
            int r = p == dir ? libc.chmod(c, 0755) : libc.mkdir(c, 0755);
            if (r != 0) {
              throw new BackendUnavailableException("kernel backend skipped: cannot make " + p
                  + ": " + ErrnoNames.name(Native.getLastError()));
            }
          }
          return null;
        });
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private <T> T onThread(Callable<T> body) {
      Future<T> f = thread.submit(body);
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        if (c instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(c);
      }
    }

    private Path dirOf(Target target) {
      return switch (target) {
        case LOWER -> lower;
        case UPPER -> upper;
        case MOUNT -> mnt;
      };
    }

    @Override
    public <T> T run(Creds c, Target target, Function<Sys, T> body) {
      if (target == Target.MOUNT && !mounted) {
        throw new IllegalStateException("the overlay is not mounted yet");
      }
      Path d = dirOf(target);
      return onThread(() -> {
        int fd = libc.open(KernelSys.cstr(d.toString()), KernelSys.O_PATH | O_DIRECTORY
            | O_CLOEXEC);
        if (fd < 0 || libc.fchdir(fd) != 0) {
          int errno = Native.getLastError();
          if (fd >= 0) {
            libc.close(fd);
          }
          throw new IllegalStateException("open " + d + ": " + ErrnoNames.name(errno));
        }
        libc.umask(c.umask());
        sys.enter(fd);
        creds.become(c);
        try {
          return body.apply(sys);
        } finally {
          creds.restore();
          sys.leave();
          libc.umask(0);
          libc.close(fd);
        }
      });
    }

    @Override
    public void mount(boolean readOnly) {
      String data = "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + ","
          + PINNED_OPTIONS;
      onThread(() -> {
        int r = libc.mount(KernelSys.cstr("ovlsim-fst"), KernelSys.cstr(mnt.toString()),
            KernelSys.cstr("overlay"), (readOnly ? MS_RDONLY : 0) | MS_NODEV | MS_NOSUID,
            KernelSys.cstr(data));
        if (r != 0) {
          throw new BackendUnavailableException("kernel backend skipped: mount -t overlay -o "
              + data + " failed: " + ErrnoNames.name(Native.getLastError()));
        }
        mounted = true;
        return null;
      });
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (mounted || bound) {
          onThread(() -> {
            libc.chdir(KernelSys.cstr("/")); // the thread's cwd would keep the mount busy
            unmount();
            return null;
          });
        }
      } finally {
        thread.shutdownNow();
        removeTree();
        OPEN.remove(this);
      }
    }

    /** From the shutdown hook: the instance's thread may be gone, and creds do not matter. */
    void emergencyCleanup() {
      if (mounted || bound) {
        unmount();
      }
      removeTree();
    }

    /** Unmounts the overlay, then the bind mount of the run's directory. */
    private void unmount() {
      if (mounted) {
        if (!Leftovers.unmount(libc, mnt)) {
          System.err.println("ovlsim: cannot unmount " + mnt + ": "
              + ErrnoNames.name(Native.getLastError()) + "; left in place");
          return;
        }
        mounted = false;
      }
      if (bound) {
        if (!Leftovers.unmount(libc, dir)) {
          System.err.println("ovlsim: cannot unmount " + dir + ": "
              + ErrnoNames.name(Native.getLastError()) + "; left in place");
          return;
        }
        bound = false;
      }
    }

    private void removeTree() {
      if (mounted || bound) {
        return; // never remove through a mount that is still there
      }
      try {
        Leftovers.removeTree(dir);
      } catch (IOException e) {
        System.err.println("ovlsim: cannot remove " + dir + ": " + e);
      }
    }
  }
}
