package ovlsim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming and reading scripts: every mistake is one message naming the path and the reason. */
class ScriptsTest {
  @TempDir Path tmp;

  private static String error(List<Path> paths) {
    return assertThrows(Scripts.BadPathException.class, () -> Scripts.load(paths)).getMessage();
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void pathsThatNameNoScript() throws IOException, InterruptedException {
    assertEquals(tmp.resolve("none.fst") + ": no such file or directory",
        error(List.of(tmp.resolve("none.fst"))));
    assertEquals(tmp + ": no .fst scripts in this directory", error(List.of(tmp)));
    assertTrue(error(List.of(Path.of(""))).startsWith("an empty path names no script"));
    assertEquals("/dev/zero: not a regular file (a character device)",
        error(List.of(Path.of("/dev/zero"))));
    Path fifo = tmp.resolve("p.fst");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo");
    // Named, or found in a directory: never opened (it would block), never "no such file".
    assertEquals(fifo + ": not a regular file (a FIFO)", error(List.of(fifo)));
    assertEquals(fifo + ": not a regular file (a FIFO)", error(List.of(tmp)));
    Files.delete(fifo);
    Path dangling = Files.createSymbolicLink(tmp.resolve("d.fst"), tmp.resolve("nothing"));
    assertEquals(dangling + ": a symbolic link to nothing", error(List.of(dangling)));
  }

  @Test
  void binaryAndUnreadableFiles() throws IOException {
    Path bin = Files.write(tmp.resolve("b.fst"), new byte[] {'m', 'o', 'u', 'n', 't', '\n',
        (byte) 0xff, (byte) 0xfe});
    assertEquals(bin + ": not UTF-8 at byte 6 (a binary file? scripts are UTF-8 text)",
        error(List.of(bin)));
    Path text = Files.writeString(tmp.resolve("é.fst"), "mount\n# é\n");
    assertEquals(1, Scripts.load(List.of(text)).size());
    Assumptions.assumeFalse(root(), "root reads every file: see MainTest's run as nobody");
    Path locked = Files.createDirectory(tmp.resolve("locked"));
    Path inside = Files.writeString(locked.resolve("x.fst"), "mount\n");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assertEquals(inside + ": permission denied", error(List.of(inside)));
      assertTrue(error(List.of(locked)).endsWith("permission denied"), error(List.of(locked)));
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aScriptThatDoesNotParseIsAnItemWithItsError() throws IOException {
    Path good = Files.writeString(tmp.resolve("a.fst"), "mount\nexpect 0 mkdir d 0755\n");
    Path bad = Files.writeString(tmp.resolve("b.fst"), "mount\nexpect 0 open /etc O_RDONLY\n");
    List<Scripts.Item> items = Scripts.load(List.of(tmp));
    assertEquals(2, items.size());
    assertNotNull(items.get(0).script());
    assertNull(items.get(0).error());
    assertEquals(good.toString(), items.get(0).name());
    assertNull(items.get(1).script());
    assertEquals(bad.toString(), items.get(1).error().file());
    assertEquals(2, items.get(1).error().line());
  }
}
