package ovlsim.conformance.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstRunner;
import ovlsim.conformance.fst.LineResult;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.fst.ScriptResult;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.Sys;

class ModelBackendTest {
  private static ScriptResult run(Backend b, String text) {
    return FstRunner.run(FstParser.parse("t.fst", text), b);
  }

  private static void assertAllHeld(ScriptResult r) {
    assertTrue(r.ok(), () -> r.error() + " " + r.lines().stream().filter(l -> !l.passed())
        .map(l -> l.expectation().line() + " got " + l.actual()).toList());
  }

  /** The lower lines' tree is read back into the read-only image whole. */
  @Test
  void theLowerImageHoldsWhatTheSetupLinesMade() {
    ScriptResult r = run(ModelBackend.of(OvlVersion.newest()), """
        lower mkdir d 0750
        lower create d/f 0604 "data"
        lower link d/f d/hard
        lower symlink ../d/f d/sym
        lower mkfifo d/p 0600
        lower mknod d/c c 0620 4 5
        lower chown d/f 1000 100
        lower lchown d/sym 7 8
        lower chmod d 0711
        lower setxattr d/f user.u val
        lower setxattr d trusted.t tval
        lower utimes d/f 1000 2000
        lower create gone 0644 : unlink gone
        mount
        expect dir,0711 -l lower stat d type,mode
        expect regular,0604,2,1000,100,4,1000,2000 -l lower stat d/f type,mode,nlink,uid,gid,size,atime,mtime
        expect "data" -l lower open d/hard O_RDONLY : read 0 10
        expect symlink,7,8 -l lower lstat d/sym type,uid,gid
        expect ../d/f -l lower readlink d/sym
        expect fifo,0600 -l lower lstat d/p type,mode
        expect char,0620,4:5 -l lower lstat d/c type,mode,rdev
        expect val -l lower getxattr d/f user.u
        expect tval -l lower getxattr d trusted.t
        expect ENOENT -l lower lstat gone type
        expect EROFS -l lower mkdir x 0755
        expect c,f,hard,p,sym -l lower readdir d
        expect "data" open d/sym O_RDONLY : read 0 10
        """);
    assertAllHeld(r);
    assertEquals(13, r.lines().size());
  }

  @Test
  void upperLinesRunOnTheUpperMountAndTheLineUmaskApplies() {
    ScriptResult r = run(ModelBackend.of(OvlVersion.newest()), """
        upper -U 027 mkdir u 0777
        upper create u/f 0666
        mount
        expect dir,0750 -l upper stat u type,mode
        expect regular,0666 stat u/f type,mode
        expect 0x1021994 -l upper statfs . type
        """);
    assertAllHeld(r);
  }

  /**
   * rmdir of a merged directory whose upper holds whiteouts: ovl_remove_whiteouts() unlinks
   * them from vfs_readdir()'s filler, so vfs_unlink() takes the victim's i_mutex while
   * vfs_readdir() holds the upper directory's, both at subclass 0. Upper-fs directories have
   * their own lock class ({@code i_mutex_dir_key}, as jffs2's get from unlock_new_inode()), so
   * lockdep stays quiet and the result carries no note. (On 2.6.38's tmpfs, where directories
   * and files share one class, lockdep would report possible recursive locking here.)
   */
  @Test
  void rmdirOfAMergedDirectoryWithWhiteoutsLeavesNoLockdepNote() {
    for (OvlVersion v : OvlVersion.values()) {
      ScriptResult r = run(ModelBackend.of(v), """
          lower mkdir d 0755
          lower create d/f 0644
          upper mkdir d 0755
          mount
          expect 0 unlink d/f : rmdir d
          """);
      assertAllHeld(r);
      assertEquals(List.of(), r.notes(), v.toString());
    }
  }

  @Test
  void theOverlayIsNotThereBeforeTheMount() {
    try (Backend.Instance inst = ModelBackend.of(OvlVersion.newest()).start("t")) {
      assertThrows(IllegalStateException.class, () -> inst.run(Creds.ROOT, Target.MOUNT,
          sys -> sys.mkdir("x", 0755)));
    }
  }

  @Test
  void versionNames() {
    assertEquals(OvlVersion.V6, OvlVersion.fromName("v6"));
    assertEquals(OvlVersion.V7, OvlVersion.fromName("V7"));
    assertEquals(OvlVersion.V7_FIX, OvlVersion.fromName("v7-Fix"));
    assertEquals("unknown overlay version 'v9' (known: v6, v7, v7-fix, v10, v11, v15)",
        assertThrows(IllegalArgumentException.class, () -> OvlVersion.fromName("v9"))
            .getMessage());
  }

  @Test
  void aModelCrashInALineIsThatLinesFailure() {
    Script s = FstParser.parse("t.fst", "mount\nexpect 0 mkdir a 0755\n");
    Backend crashing = new Backend() {
      @Override
      public String name() {
        return "crashing";
      }

      @Override
      public Instance start(String scriptName) {
        Instance real = ModelBackend.upperOnly().start(scriptName);
        return new Instance() {
          @Override
          public <T> T run(Creds creds, Target target, Function<Sys, T> body) {
            throw new IllegalStateException("BUG_ON");
          }

          @Override
          public void mount(boolean readOnly) {
            real.mount(readOnly);
          }

          @Override
          public void close() {
            real.close();
          }
        };
      }
    };
    LineResult l = FstRunner.run(s, crashing).lines().get(0);
    assertEquals("exception java.lang.IllegalStateException: BUG_ON", l.actual());
  }
}
