package ovlsim.properties.reference;

/** A name of inode {@code ino} of the layer's inode table (every hard link has one). */
public record RefIno(int ino) implements RefEntry {
  @Override
  public String toString() {
    return "ino" + ino;
  }
}
