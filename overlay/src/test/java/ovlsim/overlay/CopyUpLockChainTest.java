package ovlsim.overlay;

import static ovlsim.overlay.OvlFixture.ok;
import static ovlsim.overlay.OvlFixture.readFile;
import static ovlsim.overlay.OvlFixture.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.Lockdep.Dependency;
import ovlsim.vfs.Fcntl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock chain of a data copy-up as lockdep records it, as on 2.6.38: {@code ovl_copy_up_one()}
 * holds the upper parent's i_mutex as I_MUTEX_PARENT; {@code do_splice_direct()} goes through
 * the task's internal pipe, which has no inode and so no lock; {@code generic_file_splice_write()}
 * takes the new upper file's i_mutex as I_MUTEX_CHILD; {@code ovl_copy_up_locked()} then sets
 * mode and times under that i_mutex as I_MUTEX_NORMAL. What {@code ovlsim lockdep --dot} draws
 * for a copy-up.
 */
class CopyUpLockChainTest {
  private static final String UPPER_DIR = "&type->i_mutex_dir_key#upperfs";
  private static final String UPPER_FILE = "&type->i_mutex_key#upperfs";

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aDataCopyUpRecordsUpperDirectoryParentToUpperFileChild(OvlVersion v) {
    OvlFixture f = new OvlFixture();
    ok(f.sys.mkdir("/lower/d", 0755));
    writeFile(f.sys, "/lower/d/f", "lower data");
    ok(f.sys.mkdir("/upper/d", 0755));
    f.mountOverlay(v.mountOption());
    Lockdep.of(f.k).reset();

    ok(f.sys.close((int) ok(f.sys.open("/mnt/d/f", Fcntl.O_WRONLY))));

    List<Dependency> deps = Lockdep.of(f.k).dependencies();
    assertTrue(deps.contains(new Dependency(UPPER_DIR + "/1", UPPER_FILE + "/2")),
        "the splice's i_mutex as CHILD under the upper parent's: " + deps);
    assertTrue(deps.contains(new Dependency(UPPER_DIR + "/1", UPPER_FILE + "/0")),
        "the attributes under the new file's i_mutex: " + deps);
    assertEquals(Set.of(UPPER_FILE + "/2", UPPER_FILE + "/0"),
        deps.stream().filter(d -> d.from().equals(UPPER_DIR + "/1")).map(Dependency::to)
            .collect(Collectors.toSet()),
        "nothing else under the upper parent: no pipe lock, the internal pipe has no inode");
    assertEquals("lower data", readFile(f.sys, "/upper/d/f"));
    f.assertQuiet();
  }
}
