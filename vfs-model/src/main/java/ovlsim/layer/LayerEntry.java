package ovlsim.layer;

import java.util.Objects;

/**
 * One name in a {@link Layer}: its path relative to the layer's root ({@code "a/foo"}), the
 * node it names, and, when the name is a hard link to a node an earlier entry named first,
 * that first path ({@code null} otherwise).
 */
public record LayerEntry(String path, LayerNode node, String linkTo) {
  /** Checks the path and the node ({@code linkTo} may be null). */
  public LayerEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(node, "node");
  }

  /** Is this name a hard link to an earlier entry's node. */
  public boolean isHardlink() {
    return linkTo != null;
  }

  /** The last component of the path. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parent's path, {@code ""} for an entry in the root. */
  public String parent() {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }
}
