package ovlsim.syscall;

import java.util.Objects;

/** One {@code struct linux_dirent64} as {@code getdents64(2)} returns it. */
public record Dirent(long ino, long off, int type, String name) {
  /** Checks the name. */
  public Dirent {
    Objects.requireNonNull(name, "name");
  }
}
