package ovlsim.lowerfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import ovlsim.kernel.Kernel;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.layer.LayerEntry;
import ovlsim.layer.NodeType;
import ovlsim.syscall.ModelSys;
import ovlsim.upperfs.UpperFsType;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Timespec;
import ovlsim.vfs.Vfs;

/**
 * Random layers: every entry is found in the image where the layer put it, and one layer
 * looks the same through the syscall API whether it is a lower-fs image or was written into
 * upper-fs with {@link Layer#applyTo}.
 */
class LowerImagePropertyTest {
  private static final int[] IDS = {0, 0, 1000, 65534};
  private static final String[] TRUSTED = {"trusted.overlay.opaque", "trusted.overlay.whiteout"};

  /**
   * A layer of up to {@code size} entries chosen by {@code seed}: directories, files, symlinks,
   * fifos, devices and hard links, with owners, times and {@code user.}/{@code trusted.} xattrs.
   */
  static Layer randomLayer(long seed, int size) {
    Random r = new Random(seed);
    LayerBuilder b = Layer.builder();
    List<String> dirs = new ArrayList<>(List.of(""));
    List<String> files = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < size; i++) {
      String parent = dirs.get(r.nextInt(dirs.size()));
      String name = Integer.toString(r.nextInt(1000), 36);
      String path = parent.isEmpty() ? name : parent + "/" + name;
      if (!used.add(path)) {
        continue;
      }
      NodeType type;
      switch (r.nextInt(7)) {
        case 0, 1 -> {
          b.dir(path, 0700 | r.nextInt(01000) | (r.nextInt(8) == 0 ? 01000 : 0));
          dirs.add(path);
          type = NodeType.DIRECTORY;
        }
        case 2, 3 -> {
          b.file(path, r.nextInt(010000), "c" + i + "x".repeat(r.nextInt(40)));
          files.add(path);
          type = NodeType.REGULAR;
        }
        case 4 -> {
          b.symlink(path, r.nextBoolean() ? "t" + i : "../" + parent);
          type = NodeType.SYMLINK;
        }
        case 5 -> {
          if (r.nextBoolean()) {
            b.fifo(path, r.nextInt(01000));
            type = NodeType.FIFO;
          } else {
            b.chr(path, r.nextInt(01000), 1 + r.nextInt(10), r.nextInt(256));
            type = NodeType.CHAR_DEVICE;
          }
        }
        default -> {
          if (files.isEmpty()) {
            b.blk(path, 0600, 8, i % 256);
            type = NodeType.BLOCK_DEVICE;
          } else {
            b.hardlink(path, files.get(r.nextInt(files.size())));
            continue;
          }
        }
      }
      if (r.nextInt(4) == 0) {
        b.owner(path, IDS[r.nextInt(IDS.length)], IDS[r.nextInt(IDS.length)]);
      }
      if (r.nextInt(3) == 0) {
        Timespec t = new Timespec(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
        b.times(path, t, t, t);
      }
      if (r.nextInt(5) == 0) {
        b.xattr(path, TRUSTED[r.nextInt(TRUSTED.length)], r.nextBoolean() ? "y" : "");
      }
      if ((type == NodeType.REGULAR || type == NodeType.DIRECTORY) && r.nextInt(4) == 0) {
        b.xattr(path, "user.k" + r.nextInt(3), "v" + i);
      }
    }
    return b.build();
  }

  private static ImageInode resolve(LowerImage img, String path) {
    ImageInode i = img.root();
    for (String c : path.split("/")) {
      i = i.child(c);
      assertNotNull(i, path);
    }
    return i;
  }

  @Property(tries = 200)
  void everyEntryResolvesToItsNode(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int size) {
    Layer layer = randomLayer(seed, size);
    LowerImage img = LowerImage.of(layer);
    Set<Integer> inos = new HashSet<>();
    for (LayerEntry e : layer.entries()) {
      ImageInode i = resolve(img, e.path());
      assertSame(e.node(), i.attrs, e.path());
      inos.add(i.ino);
      if (e.isHardlink()) {
        assertSame(resolve(img, e.linkTo()), i);
      }
      if (e.node().type() == NodeType.DIRECTORY) {
        assertSame(i, i.parent.child(e.name()));
        for (int k = 1; k < i.names.length; k++) {
          assertTrue(i.names[k - 1].compareTo(i.names[k]) < 0, e.path());
        }
        long subdirs = Arrays.stream(i.children).filter(ImageInode::isDir).count();
        assertEquals(2 + subdirs, i.attrs.nlink(), e.path());
      }
    }
    assertEquals(img.inodeCount() - 1, inos.size());
    long distinctNodes =
        layer.entries().stream().filter(e -> !e.isHardlink()).count();
    assertEquals(distinctNodes, inos.size());
  }

  /**
   * The promise that lets a test set up both layers the same way: a layer mounted as a
   * lower-fs image and the same layer written into upper-fs by {@link Layer#applyTo} give the
   * same tree (types, modes, link counts, owners, devices, content, targets, file mtimes,
   * entries with d_type, xattrs).
   */
  @Property(tries = 40)
  void imageAndAppliedLayerLookTheSame(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 150) int size) {
    Layer layer = randomLayer(seed, size);
    Kernel k = new Kernel();
    ModelSys sys = ModelSys.of(k.init());
    Vfs.of(k).registerFilesystem(new UpperFsType());
    Vfs.of(k).registerFilesystem(new LowerFsType());
    Vfs.of(k).mountRoot(UpperFsType.NAME, "none", "");
    assertEquals(0, sys.mkdir("/lower", 0755));
    assertEquals(0, sys.mkdir("/upper", 0755));
    k.attachDevice("/dev/loop0", LowerImage.of(layer));
    assertEquals(0, sys.mount("/dev/loop0", "/lower", LowerFsType.NAME, Fs.MS_RDONLY, ""));
    layer.applyTo(sys, "/upper");
    Map<String, String> lower = TreeSnapshot.of(sys, "/lower");
    assertEquals(layer.size(), lower.size());
    assertEquals(lower, TreeSnapshot.of(sys, "/upper"));
    assertEquals(List.of(), Lockdep.of(k).reports());
    assertEquals(0, k.bugLog().bugs() + k.bugLog().warnings());
  }
}
