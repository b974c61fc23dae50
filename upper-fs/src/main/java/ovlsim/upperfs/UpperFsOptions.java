package ovlsim.upperfs;

import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Stat;

/**
 * The mount options of upper-fs, parsed as {@code shmem_parse_options()} does: a comma
 * separated list of {@code size=N[k|m|g|...]} (bytes, rounded up to pages),
 * {@code nr_blocks=N}, {@code nr_inodes=N}, {@code mode=OCTAL} (the root directory's mode),
 * {@code uid=N}, {@code gid=N}. Anything else, or a bad value, is EINVAL.
 *
 * @param maxBlocks the size limit in pages, 0 = unlimited
 * @param maxInodes the inode limit, 0 = unlimited
 * @param mode the root directory's permission bits
 * @param uid the root directory's owner
 * @param gid the root directory's group
 */
record UpperFsOptions(
    long maxBlocks, long maxInodes, int mode, int uid, int gid, boolean jffs2) {

  /**
   * Port of {@code shmem_parse_options()}: {@code base} holds the defaults (or the current
   * values on remount); with {@code remount} the owner and mode options are ignored.
   * Differs: {@code size=N%} (a share of RAM) and {@code mpol=} are not modelled: EINVAL.
   */
  static UpperFsOptions parse(String data, UpperFsOptions base, boolean remount) {
    long maxBlocks = base.maxBlocks;
    long maxInodes = base.maxInodes;
    int mode = base.mode;
    int uid = base.uid;
    int gid = base.gid;
    boolean jffs2 = base.jffs2;
    if (data == null) {
      return base;
    }
    for (String option : data.split(",", -1)) {
      if (option.isEmpty()) {
        continue;
      }
      if (option.equals("jffs2")) {
        // Model-only: jffs2's per-inode f->sem (see UpperInode#fSem); not changed by remount.
        if (!remount) {
          jffs2 = true;
        }
        continue;
      }
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw new KernelError(Errno.EINVAL, "upperfs: no value for mount option '" + option + "'");
      }
      String name = option.substring(0, eq);
      String value = option.substring(eq + 1);
      switch (name) {
        case "size" -> {
          long size = memparse(value);
          maxBlocks = size / Fs.PAGE_SIZE + (size % Fs.PAGE_SIZE != 0 ? 1 : 0);
        }
        case "nr_blocks" -> maxBlocks = memparse(value);
        case "nr_inodes" -> maxInodes = memparse(value);
        case "mode" -> {
          if (!remount) {
            mode = (int) strtoul(value, 8) & Stat.S_IALLUGO;
          }
        }
        case "uid" -> {
          if (!remount) {
            uid = (int) strtoul(value, 0);
          }
        }
        case "gid" -> {
          if (!remount) {
            gid = (int) strtoul(value, 0);
          }
        }
        default -> throw new KernelError(Errno.EINVAL, "upperfs: bad mount option '" + name + "'");
      }
    }
    return new UpperFsOptions(maxBlocks, maxInodes, mode, uid, gid, jffs2);
  }

  /** Port of {@code memparse()}: a number with an optional K/M/G/T/P/E suffix; EINVAL else. */
  static long memparse(String value) {
    int end = value.length();
    int shift = 0;
    if (end > 0) {
      shift =
          switch (Character.toLowerCase(value.charAt(end - 1))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            default -> 0;
          };
    }
    long n = strtoul(shift == 0 ? value : value.substring(0, end - 1), 0);
    if (shift != 0 && n > (Long.MAX_VALUE >>> shift)) {
      throw new KernelError(Errno.EINVAL, "upperfs: value too large: " + value);
    }
    return n << shift;
  }

  /**
   * Port of {@code simple_strtoul()} where the caller rejects trailing characters: base 0 takes
   * {@code 0x} as hex and a leading {@code 0} as octal. EINVAL for anything but digits.
   */
  static long strtoul(String s, int base) {
    int radix = base;
    String digits = s;
    if (base == 0) {
      if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
        radix = 16;
        digits = s.substring(2);
      } else if (s.length() > 1 && s.startsWith("0")) {
        radix = 8;
        digits = s.substring(1);
      } else {
        radix = 10;
      }
    }
    if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
      throw new KernelError(Errno.EINVAL, "upperfs: bad number '" + s + "'");
    }
    long v;
    try {
      v = Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new KernelError(Errno.EINVAL, "upperfs: bad number '" + s + "'");
    }
    if (v < 0) {
      throw new KernelError(Errno.EINVAL, "upperfs: value too large: " + s);
    }
    return v;
  }
}
