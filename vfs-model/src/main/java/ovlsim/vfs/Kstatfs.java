package ovlsim.vfs;

/** Port of {@code struct kstatfs}. */
public final class Kstatfs {
  public long fType;
  public long fBsize;
  public long fBlocks;
  public long fBfree;
  public long fBavail;
  public long fFiles;
  public long fFfree;
  public long fFsid;
  public long fNamelen;
  public long fFrsize;
}
