package ovlsim.cli;

import java.util.Arrays;
import java.util.List;
import ovlsim.overlay.OvlVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -O/--ovl-version VERSION|all} of the commands that can run every version: {@code all}
 * is every {@link OvlVersion}, anything else one version through {@link VersionConverter}.
 */
final class VersionsConverter implements ITypeConverter<List<OvlVersion>> {
  /** The value that means every version. */
  static final String ALL = "all";

  @Override
  public List<OvlVersion> convert(String value) {
    if (value.equals(ALL)) {
      return Arrays.asList(OvlVersion.values());
    }
    try {
      return List.of(new VersionConverter().convert(value));
    } catch (TypeConversionException e) {
      throw new TypeConversionException("unknown overlay version '" + value + "' (one of "
          + String.join(", ", new VersionCandidates.WithAll()) + ")");
    }
  }
}
