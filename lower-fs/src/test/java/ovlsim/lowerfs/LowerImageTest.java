package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;

class LowerImageTest {
  @Test
  void numbersInodesInLayerOrderAndSortsEntries() {
    LowerImage img =
        LowerImage.of(
            Layer.builder()
                .dir("b", 0755)
                .file("b/z", 0644, "zz")
                .file("b/a", 0644, "a")
                .dir("a", 0755)
                .build());
    ImageInode root = img.root();
    assertEquals(1, root.ino);
    assertSame(root, root.parent);
    assertArrayEquals(new String[] {"a", "b"}, root.names);
    ImageInode b = root.child("b");
    assertEquals(2, b.ino);
    assertArrayEquals(new String[] {"a", "z"}, b.names);
    assertEquals(4, b.child("a").ino);
    assertEquals(3, b.child("z").ino);
    assertSame(root, b.parent);
    assertNull(b.child("nope"));
    assertNull(b.child("z").child("x"));
    assertEquals(5, img.inodeCount());
  }

  @Test
  void hardLinksAreOneInode() {
    LowerImage img =
        LowerImage.of(Layer.builder().file("f", 0644, "x").hardlink("g", "f").build());
    assertSame(img.root().child("f"), img.root().child("g"));
    assertEquals(2, img.inodeCount());
    assertEquals(2, img.root().child("g").attrs.nlink());
  }

  @Test
  void sizesFollowTheSquashfsLayout() {
    LowerImage img =
        LowerImage.of(
            Layer.builder().dir("d", 0755).file("d/abc", 0644, "hello").symlink("s", "d/abc")
                .build());
    ImageInode root = img.root();
    assertEquals(3 + 12 + (8 + 1) + (8 + 1), root.size);
    assertEquals(3 + 12 + 8 + 3, root.child("d").size);
    assertEquals(5, root.child("d").child("abc").size);
    assertEquals(5, root.child("s").size);
    assertEquals(3, LowerImage.of(Layer.builder().build()).root().size);
  }

  @Test
  void bytesUsedGrowsWithContent() {
    long small = LowerImage.of(Layer.builder().file("f", 0644, "x").build()).bytesUsed();
    long big = LowerImage.of(Layer.builder().file("f", 0644, new byte[300_000]).build()).bytesUsed();
    assertEquals(300_000 - 1, big - small);
  }

  @Test
  void buildsATenThousandEntryImage() {
    LayerBuilder b = Layer.builder();
    for (int i = 0; i < 10; i++) {
      b.dir("d" + i, 0755);
      for (int j = 0; j < 10; j++) {
        b.dir("d" + i + "/e" + j, 0755);
        for (int k = 0; k < 98; k++) {
          b.file("d" + i + "/e" + j + "/f" + k, 0644, "x");
        }
      }
    }
    Layer layer = b.build();
    assertEquals(10 + 100 + 9800, layer.size());
    LowerImage img = LowerImage.of(layer);
    assertEquals(layer.size() + 1, img.inodeCount());
    assertEquals(98, img.root().child("d7").child("e3").names.length);
  }
}
