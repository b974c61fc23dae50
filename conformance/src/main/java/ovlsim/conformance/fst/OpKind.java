package ovlsim.conformance.fst;

import static ovlsim.conformance.fst.ArgKind.COUNT;
import static ovlsim.conformance.fst.ArgKind.DEVNUM;
import static ovlsim.conformance.fst.ArgKind.DEVTYPE;
import static ovlsim.conformance.fst.ArgKind.FD;
import static ovlsim.conformance.fst.ArgKind.FLAGS;
import static ovlsim.conformance.fst.ArgKind.ID;
import static ovlsim.conformance.fst.ArgKind.MODE;
import static ovlsim.conformance.fst.ArgKind.NAME;
import static ovlsim.conformance.fst.ArgKind.NUMBER;
import static ovlsim.conformance.fst.ArgKind.PATH;
import static ovlsim.conformance.fst.ArgKind.STATFS_FIELDS;
import static ovlsim.conformance.fst.ArgKind.STAT_FIELDS;
import static ovlsim.conformance.fst.ArgKind.STRING;
import static ovlsim.conformance.fst.ArgKind.XATTR_FLAGS;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every op a script line may run, with its operands. The first group is pjdfstest's; the
 * second ovlsim's additions. What each prints is in {@link LineExecutor}.
 */
public enum OpKind {
  OPEN(List.of(PATH, FLAGS), List.of(MODE)),
  CREATE(List.of(PATH, MODE), List.of(STRING)),
  UNLINK(List.of(PATH), List.of()),
  MKDIR(List.of(PATH, MODE), List.of()),
  RMDIR(List.of(PATH), List.of()),
  LINK(List.of(PATH, PATH), List.of()),
  SYMLINK(List.of(NAME, PATH), List.of()),
  RENAME(List.of(PATH, PATH), List.of()),
  MKFIFO(List.of(PATH, MODE), List.of()),
  MKNOD(List.of(PATH, DEVTYPE, MODE, DEVNUM, DEVNUM), List.of()),
  CHMOD(List.of(PATH, MODE), List.of()),
  CHOWN(List.of(PATH, ID, ID), List.of()),
  LCHOWN(List.of(PATH, ID, ID), List.of()),
  TRUNCATE(List.of(PATH, NUMBER), List.of()),
  FTRUNCATE(List.of(FD, NUMBER), List.of()),
  FCHMOD(List.of(FD, MODE), List.of()),
  FCHOWN(List.of(FD, ID, ID), List.of()),
  STAT(List.of(PATH, STAT_FIELDS), List.of()),
  LSTAT(List.of(PATH, STAT_FIELDS), List.of()),
  FSTAT(List.of(FD, STAT_FIELDS), List.of()),
  CLOSE(List.of(FD), List.of()),

  READ(List.of(FD, COUNT), List.of()),
  PREAD(List.of(FD, COUNT, NUMBER), List.of()),
  WRITE(List.of(FD, STRING), List.of()),
  PWRITE(List.of(FD, STRING, NUMBER), List.of()),
  READLINK(List.of(PATH), List.of()),
  READDIR(List.of(PATH), List.of()),
  GETXATTR(List.of(PATH, NAME), List.of()),
  LGETXATTR(List.of(PATH, NAME), List.of()),
  SETXATTR(List.of(PATH, NAME, STRING), List.of(XATTR_FLAGS)),
  LSETXATTR(List.of(PATH, NAME, STRING), List.of(XATTR_FLAGS)),
  LISTXATTR(List.of(PATH), List.of()),
  LLISTXATTR(List.of(PATH), List.of()),
  REMOVEXATTR(List.of(PATH, NAME), List.of()),
  LREMOVEXATTR(List.of(PATH, NAME), List.of()),
  STATFS(List.of(PATH, STATFS_FIELDS), List.of()),
  UTIMES(List.of(PATH, NUMBER, NUMBER), List.of()),
  LSEEK(List.of(FD, NUMBER), List.of()),
  GETDENTS(List.of(FD), List.of());

  private static final Map<String, OpKind> BY_NAME = new TreeMap<>();

  static {
    for (OpKind k : values()) {
      BY_NAME.put(k.opName(), k);
    }
  }

  private final List<ArgKind> required;
  private final List<ArgKind> optional;

  OpKind(List<ArgKind> required, List<ArgKind> optional) {
    this.required = required;
    this.optional = optional;
  }

  /** The name scripts use: {@code open}, {@code lgetxattr}. */
  public String opName() {
    return name().toLowerCase(Locale.ROOT);
  }

  List<ArgKind> required() {
    return required;
  }

  List<ArgKind> optional() {
    return optional;
  }

  /** Does a successful run of this op add an fd to the line's table. */
  public boolean opensFd() {
    return this == OPEN;
  }

  /** {@code open PATH FLAGS [MODE]}: how the op is written. */
  String usage() {
    List<String> words = new ArrayList<>();
    words.add(opName());
    required.forEach(a -> words.add(a.placeholder()));
    optional.forEach(a -> words.add("[" + a.placeholder() + "]"));
    return String.join(" ", words);
  }

  /** The op named {@code name}, or {@code null}. */
  static OpKind byName(String name) {
    return BY_NAME.get(name);
  }

  /** Every op name, sorted. */
  static String allNames() {
    return String.join(", ", BY_NAME.keySet());
  }
}
