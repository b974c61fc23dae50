package ovlsim.kernel;

/**
 * Port of {@code kernel/cred.c} and {@code capable()} from {@code kernel/capability.c}.
 *
 * <p>Every function acts on the calling thread's {@link Task#current() current} task only:
 * {@code override_creds()} in one task changes nothing another task sees.
 */
public final class Creds {
  private Creds() {}

  /** Port of {@code current_cred()}: the subjective creds of the current task. */
  public static Cred currentCred() {
    return Task.current().cred();
  }

  /** Port of {@code current_fsuid()}. */
  public static int currentFsuid() {
    return currentCred().fsuid();
  }

  /** Port of {@code current_fsgid()}. */
  public static int currentFsgid() {
    return currentCred().fsgid();
  }

  /**
   * Port of {@code prepare_creds()}: a mutable copy of the current task's creds. Never
   * {@code null} here (the model has no allocation failure).
   */
  public static Cred prepareCreds() {
    return currentCred().copy();
  }

  /**
   * Port of {@code override_creds()}: installs {@code newCred} as the current task's subjective
   * creds and returns the old ones. Publishes {@code newCred}.
   */
  public static Cred overrideCreds(Cred newCred) {
    newCred.publish();
    newCred.get();
    return Task.current().swapCred(newCred);
  }

  /** Port of {@code revert_creds()}: puts back the creds {@link #overrideCreds} returned. */
  public static void revertCreds(Cred old) {
    Cred override = Task.current().swapCred(old);
    putCred(override);
  }

  /** Port of {@code put_cred()}: drops a reference; a negative count is a {@code BUG()}. */
  public static void putCred(Cred cred) {
    if (cred.put() < 0) {
      Bugs.bug("put_cred: usage count of " + cred + " went negative");
    }
  }

  /** Port of {@code capable()}: does the current task have {@code cap} in effect. */
  public static boolean capable(Capability cap) {
    return currentCred().hasCap(cap);
  }
}
