package ovlsim.cli;

import ovlsim.overlay.OvlVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Every command's overlay version option: {@link OvlVersion#fromName}, the one parser. */
final class VersionConverter implements ITypeConverter<OvlVersion> {
  @Override
  public OvlVersion convert(String value) {
    try {
      return OvlVersion.fromName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
