package ovlsim.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

class LayerBuilderTest {
  private static Layer sample() {
    return Layer.builder()
        .dir("a", 0755)
        .file("a/foo", 0644, "content")
        .symlink("a/l", "../x")
        .fifo("a/p", 0600)
        .chr("a/null", 0666, 1, 3)
        .blk("a/sda", 0660, 8, 0)
        .hardlink("a/bar", "a/foo")
        .dir("a/sub", 0700)
        .owner("a/foo", 1000, 100)
        .times("a/foo", new Timespec(10, 1), new Timespec(20, 2), new Timespec(30, 3))
        .xattr("a/foo", "user.k", "v")
        .xattr("a/l", "trusted.overlay.opaque", "y")
        .build();
  }

  @Test
  void entriesKeepOrderTypesAndModes() {
    Layer l = sample();
    assertEquals(
        List.of("a", "a/foo", "a/l", "a/p", "a/null", "a/sda", "a/bar", "a/sub"),
        l.entries().stream().map(LayerEntry::path).toList());
    assertEquals(Stat.S_IFDIR | 0755, l.entry("a").node().mode());
    assertEquals(Stat.S_IFREG | 0644, l.entry("a/foo").node().mode());
    assertEquals(Stat.S_IFLNK | 0777, l.entry("a/l").node().mode());
    assertEquals("../x", l.entry("a/l").node().target());
    assertEquals(4, l.entry("a/l").node().contentLength());
    assertEquals(Stat.S_IFIFO | 0600, l.entry("a/p").node().mode());
    assertEquals(Stat.S_IFCHR | 0666, l.entry("a/null").node().mode());
    assertEquals(Stat.mkdev(1, 3), l.entry("a/null").node().rdev());
    assertEquals(Stat.mkdev(8, 0), l.entry("/a/sda").node().rdev());
    assertEquals("content", new String(l.entry("a/foo").node().content(), StandardCharsets.UTF_8));
    assertNull(l.entry("a/nope"));
  }

  @Test
  void hardLinksShareOneNodeAndCountLinks() {
    Layer l = sample();
    LayerEntry bar = l.entry("a/bar");
    assertTrue(bar.isHardlink());
    assertEquals("a/foo", bar.linkTo());
    assertSame(l.entry("a/foo").node(), bar.node());
    assertEquals(2, bar.node().nlink());
    assertEquals(1000, bar.node().uid());
    assertEquals(100, bar.node().gid());
    assertFalse(l.entry("a/foo").isHardlink());
  }

  @Test
  void directoryLinkCountIsTwoPlusSubdirectories() {
    Layer l = sample();
    assertEquals(3, l.root().nlink());
    assertEquals(3, l.entry("a").node().nlink());
    assertEquals(2, l.entry("a/sub").node().nlink());
  }

  @Test
  void ownersTimesAndXattrsDefaultAndOverride() {
    Layer l = sample();
    LayerNode dir = l.entry("a").node();
    assertEquals(0, dir.uid());
    assertEquals(0, dir.gid());
    assertEquals(Layer.DEFAULT_TIME, dir.mtime());
    LayerNode foo = l.entry("a/foo").node();
    assertEquals(new Timespec(10, 1), foo.atime());
    assertEquals(new Timespec(20, 2), foo.mtime());
    assertEquals(new Timespec(30, 3), foo.ctime());
    assertEquals(List.of("user.k"), foo.xattrNames());
    assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), foo.xattr("user.k"));
    assertEquals(1, foo.xattrLength("user.k"));
    assertEquals(-1, foo.xattrLength("user.none"));
    assertEquals(List.of("trusted.overlay.opaque"), l.entry("a/l").node().xattrNames());
  }

  @Test
  void rootIsExplicitOnlyWhenTouched() {
    assertFalse(Layer.builder().dir("a", 0755).build().rootSet());
    Layer l = Layer.builder().root(0700).build();
    assertTrue(l.rootSet());
    assertEquals(Stat.S_IFDIR | 0700, l.root().mode());
    assertTrue(Layer.builder().xattr("", "trusted.overlay.opaque", "y").build().rootSet());
  }

  @Test
  void contentAndXattrValuesAreCopied() {
    byte[] content = {1, 2, 3};
    byte[] value = {4};
    LayerBuilder b = Layer.builder().file("f", 0644, content).xattr("f", "user.v", value);
    content[0] = 9;
    value[0] = 9;
    Layer l = b.build();
    LayerNode f = l.entry("f").node();
    assertArrayEquals(new byte[] {1, 2, 3}, f.content());
    f.content()[0] = 7;
    assertArrayEquals(new byte[] {1, 2, 3}, f.content());
    assertArrayEquals(new byte[] {4}, f.xattr("user.v"));
  }

  @Test
  void readContentCopiesARange() {
    LayerNode f = Layer.builder().file("f", 0644, "abcdef").build().entry("f").node();
    byte[] buf = new byte[4];
    assertEquals(4, f.readContent(1, buf, 0, 4));
    assertEquals("bcde", new String(buf, StandardCharsets.UTF_8));
    assertEquals(1, f.readContent(5, buf, 0, 4));
    assertEquals(0, f.readContent(6, buf, 0, 4));
    assertEquals(0, f.readContent(100, buf, 0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> f.readContent(0, buf, 2, 4));
  }

  @Test
  void buildingTwiceGivesEqualIndependentLayers() {
    LayerBuilder b = Layer.builder().dir("a", 0755);
    Layer first = b.build();
    b.file("a/x", 0644);
    Layer second = b.build();
    assertEquals(1, first.size());
    assertEquals(2, second.size());
    assertEquals(2, first.entry("a").node().nlink());
  }

  @Test
  void refusesMissingParentDuplicatesAndBadNames() {
    assertMessage("parent directory a is not in the layer", () -> Layer.builder().file("a/x", 0644));
    assertMessage("a: already in the layer", () -> Layer.builder().dir("a", 0755).dir("a", 0755));
    assertMessage(
        "parent a is not a directory", () -> Layer.builder().file("a", 0644).file("a/x", 0644));
    assertMessage("bad path", () -> Layer.builder().dir("a/../b", 0755));
    assertMessage("bad path", () -> Layer.builder().dir("a//b", 0755));
    assertMessage("bad path", () -> Layer.builder().dir("./a", 0755));
    assertMessage("NAME_MAX", () -> Layer.builder().dir("x".repeat(256), 0755));
    assertMessage("root already exists", () -> Layer.builder().dir("/", 0755));
    assertMessage("bits beyond 07777", () -> Layer.builder().file("f", 0100644));
  }

  @Test
  void refusesBadLinksAndXattrs() {
    assertMessage("is a directory", () -> Layer.builder().dir("d", 0755).hardlink("h", "d"));
    assertMessage("no such entry", () -> Layer.builder().hardlink("h", "nope"));
    assertMessage("non-empty", () -> Layer.builder().symlink("s", ""));
    assertMessage(
        "only user.*, trusted.* and security.*",
        () -> Layer.builder().file("f", 0644).xattr("f", "system.posix_acl_access", "x"));
    assertMessage(
        "only user.*, trusted.* and security.*",
        () -> Layer.builder().file("f", 0644).xattr("f", "user.", "x"));
    assertMessage(
        "only go on regular files and directories",
        () -> Layer.builder().symlink("s", "t").xattr("s", "user.k", "v"));
    assertMessage(
        "XATTR_SIZE_MAX",
        () -> Layer.builder().file("f", 0644).xattr("f", "user.k", new byte[65537]));
    assertMessage("not in the layer", () -> Layer.builder().owner("nope", 0, 0));
    assertMessage("device", () -> Layer.builder().chr("c", 0600, 4096, 0));
    assertMessage("a symlink's mode is fixed", () -> Layer.builder().symlink("s", "t").chmod("s", 0700));
  }

  @Test
  void tenThousandEntriesBuild() {
    LayerBuilder b = Layer.builder();
    for (int i = 0; i < 100; i++) {
      b.dir("d" + i, 0755);
      for (int j = 0; j < 99; j++) {
        b.file("d" + i + "/f" + j, 0644, "x");
      }
    }
    Layer l = b.build();
    assertEquals(10_000, l.size());
    assertEquals("d42/f7", l.entry("d42/f7").path());
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable ex) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
    assertTrue(e.getMessage().contains(part), () -> "message: " + e.getMessage());
  }
}
