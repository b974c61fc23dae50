package ovlsim.vfs;

import java.time.Instant;

/** Port of {@code struct timespec}. */
public record Timespec(long sec, long nsec) implements Comparable<Timespec> {
  public static final Timespec ZERO = new Timespec(0, 0);

  /** Port of {@code CURRENT_TIME}: the wall clock. */
  public static Timespec now() {
    Instant i = Instant.now();
    return new Timespec(i.getEpochSecond(), i.getNano());
  }

  @Override
  public int compareTo(Timespec o) {
    int c = Long.compare(sec, o.sec);
    return c != 0 ? c : Long.compare(nsec, o.nsec);
  }
}
