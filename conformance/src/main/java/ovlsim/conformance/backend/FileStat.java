package ovlsim.conformance.backend;

/** What {@code stat(2)} returned, as far as fstest lines print it. Filled in by a backend. */
public final class FileStat {
  /** {@code st_mode}: file type and permission bits. */
  public int mode;

  public long ino;
  public long nlink;
  public int uid;
  public int gid;
  public long size;
  public int rdevMajor;
  public int rdevMinor;
  /** Seconds of {@code st_atime}, {@code st_mtime}, {@code st_ctime}. */
  public long atime;

  public long mtime;
  public long ctime;
}
