package ovlsim.overlay;

import ovlsim.vfs.Dentry;

/**
 * Port of {@code struct ovl_link_data}: the cookie {@code ovl_follow_link()} hands to
 * {@code ovl_put_link()}, so the real filesystem's {@code ->put_link} gets its own dentry and
 * cookie even if the overlay dentry was copied up in between.
 */
final class OvlLinkData {
  final Dentry realdentry;
  final Object cookie;

  OvlLinkData(Dentry realdentry, Object cookie) {
    this.realdentry = realdentry;
    this.cookie = cookie;
  }
}
