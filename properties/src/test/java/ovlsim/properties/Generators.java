package ovlsim.properties;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import ovlsim.properties.reference.NodeSpec;
import ovlsim.properties.reference.Op;
import ovlsim.properties.workload.Trees;

/**
 * The jqwik arbitraries of the properties: small layers and operations over a three-name
 * alphabet ({@code a}, {@code b}, {@code c}; paths of one to three names), so that operations
 * collide with each other and with the layers' entries. {@code x} never exists: a symlink to it
 * dangles.
 */
final class Generators {
  static final List<String> NAMES = List.of("a", "b", "c");

  private Generators() {}

  /** The denser alphabet of concurrent workloads: two names, paths of one or two. */
  static final List<String> DENSE_NAMES = List.of("a", "b");

  static Arbitrary<String> names() {
    return Arbitraries.of(NAMES);
  }

  /** Paths of one to three names, shorter ones likelier. */
  static Arbitrary<String> paths() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, names()),
        net.jqwik.api.Tuple.of(4, Combinators.combine(names(), names()).as((a, b) -> a + "/" + b)),
        net.jqwik.api.Tuple.of(2,
            Combinators.combine(names(), names(), names()).as((a, b, c) -> a + "/" + b + "/" + c)));
  }

  /** Paths of one or two names of {@link #DENSE_NAMES}. */
  static Arbitrary<String> densePaths() {
    Arbitrary<String> n = Arbitraries.of(DENSE_NAMES);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, n),
        net.jqwik.api.Tuple.of(2, Combinators.combine(n, n).as((a, b) -> a + "/" + b)));
  }

  static Arbitrary<Integer> dirModes() {
    return Arbitraries.of(0755, 0700, 0750, 0775);
  }

  static Arbitrary<Integer> fileModes() {
    return Arbitraries.of(0644, 0600, 0755, 0640, 0000, 0777);
  }

  static Arbitrary<String> contents() {
    return Arbitraries.strings().withChars("xyz").ofMaxLength(6);
  }

  /** A symlink target: a sibling name, or {@code x}, which never exists. */
  static Arbitrary<String> targets() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, names()), net.jqwik.api.Tuple.of(1, Arbitraries.just("x")));
  }

  static Arbitrary<String> xattrNames() {
    return Arbitraries.of("user.k", "user.m");
  }

  static Arbitrary<String> xattrValues() {
    return Arbitraries.of("1", "22");
  }

  private static Arbitrary<NodeSpec> spec(boolean upper, Arbitrary<String> paths) {
    Arbitrary<NodeSpec> dir = Combinators.combine(paths, dirModes()).as(NodeSpec::dir);
    Arbitrary<NodeSpec> file =
        Combinators.combine(paths, fileModes(), contents()).as(NodeSpec::file);
    Arbitrary<NodeSpec> symlink = Combinators.combine(paths, targets()).as(NodeSpec::symlink);
    Arbitrary<NodeSpec> hardlink = Combinators.combine(paths, paths).as(NodeSpec::hardlink);
    Arbitrary<NodeSpec> xattr =
        Combinators.combine(paths, xattrNames(), xattrValues()).as(NodeSpec::xattr);
    if (!upper) {
      return Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(5, dir),
          net.jqwik.api.Tuple.of(5, file),
          net.jqwik.api.Tuple.of(1, symlink),
          net.jqwik.api.Tuple.of(1, hardlink),
          net.jqwik.api.Tuple.of(2, xattr));
    }
    Arbitrary<NodeSpec> whiteout = paths.map(NodeSpec::whiteout);
    Arbitrary<NodeSpec> opaque = Combinators.combine(paths, dirModes()).as(NodeSpec::opaqueDir);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, dir),
        net.jqwik.api.Tuple.of(4, file),
        net.jqwik.api.Tuple.of(1, symlink),
        net.jqwik.api.Tuple.of(1, hardlink),
        net.jqwik.api.Tuple.of(1, xattr),
        net.jqwik.api.Tuple.of(3, whiteout),
        net.jqwik.api.Tuple.of(2, opaque));
  }

  /** A lower and an upper layer of up to 14 and 10 specs. */
  static Arbitrary<Trees> trees() {
    return trees(paths());
  }

  /** Layers over {@link #densePaths}, without symlinks. */
  static Arbitrary<Trees> denseTrees() {
    return trees(densePaths()).map(t -> new Trees(noSymlinks(t.lower()), noSymlinks(t.upper())));
  }

  private static List<NodeSpec> noSymlinks(List<NodeSpec> specs) {
    return specs.stream().filter(n -> n.type() != NodeSpec.Type.SYMLINK).toList();
  }

  private static Arbitrary<Trees> trees(Arbitrary<String> paths) {
    return Combinators.combine(
            spec(false, paths).list().ofMaxSize(14), spec(true, paths).list().ofMaxSize(10))
        .as(Trees::new);
  }

  /** One operation over {@link #paths}. */
  static Arbitrary<Op> ops() {
    return ops(paths());
  }

  /**
   * One operation over {@link #densePaths}, without symlink: a path walk follows a symlink in
   * several lookups that concurrent renames interleave (as on any Linux), which the
   * reference's one-state walk does not model; nor a link whose new name is a directory above
   * its old one: link looks the old name up before it locks the new parent, and only a rename
   * in between can free the new name, which one state cannot show.
   */
  static Arbitrary<Op> denseOps() {
    return ops(densePaths()).filter(o -> !(o instanceof Op.Symlink)
        && !(o instanceof Op.Link l && l.oldpath().startsWith(l.newpath() + "/")));
  }

  private static Arbitrary<Op> ops(Arbitrary<String> paths) {
    Arbitrary<Op> create = Combinators.combine(paths, fileModes()).as(Op.Create::new);
    Arbitrary<Op> mkdir = Combinators.combine(paths, dirModes()).as(Op.Mkdir::new);
    Arbitrary<Op> write =
        Combinators.combine(paths, Arbitraries.longs().between(0, 4),
                Arbitraries.strings().withChars("pq").ofMinLength(1).ofMaxLength(4))
            .as(Op.Write::new);
    Arbitrary<Op> truncate =
        Combinators.combine(paths, Arbitraries.longs().between(0, 6)).as(Op.Truncate::new);
    Arbitrary<Op> chmod =
        Combinators.combine(paths, Arbitraries.of(0644, 0600, 0700, 0755, 0000, 0777))
            .as(Op.Chmod::new);
    Arbitrary<Op> link = Combinators.combine(paths, paths).as(Op.Link::new);
    Arbitrary<Op> symlink = Combinators.combine(targets(), paths).as(Op.Symlink::new);
    Arbitrary<Op> unlink = paths.map(Op.Unlink::new);
    Arbitrary<Op> rmdir = paths.map(Op.Rmdir::new);
    Arbitrary<Op> rename = Combinators.combine(paths, paths).as(Op.Rename::new);
    Arbitrary<Op> setxattr =
        Combinators.combine(paths, xattrNames(), xattrValues(),
                Arbitraries.of(0, Op.XATTR_CREATE, Op.XATTR_REPLACE))
            .as(Op.Setxattr::new);
    Arbitrary<Op> readdir =
        Arbitraries.oneOf(paths, Arbitraries.just(".")).map(Op.Readdir::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, create),
        net.jqwik.api.Tuple.of(3, mkdir),
        net.jqwik.api.Tuple.of(2, write),
        net.jqwik.api.Tuple.of(2, truncate),
        net.jqwik.api.Tuple.of(2, chmod),
        net.jqwik.api.Tuple.of(2, link),
        net.jqwik.api.Tuple.of(1, symlink),
        net.jqwik.api.Tuple.of(3, unlink),
        net.jqwik.api.Tuple.of(3, rmdir),
        net.jqwik.api.Tuple.of(4, rename),
        net.jqwik.api.Tuple.of(2, setxattr),
        net.jqwik.api.Tuple.of(1, readdir));
  }
}
