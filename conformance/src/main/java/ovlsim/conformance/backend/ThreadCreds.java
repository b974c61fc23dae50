package ovlsim.conformance.backend;

import com.sun.jna.Native;

/**
 * Gives the calling thread, and only it, a line's identity: raw {@code setgroups},
 * {@code setfsgid}, {@code setfsuid} syscalls (glibc's {@code setgroups()} would signal every
 * thread of the JVM to change too), and for a non-root uid a {@code capset} that empties the
 * thread's effective capabilities (so it is as unprivileged as the model's {@code Cred.user}:
 * {@code setfsuid} alone drops only the filesystem capabilities). {@link #restore} undoes it
 * in the reverse order: capabilities first, because changing ids back needs them.
 */
final class ThreadCreds {
  private static final int CAP_VERSION_3 = 0x20080522;

  private final LibC libc;
  private final SyscallNumbers nr;
  private final int[] savedGroups;
  private final int[] savedCaps;
  private boolean changed;

  /** Records the calling thread's groups and capabilities to come back to. */
  ThreadCreds(LibC libc, SyscallNumbers nr) {
    this.libc = libc;
    this.nr = nr;
    int n = libc.getgroups(0, new int[0]);
    int[] groups = new int[Math.max(n, 0)];
    if (n > 0 && libc.getgroups(n, groups) != n) {
      throw new BackendUnavailableException("getgroups failed: " + errno());
    }
    this.savedGroups = groups;
    this.savedCaps = new int[6];
    if (libc.syscall(nr.capget(), new int[] {CAP_VERSION_3, 0}, savedCaps) != 0) {
      throw new BackendUnavailableException("capget failed: " + errno());
    }
  }

  /** Makes the calling thread act as {@code creds} (ids and groups; caps when not root). */
  void become(Creds creds) {
    changed = true;
    int[] g = creds.groups();
    check(libc.syscall(nr.setgroups(), (long) g.length, g), "setgroups");
    libc.syscall(nr.setfsgid(), (long) creds.gid());
    libc.syscall(nr.setfsuid(), (long) creds.uid());
    // setfs[ug]id return the old id and never fail: ask again (-1 changes nothing) to check.
    if (libc.syscall(nr.setfsgid(), -1L) != creds.gid()
        || libc.syscall(nr.setfsuid(), -1L) != creds.uid()) {
      throw new BackendUnavailableException(
          "setfsuid/setfsgid(" + creds.uid() + ":" + creds.gid() + ") did not take");
    }
    if (!creds.isRoot()) {
      int[] data = savedCaps.clone();
      data[0] = 0; // effective, low word
      data[3] = 0; // effective, high word
      check(libc.syscall(nr.capset(), new int[] {CAP_VERSION_3, 0}, data), "capset");
    }
  }

  /** Back to root with the recorded groups and capabilities. */
  void restore() {
    if (!changed) {
      return;
    }
    check(libc.syscall(nr.capset(), new int[] {CAP_VERSION_3, 0}, savedCaps.clone()), "capset");
    libc.syscall(nr.setfsuid(), 0L);
    libc.syscall(nr.setfsgid(), 0L);
    check(libc.syscall(nr.setgroups(), (long) savedGroups.length, savedGroups.clone()),
        "setgroups");
    changed = false;
  }

  private static void check(long r, String call) {
    if (r != 0) {
      throw new BackendUnavailableException(call + " failed on this thread: " + errno());
    }
  }

  private static String errno() {
    return ErrnoNames.name(Native.getLastError());
  }
}
