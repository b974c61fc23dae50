package ovlsim.conformance.backend;

import java.util.Arrays;
import org.apache.commons.lang3.Validate;

/**
 * The identity a line runs with ({@code -u}, {@code -g}, {@code -U}): fsuid, fsgid,
 * supplementary groups and umask. Root ({@code uid 0}) keeps every capability; any other uid has
 * none, as a non-root process after exec.
 *
 * @param uid the user id, 0 unless {@code -u}
 * @param gid the group id: the first of {@code -g}'s list, else 0
 * @param groups the supplementary groups: all of {@code -g}'s list, else none
 * @param umask the umask, 0 unless {@code -U}
 */
public record Creds(int uid, int gid, int[] groups, int umask) {
  /** Root with umask 0: what setup lines, and expect lines without options, run as. */
  public static final Creds ROOT = new Creds(0, 0, new int[0], 0);

  public Creds {
    Validate.isTrue(uid >= 0 && gid >= 0, "negative id %s:%s", uid, gid);
    Validate.isTrue((umask & ~0777) == 0, "umask 0%s beyond 0777", Integer.toOctalString(umask));
    groups = groups.clone();
  }

  @Override
  public int[] groups() {
    return groups.clone();
  }

  public boolean isRoot() {
    return uid == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Creds c
        && c.uid == uid
        && c.gid == gid
        && c.umask == umask
        && Arrays.equals(c.groups, groups);
  }

  @Override
  public int hashCode() {
    return ((uid * 31 + gid) * 31 + umask) * 31 + Arrays.hashCode(groups);
  }

  @Override
  public String toString() {
    return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups)
        + " umask=0" + Integer.toOctalString(umask);
  }
}
