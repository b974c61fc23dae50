package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ovlsim.kernel.Errno;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ovl_permission()}: the answer of the real inode (upper if there is one), except that a
 * read-only lower layer does not refuse writes (they go to the upper); EROFS for writing a
 * regular file, directory or symlink of a read-only upper; EACCES for writing an immutable real
 * inode, upper or lower.
 */
class PermissionTest {
  @RegisterExtension final OverlayFixture f = new OverlayFixture();

  private void layers(OvlVersion v) {
    f.lower().dir("d", 0755).file("d/lowerfile", 0644, "lower")
        .file("d/private", 0600, "secret").owner("d/private", 1000, 1000)
        .dir("closed", 0700).file("closed/x", 0644, "");
    f.upper().dir("d", 0755).file("d/upperfile", 0644, "upper").dir("d/updir", 0755);
    f.mount(v);
  }

  /** The read-only lower image never makes a write EROFS: the write goes up. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aReadOnlyLowerLayerDoesNotRefuseWrites(OvlVersion v) {
    layers(v);
    f.append("/mnt/d/lowerfile", "+");
    ok(f.sys().chmod("/mnt/closed", 0755));
    assertEquals("lower+", f.read("/mnt/d/lowerfile"));
  }

  /**
   * The upper filesystem remounted read-only under a read-write overlay: the overlay inode is
   * not read-only, but {@code ovl_permission()} sees the real upper inode's superblock.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void writingToAReadOnlyUpperIsErofs(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    ok(s.mount("upper", "/upper", UpperFsType.NAME, Fs.MS_REMOUNT | Fs.MS_RDONLY, ""));

    err(Errno.EROFS, s.open("/mnt/d/upperfile", Fcntl.O_WRONLY), "upper file");
    err(Errno.EROFS, s.mkdir("/mnt/d/updir/sub", 0755), "upper directory");
    err(Errno.EROFS, s.unlink("/mnt/d/upperfile"), "merged directory");
    err(Errno.EROFS, s.open("/mnt/d/lowerfile", Fcntl.O_WRONLY), "copy-up into a read-only upper");
    assertFalse(f.inUpper("d/lowerfile"));
    assertEquals("upper", f.read("/mnt/d/upperfile"), "reads still work");
    assertEquals("lower", f.read("/mnt/d/lowerfile"));

    ok(s.mount("upper", "/upper", UpperFsType.NAME, Fs.MS_REMOUNT, ""));
    f.append("/mnt/d/upperfile", "+");
    f.append("/mnt/d/lowerfile", "+");
    assertEquals("lower+", f.read("/upper/d/lowerfile"));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void nobodyGetsWriteAccessToAnImmutableUpperFile(OvlVersion v) {
    layers(v);
    ModelSys s = f.sys();
    f.chattrImmutable("/upper/d/upperfile");
    err(Errno.EACCES, s.open("/mnt/d/upperfile", Fcntl.O_WRONLY), "not even root");
    err(Errno.EACCES, s.open("/mnt/d/upperfile", Fcntl.O_RDWR | Fcntl.O_TRUNC));
    assertEquals("upper", f.read("/mnt/d/upperfile"));

    f.chattrImmutable("/upper/d/updir");
    err(Errno.EACCES, s.mkdir("/mnt/d/updir/sub", 0755), "immutable upper directory");
  }

  /** The immutable test is not waived for the lower layer the way read-only is. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void anImmutableLowerFileIsNotWritableThroughTheOverlay(OvlVersion v) {
    layers(v);
    f.chattrImmutable("/lower/d/lowerfile");
    err(Errno.EACCES, f.sys().open("/mnt/d/lowerfile", Fcntl.O_WRONLY));
    assertFalse(f.inUpper("d/lowerfile"));
    assertEquals("lower", f.read("/mnt/d/lowerfile"));
  }

  /** Mode and owner of the real inode decide, before and after copy-up. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theRealInodesModeAndOwnerDecide(OvlVersion v) {
    layers(v);
    ModelSys owner = f.user(1000, 1000);
    ModelSys other = f.user(1001, 1001);
    assertEquals("secret", OverlayFixture.read(owner, "/mnt/d/private"));
    err(Errno.EACCES, other.open("/mnt/d/private", Fcntl.O_RDONLY));
    err(Errno.EACCES, other.open("/mnt/closed/x", Fcntl.O_RDONLY), "search permission");
    err(Errno.EACCES, other.open("/mnt/d/lowerfile", Fcntl.O_WRONLY));
    err(Errno.EACCES, other.mkdir("/mnt/d/new", 0755), "the merged dir's upper is 0755 root");

    ok(owner.chmod("/mnt/d/private", 0644)); // copied up, then chmod on the upper
    assertEquals("secret", OverlayFixture.read(other, "/mnt/d/private"));
    err(Errno.EACCES, other.open("/mnt/d/private", Fcntl.O_WRONLY));
  }
}
