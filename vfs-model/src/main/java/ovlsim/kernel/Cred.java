package ovlsim.kernel;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Port of {@code struct cred}: the security context a task acts with.
 *
 * <p>As in the kernel, a cred is immutable once published: {@link Creds#prepareCreds()} hands
 * out a fresh copy that its caller may change (set fsuid, raise a capability) until it passes
 * it to {@link Creds#overrideCreds} or installs it in a task; after that every setter throws
 * {@link IllegalStateException}. {@code usage} counts references as {@code get_cred()} and
 * {@code put_cred()} do.
 */
public final class Cred {
  private int uid;
  private int gid;
  private int fsuid;
  private int fsgid;
  private int[] groups;
  private final EnumSet<Capability> capEffective;
  private volatile boolean published;
  private final AtomicInteger usage = new AtomicInteger(1);

  private Cred(int uid, int gid, int fsuid, int fsgid, int[] groups, Set<Capability> caps) {
    this.uid = uid;
    this.gid = gid;
    this.fsuid = fsuid;
    this.fsgid = fsgid;
    this.groups = groups.clone();
    Arrays.sort(this.groups);
    this.capEffective = caps.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(caps);
  }

  /** The creds of init: uid 0 with every capability. Published. */
  public static Cred root() {
    return new Cred(0, 0, 0, 0, new int[0], EnumSet.allOf(Capability.class)).publish();
  }

  /**
   * The creds of an ordinary user: uid, gid and supplementary groups, no capabilities (a
   * non-root process after exec). Published.
   */
  public static Cred user(int uid, int gid, int... groups) {
    Set<Capability> caps =
        uid == 0 ? EnumSet.allOf(Capability.class) : EnumSet.noneOf(Capability.class);
    return new Cred(uid, gid, uid, gid, groups, caps).publish();
  }

  /** A mutable, unpublished copy: what {@code prepare_creds()} returns. */
  Cred copy() {
    return new Cred(uid, gid, fsuid, fsgid, groups, capEffective);
  }

  Cred publish() {
    published = true;
    return this;
  }

  boolean isPublished() {
    return published;
  }

  private void checkMutable() {
    if (published) {
      throw new IllegalStateException("cred is published and immutable");
    }
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  public int fsuid() {
    return fsuid;
  }

  public int fsgid() {
    return fsgid;
  }

  /** The supplementary groups, sorted. */
  public int[] groups() {
    return groups.clone();
  }

  /** Port of {@code in_group_p()}'s search: fsgid or a supplementary group. */
  public boolean inGroup(int g) {
    return g == fsgid || Arrays.binarySearch(groups, g) >= 0;
  }

  /** The effective capability set, read-only. */
  public Set<Capability> capEffective() {
    return Collections.unmodifiableSet(capEffective);
  }

  public boolean hasCap(Capability cap) {
    return capEffective.contains(cap);
  }

  public void setFsuid(int fsuid) {
    checkMutable();
    this.fsuid = fsuid;
  }

  public void setFsgid(int fsgid) {
    checkMutable();
    this.fsgid = fsgid;
  }

  public void setUid(int uid) {
    checkMutable();
    this.uid = uid;
  }

  public void setGid(int gid) {
    checkMutable();
    this.gid = gid;
  }

  public void setGroups(int... groups) {
    checkMutable();
    this.groups = groups.clone();
    Arrays.sort(this.groups);
  }

  /** Port of {@code cap_raise(cred->cap_effective, cap)}. */
  public void capRaise(Capability cap) {
    checkMutable();
    capEffective.add(cap);
  }

  /** Port of {@code cap_lower(cred->cap_effective, cap)}. */
  public void capLower(Capability cap) {
    checkMutable();
    capEffective.remove(cap);
  }

  /** Drops every effective capability (a setuid to non-zero does this). */
  public void capClear() {
    checkMutable();
    capEffective.clear();
  }

  void get() {
    usage.incrementAndGet();
  }

  int put() {
    return usage.decrementAndGet();
  }

  @Override
  public String toString() {
    return "cred{uid=" + uid + ",gid=" + gid + ",fsuid=" + fsuid + ",fsgid=" + fsgid
        + ",groups=" + Arrays.toString(groups) + ",caps=" + capEffective + "}";
  }
}
