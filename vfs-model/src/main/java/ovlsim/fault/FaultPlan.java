package ovlsim.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;

/**
 * The model's {@code lib/fault-inject.c}: a per-filesystem-instance plan that makes a named
 * operation ({@code upper.write}, {@code upper.create}, {@code lower.read}, ...) fail with a
 * chosen errno on its Nth call or with a seeded probability, and a log of what it injected.
 *
 * <p>A filesystem calls {@link #check} at the top of each operation it exposes to injection.
 * Thread-safe; with a probability rule the outcome for the Nth call of an operation depends
 * only on the seed, the operation's name and N.
 *
 * <p>Locking: {@link #check} takes no lock unless it injects (then this object's monitor, to
 * append to the log), so the read paths of a filesystem (lower-fs lookups and reads) stay
 * free of locks the kernel would not take. Each operation's calls are numbered by an atomic
 * counter, so concurrent callers get distinct numbers and {@code failNth} fires exactly once.
 * Rules are replaced copy-on-write under this object's monitor.
 */
public final class FaultPlan {
  /** One injected failure: operation, which call of it (1-based), the errno. */
  public record Injection(String op, long call, Errno errno) {
    /** Checks the operation and the errno. */
    public Injection {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(errno, "errno");
    }
  }

  private sealed interface Rule permits Nth, Probability {}

  private record Nth(long n, Errno errno, boolean repeat) implements Rule {}

  private record Probability(double p, long seed, Errno errno) implements Rule {}

  /** Rules by operation; replaced whole (copy on write) under this object, read without it. */
  private volatile Map<String, List<Rule>> rules = Map.of();
  /** Calls so far by operation; counted without a lock. */
  private final ConcurrentHashMap<String, AtomicLong> calls = new ConcurrentHashMap<>();
  /** Guarded by this object. */
  private final List<Injection> log = new ArrayList<>();

  /** Makes the {@code n}th call (1-based) of {@code op} fail with {@code errno}, once. */
  public synchronized FaultPlan failNth(String op, long n, Errno errno) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    add(op, new Nth(n, Objects.requireNonNull(errno), false));
    return this;
  }

  /** Makes every call of {@code op} from the {@code n}th on fail with {@code errno}. */
  public synchronized FaultPlan failFrom(String op, long n, Errno errno) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    add(op, new Nth(n, Objects.requireNonNull(errno), true));
    return this;
  }

  /** Makes each call of {@code op} fail with probability {@code p}, decided by {@code seed}. */
  public synchronized FaultPlan failWithProbability(String op, double p, long seed, Errno errno) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1]: " + p);
    }
    add(op, new Probability(p, seed, Objects.requireNonNull(errno)));
    return this;
  }

  private void add(String op, Rule rule) {
    Objects.requireNonNull(op);
    Map<String, List<Rule>> m = new HashMap<>(rules);
    List<Rule> rs = new ArrayList<>(m.getOrDefault(op, List.of()));
    rs.add(rule);
    m.put(op, List.copyOf(rs));
    rules = Map.copyOf(m);
  }

  /** Forgets every rule and call count (the log stays). */
  public synchronized void clear() {
    rules = Map.of();
    calls.clear();
  }

  /**
   * Counts a call of {@code op} and throws {@code KernelError} when the plan says it fails.
   * Port of {@code should_fail()} at the operation's entry.
   */
  public void check(String op) {
    AtomicLong counter = calls.get(op);
    if (counter == null) {
      counter = calls.computeIfAbsent(op, k -> new AtomicLong());
    }
    long call = counter.incrementAndGet();
    List<Rule> rs = rules.get(op);
    if (rs == null) {
      return;
    }
    Errno e = decide(rs, op, call);
    if (e == null) {
      return;
    }
    synchronized (this) {
      log.add(new Injection(op, call, e));
    }
    throw new KernelError(e, "injected fault in " + op);
  }

  private static Errno decide(List<Rule> rs, String op, long call) {
    for (Rule r : rs) {
      if (r instanceof Nth nth) {
        if (call == nth.n() || (nth.repeat() && call > nth.n())) {
          return nth.errno();
        }
      } else if (r instanceof Probability pr) {
        long mixed = pr.seed() ^ (op.hashCode() * 0x9E3779B97F4A7C15L) ^ call;
        if (new SplittableRandom(mixed).nextDouble() < pr.p()) {
          return pr.errno();
        }
      }
    }
    return null;
  }

  /** How many times {@code op} was called so far. */
  public long calls(String op) {
    AtomicLong c = calls.get(op);
    return c == null ? 0 : c.get();
  }

  /** Every failure injected so far, in order. */
  public synchronized List<Injection> log() {
    return List.copyOf(log);
  }
}
