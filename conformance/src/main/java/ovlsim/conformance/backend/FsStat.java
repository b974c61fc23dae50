package ovlsim.conformance.backend;

/** What {@code statfs(2)} returned. Filled in by a backend. */
public final class FsStat {
  public long type;
  public long bsize;
  public long blocks;
  public long bfree;
  public long bavail;
  public long files;
  public long ffree;
  public long namelen;
}
