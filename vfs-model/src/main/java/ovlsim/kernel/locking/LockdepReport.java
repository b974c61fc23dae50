package ovlsim.kernel.locking;

import java.util.List;
import java.util.Objects;

/**
 * One lockdep splat: which check fired, the lock classes involved (as {@code CLASS/SUBCLASS}
 * names) and the full text as the kernel would print it.
 *
 * <p>{@code classes} is, for {@link Kind#CIRCULAR}, the existing dependency path from the lock
 * being acquired ({@code #0}) to the held lock it already leads to ({@code #N}); for
 * {@link Kind#RECURSIVE}, the one class taken twice; for {@link Kind#BAD_UNLOCK}, the name of
 * the lock released (the kernel prints the lock's name without a subclass there).
 */
public record LockdepReport(Kind kind, List<String> classes, String text) {
  /** Which of lockdep's checks fired. */
  public enum Kind {
    /** {@code [ INFO: possible circular locking dependency detected ]}. */
    CIRCULAR("[ INFO: possible circular locking dependency detected ]"),
    /** {@code [ INFO: possible recursive locking detected ]}. */
    RECURSIVE("[ INFO: possible recursive locking detected ]"),
    /** {@code [ BUG: bad unlock balance detected! ]}. */
    BAD_UNLOCK("[ BUG: bad unlock balance detected! ]");

    private final String title;

    Kind(String title) {
      this.title = title;
    }

    /** The bracketed title line of the splat. */
    public String title() {
      return title;
    }
  }

  public LockdepReport {
    Objects.requireNonNull(kind);
    classes = List.copyOf(classes);
    Objects.requireNonNull(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
