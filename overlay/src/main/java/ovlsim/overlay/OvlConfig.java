package ovlsim.overlay;

/** Port of {@code struct ovl_config}: the parsed mount options. */
final class OvlConfig {
  String lowerdir;
  String upperdir;
  /** Model-only: the {@code version=} option; the newest when absent. */
  OvlVersion version;
}
