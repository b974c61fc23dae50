package ovlsim.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.Script;

/**
 * Finds, reads and parses the {@code .fst} scripts named on a command line or by a test. Every
 * file is found and read before anything runs: a path that names nothing, a FIFO or device, a
 * directory or file the user may not read, or a file that is not UTF-8 is a {@link
 * BadPathException} naming the path and the reason. A script that reads but does not parse is
 * not an exception: it is an {@link Item} carrying its {@link FstSyntaxException}, so a run
 * reports it and goes on with the others.
 */
public final class Scripts {
  /** The largest script read: far beyond any real one, small enough to hold in memory. */
  public static final long MAX_SIZE = 16L << 20;

  private Scripts() {}

  /**
   * A user mistake in naming scripts, found before anything runs. The message is one line
   * naming the path and the reason.
   */
  public static final class BadPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPathException(String message) {
      super(message);
    }
  }

  /** A script file's text, read and decoded. */
  public record Source(Path path, String text) {}

  /**
   * One script of a run, in the order given: parsed, or the syntax error that stopped it.
   *
   * @param name the script's name (its path as given)
   * @param script the parsed script, or {@code null}
   * @param error the first line that does not parse, or {@code null}
   */
  public record Item(String name, Script script, FstSyntaxException error) {}

  /**
   * The script files {@code paths} name: a file as it is, a directory as every {@code *.fst}
   * below it, sorted by path.
   *
   * @throws BadPathException for an empty path, a path that does not exist or cannot be
   *     reached, something that is neither a regular file nor a directory, a directory that
   *     cannot be read, or a directory without scripts
   */
  public static List<Path> find(List<Path> paths) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (p.toString().isEmpty()) {
        throw new BadPathException("an empty path names no script (use . for this directory)");
      }
      BasicFileAttributes a = attributes(p);
      if (a.isDirectory()) {
        List<Path> found = walk(p);
        if (found.isEmpty()) {
          throw new BadPathException(p + ": no .fst scripts in this directory");
        }
        out.addAll(found);
      } else if (a.isRegularFile()) {
        out.add(p);
      } else {
        throw new BadPathException(p + ": not a regular file (" + kind(p) + ")");
      }
    }
    return out;
  }

  /** Every {@code *.fst} below {@code dir}, sorted; a directory it cannot read is an error. */
  private static List<Path> walk(Path dir) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!Files.isReadable(d) || !Files.isExecutable(d)) {
            throw new BadPathException(d + ": cannot read this directory: permission denied");
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (f.getFileName().toString().endsWith(".fst")) {
            if (attrs.isSymbolicLink()) {
              // A symbolic link to a script is the script; to anything else, a mistake.
              BasicFileAttributes t = attributes(f);
              if (!t.isRegularFile()) {
                throw new BadPathException(f + ": not a regular file (" + kind(f) + ")");
              }
            } else if (!attrs.isRegularFile()) {
              throw new BadPathException(f + ": not a regular file (" + kind(f) + ")");
            }
            found.add(f);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          throw new BadPathException(f + ": " + reason(e));
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) {
          if (e != null) {
            throw new BadPathException(d + ": cannot read this directory: " + reason(e));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new BadPathException(dir + ": " + reason(e));
    }
    found.sort(null);
    return found;
  }

  private static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class);
    } catch (IOException e) {
      if (e instanceof NoSuchFileException && Files.isSymbolicLink(p)) {
        throw new BadPathException(p + ": a symbolic link to nothing");
      }
      throw new BadPathException(p + ": " + reason(e));
    }
  }

  /** What {@code p} is, for a message: {@code a FIFO}, {@code a character device}, ... */
  private static String kind(Path p) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode");
      return switch (mode & 0170000) {
        case 0010000 -> "a FIFO";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        case 0040000 -> "a directory";
        default -> "file type 0" + Integer.toOctalString(mode & 0170000);
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "not a file or directory";
    }
  }

  /** An I/O failure as the user's words: {@code no such file or directory}, ... */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * The text of every file, as UTF-8.
   *
   * @throws BadPathException for a file that cannot be read, is larger than {@link #MAX_SIZE},
   *     or is not UTF-8 (naming the offset of the first byte that is not)
   */
  public static List<Source> read(List<Path> files) {
    List<Source> out = new ArrayList<>();
    for (Path f : files) {
      out.add(new Source(f, readOne(f)));
    }
    return out;
  }

  private static String readOne(Path f) {
    BasicFileAttributes a = attributes(f);
    if (!a.isRegularFile()) {
      throw new BadPathException(f + ": not a regular file (" + kind(f) + ")");
    }
    if (a.size() > MAX_SIZE) {
      throw new BadPathException(f + ": too large for a script (" + a.size()
          + " bytes; at most " + MAX_SIZE + ")");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new BadPathException(f + ": cannot read: " + reason(e));
    } catch (OutOfMemoryError e) {
      throw new BadPathException(f + ": too large to read");
    }
    if (bytes.length > MAX_SIZE) {
      throw new BadPathException(f + ": too large for a script (at most " + MAX_SIZE
          + " bytes)");
    }
    return decode(f, bytes);
  }

  /** {@code bytes} as UTF-8; the offset of the first byte that is not, in the error. */
  static String decode(Path f, byte[] bytes) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = d.decode(in, out, true);
    if (!r.isError()) {
      r = d.flush(out);
    }
    if (r.isError()) {
      throw new BadPathException(f + ": not UTF-8 at byte " + in.position()
          + " (a binary file? scripts are UTF-8 text)");
    }
    out.flip();
    return out.toString();
  }

  /**
   * Finds and reads every script {@code paths} name, then parses each.
   *
   * @throws BadPathException as {@link #find} and {@link #read} do, before parsing any
   */
  public static List<Item> load(List<Path> paths) {
    return parse(read(find(paths)));
  }

  /** Parses every source, in order; a source that does not parse is an item with its error. */
  public static List<Item> parse(List<Source> sources) {
    List<Item> items = new ArrayList<>();
    for (Source s : sources) {
      String name = s.path().toString();
      try {
        items.add(new Item(name, FstParser.parse(name, s.text()), null));
      } catch (FstSyntaxException e) {
        items.add(new Item(name, null, e));
      }
    }
    return items;
  }
}
