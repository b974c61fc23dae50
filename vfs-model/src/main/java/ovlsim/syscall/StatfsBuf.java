package ovlsim.syscall;

/** {@code struct statfs} as {@code statfs(2)} fills it in. */
public final class StatfsBuf {
  public long fType;
  public long fBsize;
  public long fBlocks;
  public long fBfree;
  public long fBavail;
  public long fFiles;
  public long fFfree;
  public long fNamelen;
}
