package ovlsim.vfs;

/** Port of {@code struct iattr}: what {@code notify_change()} is asked to change. */
public final class Iattr {
  public int iaValid;
  public int iaMode;
  public int iaUid;
  public int iaGid;
  public long iaSize;
  public Timespec iaAtime = Timespec.ZERO;
  public Timespec iaMtime = Timespec.ZERO;
  public Timespec iaCtime = Timespec.ZERO;
  public File iaFile;
}
