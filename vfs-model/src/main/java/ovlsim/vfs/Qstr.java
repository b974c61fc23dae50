package ovlsim.vfs;

/**
 * Port of {@code struct qstr}: one component of a path name as a slice of the whole name, with
 * its hash computed while the walk scans it, so the walk looks a component up in the dcache
 * without copying it. {@code d_alloc()} copies the name only when the dcache misses.
 *
 * <p>The model's dentry hash is each parent's map from name to dentry (see {@link Dcache}), so
 * a slice is its key: its hash is {@link String#hashCode()}'s of the same characters and it
 * {@linkplain #equals equals} a {@code String} of the same characters. (Only that direction:
 * a map's {@code get} calls the probe's {@code equals} with the stored key.) Mutable and owned
 * by one walk, as the C's {@code struct qstr this} on {@code link_path_walk()}'s stack.
 */
final class Qstr {
  /** The whole name the component is a slice of. */
  private String name;
  /** Where the component starts in {@link #name}. */
  private int start;
  /** {@code len}. */
  private int len;
  /** {@code hash}: {@link String#hashCode()} of the component. */
  private int hash;

  /** Points this at {@code name[start, end)} and hashes it (the walk's {@code partial_name_hash()}). */
  Qstr set(String name, int start, int end) {
    this.name = name;
    this.start = start;
    this.len = end - start;
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + name.charAt(i);
    }
    this.hash = h;
    return this;
  }

  /** {@code len}. */
  int len() {
    return len;
  }

  /** Is the component {@code s}? */
  boolean is(String s) {
    return len == s.length() && name.regionMatches(start, s, 0, len);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** A {@code String} or {@code Qstr} with the same characters; see the class comment. */
  @Override
  public boolean equals(Object o) {
    if (o instanceof String s) {
      return is(s);
    }
    return o instanceof Qstr q && q.len == len && q.hash == hash
        && name.regionMatches(start, q.name, q.start, len);
  }

  /** The component as its own string: the copy {@code d_alloc()} makes of {@code name->name}. */
  @Override
  public String toString() {
    return name.substring(start, start + len);
  }
}
