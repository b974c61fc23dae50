package ovlsim.benchmarks;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import ovlsim.layer.Layer;
import ovlsim.layer.LayerBuilder;
import ovlsim.layer.LayerEntry;

/**
 * The tree every benchmark uses: {@value #ENTRIES} entries, directories {@code dI/eJ/fK} (10
 * of each) with 8 files {@code fileN} in each leaf, and the rest as files {@code rN} in the
 * root, so a lookup of {@link #LEAF} walks 4 components below the mount point.
 */
final class Trees {
  private Trees() {}

  /** How many entries the tree has below its root. */
  static final int ENTRIES = 10_000;

  /** A file four levels down: with the mount point in front, a 5-component path. */
  static final String LEAF = "d3/e4/f5/file6";

  /** The layer of the benchmark tree. */
  static Layer layer() {
    LayerBuilder b = Layer.builder();
    int n = 0;
    for (int i = 0; i < 10; i++) {
      String d = "d" + i;
      b.dir(d, 0755);
      n++;
      for (int j = 0; j < 10; j++) {
        String e = d + "/e" + j;
        b.dir(e, 0755);
        n++;
        for (int k = 0; k < 10; k++) {
          String f = e + "/f" + k;
          b.dir(f, 0755);
          n++;
          for (int m = 0; m < 8; m++) {
            b.file(f + "/file" + m, 0644, "x");
            n++;
          }
        }
      }
    }
    for (int r = 0; n < ENTRIES; r++, n++) {
      b.file("r" + r, 0644, "y");
    }
    return b.build();
  }

  /** Writes {@code layer}'s directories and files under {@code dir} of a java.nio filesystem. */
  static void writeTo(Layer layer, FileSystem fs, String dir) throws IOException {
    Path root = Files.createDirectories(fs.getPath(dir));
    for (LayerEntry e : layer.entries()) {
      Path p = root.resolve(e.path());
      switch (e.node().type()) {
        case DIRECTORY -> Files.createDirectory(p);
        case REGULAR -> Files.write(p, e.node().content());
        default -> throw new IllegalArgumentException("benchmark trees hold dirs and files: " + e);
      }
    }
  }
}
