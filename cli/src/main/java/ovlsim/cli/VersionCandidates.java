package ovlsim.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import ovlsim.overlay.OvlVersion;

/**
 * The values of the {@code -O/--ovl-version} options, for their help ({@code
 * ${COMPLETION-CANDIDATES}}): every {@link OvlVersion} as users type it, never a list written
 * by hand. {@link WithAll} adds {@code all} for the commands that run every version.
 */
class VersionCandidates implements Iterable<String> {
  /** The version names: {@code v6, v7, ...}. */
  static List<String> names() {
    return Arrays.stream(OvlVersion.values()).map(OvlVersion::optionName).toList();
  }

  @Override
  public Iterator<String> iterator() {
    return names().iterator();
  }

  /** The version names and {@code all}. */
  static final class WithAll implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> all = new ArrayList<>(names());
      all.add(VersionsConverter.ALL);
      return all.iterator();
    }
  }
}
