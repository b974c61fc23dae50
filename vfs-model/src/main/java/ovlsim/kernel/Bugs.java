package ovlsim.kernel;

/**
 * Port of {@code WARN_ON()}, {@code WARN_ON_ONCE()}, {@code WARN()} and {@code BUG_ON()}.
 *
 * <p>Each is recorded (message, task, stack) in the {@link BugLog} of the current task's
 * {@link Kernel}, so tests and harnesses can count them. A {@code BUG} also throws
 * {@link KernelBug}: the kernel would have stopped the task here.
 *
 * <p>A message that names an object is given as a format and its one argument, and formatted
 * only when the condition holds: these checks sit on hot paths ({@code dput()}, {@code iput()})
 * and must cost nothing when they pass, as in C.
 */
public final class Bugs {
  private Bugs() {}

  /** Port of {@code WARN_ON(cond)}: records a warning when {@code cond} holds; returns it. */
  public static boolean warnOn(boolean cond, String what) {
    if (cond) {
      record(BugLog.Kind.WARNING, what);
    }
    return cond;
  }

  /** {@link #warnOn(boolean, String)} with the message {@code String.format(format, arg)}. */
  public static boolean warnOn(boolean cond, String format, Object arg) {
    if (cond) {
      record(BugLog.Kind.WARNING, String.format(format, arg));
    }
    return cond;
  }

  /**
   * Port of {@code WARN_ON_ONCE(cond)}: as {@link #warnOn(boolean, String)}, but each call site
   * records at most one warning per {@link Kernel}, as the C's {@code static bool __warned} does
   * per boot. The site is named by {@code what}; returns {@code cond} every time.
   */
  public static boolean warnOnOnce(boolean cond, String what) {
    if (cond) {
      Task t = current(BugLog.Kind.WARNING, what);
      if (t.kernel().bugLog().firstWarningAt(what)) {
        t.kernel().bugLog().record(BugLog.Kind.WARNING, what, t);
      }
    }
    return cond;
  }

  /**
   * {@link #warnOnOnce(boolean, String)} with the message {@code String.format(format, arg)};
   * the site is {@code format}.
   */
  public static boolean warnOnOnce(boolean cond, String format, Object arg) {
    if (cond) {
      Task t = current(BugLog.Kind.WARNING, format);
      if (t.kernel().bugLog().firstWarningAt(format)) {
        t.kernel().bugLog().record(BugLog.Kind.WARNING, String.format(format, arg), t);
      }
    }
    return cond;
  }

  /** Port of {@code BUG_ON(cond)}: records and throws {@link KernelBug} when {@code cond}. */
  public static void bugOn(boolean cond, String what) {
    if (cond) {
      bug(what);
    }
  }

  /** {@link #bugOn(boolean, String)} with the message {@code String.format(format, arg)}. */
  public static void bugOn(boolean cond, String format, Object arg) {
    if (cond) {
      bug(String.format(format, arg));
    }
  }

  /** Port of {@code BUG()}. */
  public static void bug(String what) {
    record(BugLog.Kind.BUG, what);
    throw new KernelBug(what);
  }

  private static void record(BugLog.Kind kind, String what) {
    Task t = current(kind, what);
    t.kernel().bugLog().record(kind, what, t);
  }

  private static Task current(BugLog.Kind kind, String what) {
    Task t = Task.currentOrNull();
    if (t == null) {
      throw new KernelBug(kind + " outside any task: " + what);
    }
    return t;
  }
}
