package ovlsim.vfs;

/** Port of {@code struct kstat}: what {@code getattr} fills in. Mutable, as in C. */
public final class Kstat {
  public long ino;
  public int dev;
  public int mode;
  public int nlink;
  public int uid;
  public int gid;
  public int rdev;
  public long size;
  public Timespec atime = Timespec.ZERO;
  public Timespec mtime = Timespec.ZERO;
  public Timespec ctime = Timespec.ZERO;
  public int blksize;
  public long blocks;

  /** A field-by-field copy. */
  public Kstat copy() {
    Kstat k = new Kstat();
    k.ino = ino;
    k.dev = dev;
    k.mode = mode;
    k.nlink = nlink;
    k.uid = uid;
    k.gid = gid;
    k.rdev = rdev;
    k.size = size;
    k.atime = atime;
    k.mtime = mtime;
    k.ctime = ctime;
    k.blksize = blksize;
    k.blocks = blocks;
    return k;
  }

  @Override
  public String toString() {
    return String.format(
        "kstat{dev=%d,ino=%d,mode=0%o,nlink=%d,uid=%d,gid=%d,size=%d}",
        dev, ino, mode, nlink, uid, gid, size);
  }
}
