package ovlsim.vfs.libfs;

import java.util.Objects;
import ovlsim.vfs.FileOperations;

/**
 * Port of {@code struct tree_descr}: one regular file {@link Libfs#simpleFillSuper} creates in
 * the root of a new superblock.
 *
 * @param name the file's name in the root directory
 * @param ops its file operations ({@code i_fop})
 * @param mode its permission bits ({@code S_IFREG} is added)
 */
public record TreeDescr(String name, FileOperations ops, int mode) {
  /** Checks the name and the operations, which the C assumes. */
  public TreeDescr {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ops, "ops");
  }
}
