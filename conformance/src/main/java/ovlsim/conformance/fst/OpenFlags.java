package ovlsim.conformance.fst;

import java.util.LinkedHashMap;
import java.util.Map;

/** open(2) flag names and their Linux values (x86-64 and the generic ABI agree on these). */
final class OpenFlags {
  static final int O_ACCMODE = 03;
  static final int O_RDONLY = 0;
  static final int O_CREAT = 0100;
  static final int O_DIRECTORY = 0200000;

  private static final Map<String, Integer> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("O_RDONLY", O_RDONLY);
    FLAGS.put("O_WRONLY", 01);
    FLAGS.put("O_RDWR", 02);
    FLAGS.put("O_CREAT", O_CREAT);
    FLAGS.put("O_EXCL", 0200);
    FLAGS.put("O_NOCTTY", 0400);
    FLAGS.put("O_TRUNC", 01000);
    FLAGS.put("O_APPEND", 02000);
    FLAGS.put("O_NONBLOCK", 04000);
    FLAGS.put("O_DSYNC", 010000);
    FLAGS.put("O_DIRECT", 040000);
    FLAGS.put("O_LARGEFILE", 0100000);
    FLAGS.put("O_DIRECTORY", O_DIRECTORY);
    FLAGS.put("O_NOFOLLOW", 0400000);
    FLAGS.put("O_NOATIME", 01000000);
    FLAGS.put("O_CLOEXEC", 02000000);
    FLAGS.put("O_SYNC", 04010000);
  }

  private OpenFlags() {}

  /** The flags named in {@code word} ({@code O_WRONLY,O_CREAT}), or'ed. */
  static int parse(String word) {
    int flags = 0;
    for (String name : word.split(",", -1)) {
      Integer v = FLAGS.get(name);
      if (v == null) {
        throw new IllegalArgumentException(
            "unknown open flag '" + name + "' (known: " + String.join(",", FLAGS.keySet()) + ")");
      }
      flags |= v;
    }
    return flags;
  }
}
