package ovlsim.vfs;

/** A {@code fill_super} callback: {@code int (*fill_super)(struct super_block *, void *, int)}. */
@FunctionalInterface
public interface FillSuper {
  /** Fills in {@code sb} ({@code sRoot}, {@code sOp}, {@code sFsInfo}); throws on failure. */
  void fill(SuperBlock sb, Object data, int silent);
}
