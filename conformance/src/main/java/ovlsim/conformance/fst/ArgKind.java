package ovlsim.conformance.fst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovlsim.vfs.Stat;

/**
 * The kinds of operands an op takes, and how each is read from its word. A bad word throws
 * {@link IllegalArgumentException} with a message fit for a {@link FstSyntaxException}.
 */
enum ArgKind {
  /**
   * A path, as written (quotes allow blanks; {@code ""} is the empty path). It starts in the
   * line's layer or mount directory and must stay beneath it: an absolute path, a {@code ..}
   * that climbs above the start, and a NUL are refused ({@link ScriptPaths#check}).
   */
  PATH("PATH"),
  /** Data: file content, an xattr value. Any bytes, NUL included. */
  STRING("STRING"),
  /**
   * A name the kernel reads as a C string: a symlink target, an xattr name. A NUL would end it
   * early on the kernel, so it is refused; a target is data, and may be absolute.
   */
  NAME("NAME"),
  /** Permission bits in octal ({@code 0644} or {@code 644}), at most {@code 07777}. */
  MODE("MODE"),
  /** open(2) flags: names joined by {@code ,} ({@code O_WRONLY,O_CREAT}). */
  FLAGS("FLAGS"),
  /** The index of an fd opened earlier on the same line (0 is the first {@code open}). */
  FD("FD"),
  /** A decimal signed 64-bit number: a length, an offset, seconds. */
  NUMBER("NUMBER"),
  /** A byte count for read/pread: 0 to {@value ArgKind#MAX_COUNT}. */
  COUNT("COUNT"),
  /** A user or group id in decimal; -1 means "unchanged" for chown. */
  ID("ID"),
  /**
   * The file type of mknod, as pjdfstest spells it: {@code b} (block device), {@code c}
   * (character device), {@code f} (FIFO), {@code o} (regular file), {@code d} (directory), or
   * the {@code S_IFMT} bits in octal for a type no letter names ({@code 0110000}), to see how a
   * kernel refuses one. Parsed into the type bits.
   */
  DEVTYPE("b|c|f|o|d|IFMT"),
  /** A device major or minor number. */
  DEVNUM("NUM"),
  /** stat fields joined by {@code ,}. */
  STAT_FIELDS("FIELDS"),
  /** statfs fields joined by {@code ,}. */
  STATFS_FIELDS("FIELDS"),
  /** {@code XATTR_CREATE}, {@code XATTR_REPLACE} or {@code 0}. */
  XATTR_FLAGS("XATTR_CREATE|XATTR_REPLACE");

  /** The largest read a line may ask for. */
  static final int MAX_COUNT = 1 << 20;

  static final int XATTR_CREATE = 1;
  static final int XATTR_REPLACE = 2;

  private final String placeholder;

  ArgKind(String placeholder) {
    this.placeholder = placeholder;
  }

  /** How usage messages name an operand of this kind. */
  String placeholder() {
    return placeholder;
  }

  /** The value of {@code word} as an operand of this kind. */
  Object parse(String word) {
    return switch (this) {
      case PATH -> ScriptPaths.check(word);
      case STRING -> word;
      case NAME -> {
        if (word.indexOf('\0') >= 0) {
          throw new IllegalArgumentException(
              "a NUL (\\0) in " + Tokenizer.quote(word) + ": the kernel would read the name"
                  + " only up to it");
        }
        yield word;
      }
      case MODE -> {
        int m = parseInt(word, 8, "mode (octal)");
        if (m < 0 || (m & ~07777) != 0) {
          throw new IllegalArgumentException("mode " + word + " is not within 0 and 07777");
        }
        yield m;
      }
      case FLAGS -> OpenFlags.parse(word);
      case FD -> {
        int i = parseInt(word, 10, "fd index");
        if (i < 0) {
          throw new IllegalArgumentException("fd index " + word + " is negative");
        }
        yield i;
      }
      case NUMBER -> parseLong(word, "number");
      case COUNT -> {
        int c = parseInt(word, 10, "count");
        if (c < 0 || c > MAX_COUNT) {
          throw new IllegalArgumentException(
              "count " + word + " is not within 0 and " + MAX_COUNT);
        }
        yield c;
      }
      case ID -> {
        int id = parseInt(word, 10, "id");
        if (id < -1) {
          throw new IllegalArgumentException("id " + word + " is below -1");
        }
        yield id;
      }
      case DEVTYPE -> switch (word) {
        case "b" -> Stat.S_IFBLK;
        case "c" -> Stat.S_IFCHR;
        case "f" -> Stat.S_IFIFO;
        case "o" -> Stat.S_IFREG;
        case "d" -> Stat.S_IFDIR;
        default -> {
          if (!word.startsWith("0")) {
            throw new IllegalArgumentException(
                "file type must be b, c, f, o, d or S_IFMT bits in octal, not '" + word + "'");
          }
          int t = parseInt(word, 8, "file type (octal)");
          if ((t & ~Stat.S_IFMT) != 0) {
            throw new IllegalArgumentException(
                "file type " + word + " has bits outside S_IFMT (0170000)");
          }
          yield t;
        }
      };
      case DEVNUM -> {
        int d = parseInt(word, 10, "device number");
        if (d < 0) {
          throw new IllegalArgumentException("device number " + word + " is negative");
        }
        yield d;
      }
      case STAT_FIELDS -> fields(word, StatField.class);
      case STATFS_FIELDS -> fields(word, StatfsField.class);
      case XATTR_FLAGS -> switch (word) {
        case "0" -> 0;
        case "XATTR_CREATE" -> XATTR_CREATE;
        case "XATTR_REPLACE" -> XATTR_REPLACE;
        default -> throw new IllegalArgumentException(
            "xattr flag must be XATTR_CREATE, XATTR_REPLACE or 0, not '" + word + "'");
      };
    };
  }

  private static <E extends Enum<E>> List<E> fields(String word, Class<E> type) {
    List<E> out = new ArrayList<>();
    for (String f : word.split(",", -1)) {
      E found = null;
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(f)) {
          found = e;
        }
      }
      if (found == null) {
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
          known.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(
            "unknown field '" + f + "' (known: " + String.join(",", known) + ")");
      }
      out.add(found);
    }
    return List.copyOf(out);
  }

  static int parseInt(String word, int radix, String what) {
    try {
      return Integer.parseInt(word, radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + " '" + word + "'");
    }
  }

  static long parseLong(String word, String what) {
    try {
      return Long.parseLong(word);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + " '" + word + "'");
    }
  }
}
