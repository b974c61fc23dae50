package ovlsim.syscall;

import ovlsim.vfs.Timespec;

/** {@code struct stat} as {@code stat(2)} fills it in. */
public final class StatBuf {
  public long stDev;
  public long stIno;
  public int stMode;
  public long stNlink;
  public int stUid;
  public int stGid;
  public long stRdev;
  public long stSize;
  public long stBlksize;
  public long stBlocks;
  public Timespec stAtime = Timespec.ZERO;
  public Timespec stMtime = Timespec.ZERO;
  public Timespec stCtime = Timespec.ZERO;
}
