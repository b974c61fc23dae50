package ovlsim.vfs;

/**
 * Port of {@code struct nameidata}, the state of one path walk: where it is, how many links it
 * followed, and the body of the link being followed ({@code nd_set_link()}).
 */
public final class Nameidata {
  public final Path path = new Path();
  public String last;
  public int flags;
  public int depth;
  public int totalLinkCount;
  private final String[] savedNames = new String[Fs.MAX_NESTED_LINKS + 1];

  /** Port of {@code nd_set_link()}: {@code ->follow_link} hands the link body over here. */
  public void setLink(String body) {
    savedNames[depth] = body;
  }

  /** Port of {@code nd_get_link()}. */
  public String getLink() {
    return savedNames[depth];
  }
}
