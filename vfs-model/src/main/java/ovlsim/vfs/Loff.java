package ovlsim.vfs;

/** A {@code loff_t *}: a file position passed by reference to read/write/splice. */
public final class Loff {
  public long value;

  public Loff(long value) {
    this.value = value;
  }
}
