package ovlsim.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

class HostImportTest {
  @TempDir Path tmp;

  private Path tree() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path a = Files.createDirectory(root.resolve("a"));
    Files.writeString(a.resolve("foo"), "hello");
    Files.write(a.resolve("bin"), new byte[] {0, 1, 2, (byte) 0xff});
    Files.createDirectory(a.resolve("sub"));
    Files.createFile(root.resolve("empty"));
    Files.createSymbolicLink(a.resolve("link"), Path.of("../empty"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/target"));
    Files.setPosixFilePermissions(a.resolve("foo"), PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(a.resolve("sub"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(a.resolve("bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(a.resolve("foo"), FileTime.from(Instant.ofEpochSecond(1000000)));
    return root;
  }

  @Test
  void roundTripsNamesTypesModesContentAndTargets() throws IOException {
    Layer l = Layer.importFrom(tree());
    assertEquals(
        List.of("a", "a/bin", "a/foo", "a/link", "a/sub", "dangling", "empty"),
        l.entries().stream().map(LayerEntry::path).toList());
    assertEquals(Stat.S_IFDIR, l.entry("a").node().mode() & Stat.S_IFMT);
    assertEquals(Stat.S_IFREG | 0640, l.entry("a/foo").node().mode());
    assertEquals(Stat.S_IFREG | 0755, l.entry("a/bin").node().mode());
    assertEquals(Stat.S_IFDIR | 0700, l.entry("a/sub").node().mode());
    assertEquals(Stat.S_IFLNK | 0777, l.entry("a/link").node().mode());
    assertEquals("../empty", l.entry("a/link").node().target());
    assertEquals("no/such/target", l.entry("dangling").node().target());
    assertEquals("hello", new String(l.entry("a/foo").node().content(), StandardCharsets.UTF_8));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, l.entry("a/bin").node().content());
    assertEquals(0, l.entry("empty").node().contentLength());
    assertEquals(new Timespec(1000000, 0), l.entry("a/foo").node().mtime());
    assertEquals(0, l.entry("a/foo").node().uid());
    assertTrue(l.rootSet());
  }

  @Test
  void keepsHardLinks() throws IOException {
    Path root = tree();
    Files.createLink(root.resolve("a/foo2"), root.resolve("a/foo"));
    Layer l = Layer.importFrom(root);
    LayerEntry second = l.entry("a/foo2");
    assertEquals("a/foo", second.linkTo());
    assertSame(l.entry("a/foo").node(), second.node());
    assertEquals(2, second.node().nlink());
  }

  @Test
  void keepsUserXattrsWhereTheHostHasThem() throws IOException {
    Path root = tree();
    Path foo = root.resolve("a/foo");
    FileStore store = Files.getFileStore(foo);
    assumeTrue(
        store.supportsFileAttributeView(UserDefinedFileAttributeView.class),
        "the temp directory's filesystem has no user xattrs");
    UserDefinedFileAttributeView v =
        Files.getFileAttributeView(foo, UserDefinedFileAttributeView.class);
    v.write("k", ByteBuffer.wrap("value".getBytes(StandardCharsets.UTF_8)));
    Layer l = Layer.importFrom(root);
    assertEquals(List.of("user.k"), l.entry("a/foo").node().xattrNames());
    assertArrayEquals(
        "value".getBytes(StandardCharsets.UTF_8), l.entry("a/foo").node().xattr("user.k"));
  }

  @Test
  void keepsFifos() throws Exception {
    Path root = tree();
    Process p = new ProcessBuilder("mkfifo", "-m", "0640", root.resolve("fifo").toString())
        .inheritIO().start();
    assertEquals(0, p.waitFor());
    Layer l = Layer.importFrom(root);
    assertEquals(Stat.S_IFIFO | 0640, l.entry("fifo").node().mode());
  }

  @Test
  void keepsDevicesWithTheirNumbers() throws Exception {
    Path root = tree();
    Process chr = new ProcessBuilder(
        "mknod", "-m", "0620", root.resolve("a/tty9").toString(), "c", "4", "9").start();
    Process blk = new ProcessBuilder(
        "mknod", "-m", "0660", root.resolve("a/big").toString(), "b", "259", "1048575").start();
    assumeTrue(chr.waitFor() == 0 && blk.waitFor() == 0, "mknod needs CAP_MKNOD");
    Layer l = Layer.importFrom(root);
    assertEquals(Stat.S_IFCHR | 0620, l.entry("a/tty9").node().mode());
    assertEquals(Stat.mkdev(4, 9), l.entry("a/tty9").node().rdev());
    assertEquals(Stat.S_IFBLK | 0660, l.entry("a/big").node().mode());
    assertEquals(Stat.mkdev(259, 1048575), l.entry("a/big").node().rdev());
  }

  @Test
  void refusesNamesTheHostEncodingCannotDecode() throws Exception {
    Path root = tree();
    Process p = new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377')\"")
        .directory(root.resolve("a").toFile()).start();
    assertEquals(0, p.waitFor());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Layer.importFrom(root));
    assertTrue(e.getMessage().contains("not valid in the host's file name encoding"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("a").toString()), e.getMessage());
  }

  @Test
  void refusesSocketsNamingThePath() throws IOException {
    Path root = tree();
    Path sock = root.resolve("a/sock");
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(sock));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Layer.importFrom(root));
      assertTrue(e.getMessage().contains(sock.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("socket"), e.getMessage());
    }
  }

  @Test
  void refusesWhatIsNotADirectory() throws IOException {
    Path f = Files.writeString(tmp.resolve("plain"), "x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Layer.importFrom(f));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Layer.importFrom(tmp.resolve("missing")));
  }
}
