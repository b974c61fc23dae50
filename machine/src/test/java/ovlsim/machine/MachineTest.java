package ovlsim.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import ovlsim.kernel.Errno;
import ovlsim.layer.Layer;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatfsBuf;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.api.Test;

/**
 * The layers a staged machine mounts, without the overlay (whose module this one does not
 * depend on): the lower image read-only, or a writable lower that takes syscalls.
 */
class MachineTest {
  private static final Layer LOWER = Layer.builder().file("f", 0644, "lower").build();

  private static String read(ModelSys sys, String path) {
    int fd = sys.open(path, Fcntl.O_RDONLY);
    byte[] buf = new byte[64];
    int n = (int) sys.read(fd, buf, buf.length);
    sys.close(fd);
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void theLowerImageIsReadOnly() {
    Machine m = Machine.builder().staged().boot();
    m.mountLower(LOWER);
    assertEquals("lower", read(m.sys(), "/lower/f"));
    assertEquals(-Errno.EROFS.number(), m.sys().open("/lower/f", Fcntl.O_WRONLY));
    assertFalse(m.overlayMounted());
  }

  @Test
  void aWritableLowerIsAnUpperFsMountedAtBootWithTheLowerLayerWrittenIn() {
    Machine m = Machine.builder().staged().lower(LOWER).writableLower("size=1m").boot();
    assertEquals("lower", read(m.sys(), "/lower/f"));
    int fd = m.sys().open("/lower/g", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644);
    assertEquals(1L, m.sys().write(fd, "g".getBytes(StandardCharsets.UTF_8), 1));
    m.sys().close(fd);
    assertEquals("g", read(m.sys(), "/lower/g"));
    StatfsBuf st = new StatfsBuf();
    assertEquals(0, m.sys().statfs("/lower", st));
    assertEquals(256, st.fBlocks, "the lower's own size=1m");
    assertThrows(IllegalStateException.class, () -> m.mountLower(LOWER));
  }
}
