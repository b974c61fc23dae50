package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.err;
import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LOWER_MOUNT_READONLY (v11, "make lower mount read-only"), on a writable lower layer: a
 * read-only open of a lower file through the overlay gives the lower file itself
 * ({@code ->open} hands back the real file), and {@code fchmod()} on it goes to the lower
 * layer through the overlay's private lower clone. Until v11 that changes the lower file; from
 * v11 the clone is {@code MNT_READONLY}: EROFS.
 */
class LowerMountVersionsTest {
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void fchmodOfALowerFileOpenedThroughTheOverlayIsErofsFromV11(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ModelSys s = f.sys;
    writeFile(s, "/lower/f", "lower");
    f.mountOverlay("version=" + v.optionName());
    int fd = (int) ok(s.open("/mnt/f", Fcntl.O_RDONLY));
    long r = s.fchmod(fd, 0600);
    ok(s.close(fd));
    StatBuf st = new StatBuf();
    ok(s.stat("/lower/f", st));
    if (v.has(OvlPatch.LOWER_MOUNT_READONLY)) {
      err(Errno.EROFS, r);
      assertEquals(0644, st.stMode & 07777, "the lower file is untouched");
    } else {
      ok(r);
      assertEquals(0600, st.stMode & 07777, "before v11 the lower file itself changed");
    }
  }
}
