package ovlsim.vfs;

/**
 * Port of {@code struct path}: a (mount, dentry) pair. Mutable as in C, so that
 * {@code ovl_path_upper(dentry, &path)} reads the same in Java. Taking a reference is explicit
 * ({@link Namespace#pathGet}, {@link Namespace#pathPut}).
 */
public final class Path {
  public VfsMount mnt;
  public Dentry dentry;

  /** An empty path, both members {@code null}, as a zeroed {@code struct path}. */
  public Path() {}

  /** The pair ({@code mnt}, {@code dentry}); either may be {@code null}, as in C. */
  public Path(VfsMount mnt, Dentry dentry) {
    this.mnt = mnt;
    this.dentry = dentry;
  }

  /** A copy of the pair, taking no reference. */
  public Path copy() {
    return new Path(mnt, dentry);
  }

  public void set(Path other) {
    this.mnt = other.mnt;
    this.dentry = other.dentry;
  }

  @Override
  public String toString() {
    return "path{" + mnt + ":" + dentry + "}";
  }
}
