package ovlsim.properties.reference;

import java.util.List;
import java.util.Objects;

/**
 * One operation of a workload, run as root with umask 0 in the mount's root directory. Paths
 * are relative and made of plain names ({@code a/b}); {@link #toString} prints the operation as
 * an fstest line's op ({@code mkdir a/b 0755}).
 */
public sealed interface Op {
  /** The relative paths the operation names. */
  List<String> paths();

  /** {@code open(path, O_CREAT|O_EXCL|O_WRONLY, mode)}, then {@code close}. */
  record Create(String path, int mode) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "create " + path + " " + oct(mode);
    }
  }

  /** {@code mkdir(path, mode)}. */
  record Mkdir(String path, int mode) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "mkdir " + path + " " + oct(mode);
    }
  }

  /** {@code open(path, O_WRONLY)}, {@code pwrite(data, offset)}, {@code close}: a copy-up. */
  record Write(String path, long offset, String data) implements Op {
    public Write {
      Objects.requireNonNull(data);
    }

    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "open " + path + " O_WRONLY : pwrite 0 \"" + data + "\" " + offset + " : close 0";
    }
  }

  /** {@code truncate(path, length)}. */
  record Truncate(String path, long length) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "truncate " + path + " " + length;
    }
  }

  /** {@code chmod(path, mode)}. */
  record Chmod(String path, int mode) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "chmod " + path + " " + oct(mode);
    }
  }

  /** {@code link(oldpath, newpath)}. */
  record Link(String oldpath, String newpath) implements Op {
    public List<String> paths() {
      return List.of(oldpath, newpath);
    }

    public String toString() {
      return "link " + oldpath + " " + newpath;
    }
  }

  /** {@code symlink(target, path)}. */
  record Symlink(String target, String path) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "symlink " + target + " " + path;
    }
  }

  /** {@code unlink(path)}. */
  record Unlink(String path) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "unlink " + path;
    }
  }

  /** {@code rmdir(path)}. */
  record Rmdir(String path) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "rmdir " + path;
    }
  }

  /** {@code rename(oldpath, newpath)}. */
  record Rename(String oldpath, String newpath) implements Op {
    public List<String> paths() {
      return List.of(oldpath, newpath);
    }

    public String toString() {
      return "rename " + oldpath + " " + newpath;
    }
  }

  /** {@code setxattr(path, name, value, flags)} (follows symlinks). */
  record Setxattr(String path, String name, String value, int flags) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      String f = switch (flags) {
        case 0 -> "";
        case XATTR_CREATE -> " XATTR_CREATE";
        case XATTR_REPLACE -> " XATTR_REPLACE";
        default -> " " + flags;
      };
      return "setxattr " + path + " " + name + " " + value + f;
    }
  }

  /** {@code open(path, O_RDONLY|O_DIRECTORY)}, {@code getdents64}, {@code close}. */
  record Readdir(String path) implements Op {
    public List<String> paths() {
      return List.of(path);
    }

    public String toString() {
      return "readdir " + path;
    }
  }

  /** {@code XATTR_CREATE} of {@code <linux/xattr.h>}. */
  int XATTR_CREATE = 1;

  /** {@code XATTR_REPLACE} of {@code <linux/xattr.h>}. */
  int XATTR_REPLACE = 2;

  private static String oct(int mode) {
    return String.format("0%03o", mode);
  }
}
