package ovlsim.overlay.behaviour;

import static ovlsim.overlay.behaviour.OverlayFixture.bytes;
import static ovlsim.overlay.behaviour.OverlayFixture.err;
import static ovlsim.overlay.behaviour.OverlayFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.kernel.locking.Lockdep;
import ovlsim.kernel.locking.LockdepReport;
import ovlsim.layer.Layer;
import ovlsim.machine.Machine;
import ovlsim.overlay.OvlVersion;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.StatfsBuf;
import ovlsim.syscall.ModelSys;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.Fs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenWrt case from the v7 thread (Felix Fietkau): "a writable on-flash root
 * filesystem with squashfs for the read-only part and jffs2 for the writable overlay" on a
 * device with 4 MB of flash, where "users [can] reset their device to defaults without having
 * to reflash".
 *
 * <p>Here, booted as the one {@link Machine}: the image (a lower-fs image, with the /overlay and
 * /mnt mount points an OpenWrt image has) on {@value #ROM} and a 4 MiB upper-fs, the flash, on
 * {@value #FLASH}, where OpenWrt's mount_root has them on / and /overlay
 * ({@code mount -t overlayfs -olowerdir=/,upperdir=/overlay}); the overlay of the two on /mnt.
 * The device is configured, fills its flash (ENOSPC), and is reset by mounting a fresh upper.
 * When the flash fills during a copy-up, V7 removes the half-made upper file; V6 leaves it,
 * where the next boot finds it in place of the image's file.
 */
class OpenWrtTest {
  private static final int MIB = 1 << 20;
  /** The image: "/" on the device. */
  private static final String ROM = Machine.LOWER;
  /** The "jffs2" partition: "/overlay" on the device. */
  private static final String FLASH = Machine.UPPER;
  private static final String FLASH_OPTIONS = "size=4m";
  private static final String FIRMWARE = "/lib/firmware/wifi.bin";
  private static final String NETWORK =
      "config interface 'lan'\n\toption proto 'static'\n\toption ipaddr '192.168.1.1'\n";
  private static final String WIRELESS = "config wifi-device 'radio0'\n\toption channel '11'\n";

  private static final Layer SQUASHFS = squashfs();

  private Machine machine;
  private ModelSys sys;

  private static Layer squashfs() {
    StringBuilder fw = new StringBuilder(3 * MIB);
    for (int i = 0; fw.length() < 3 * MIB; i++) {
      fw.append("fw").append(i).append(';');
    }
    return Layer.builder()
        .dir("bin", 0755).file("bin/busybox", 0755, "ELF".repeat(100_000))
        .symlink("bin/sh", "busybox")
        .dir("etc", 0755).file("etc/banner", 0644, "OpenWrt\n")
        .file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/ash\n")
        .dir("etc/config", 0755).file("etc/config/network", 0644, NETWORK)
        .file("etc/config/wireless", 0600, WIRELESS)
        .dir("lib", 0755).dir("lib/firmware", 0755)
        .file("lib/firmware/wifi.bin", 0644, fw.substring(0, 3 * MIB))
        .dir("www", 0755).file("www/index.html", 0644, "<html>LuCI</html>")
        .dir("var", 0755).dir("tmp", 01777).dir("root", 0700)
        .dir("overlay", 0755).dir("mnt", 0755).dir("rom", 0755)
        .build();
  }

  /**
   * Power on: the image on {@value #ROM}, the 4 MiB flash on {@value #FLASH}, the overlay on
   * /mnt.
   */
  private void boot(OvlVersion v) {
    machine = Machine.builder().lower(SQUASHFS).upperOptions(FLASH_OPTIONS)
        .overlayOptions(v.mountOption()).boot();
    sys = machine.sys();
    sys.umask(022);
  }

  /** The "jffs2" partition: a fresh (erased) 4 MiB upper-fs on {@value #FLASH}. */
  private void mountFlash() {
    ok(sys.mount("/dev/mtdblock3", FLASH, Machine.UPPER_FS, 0, FLASH_OPTIONS));
  }

  private void mountOverlay() {
    machine.mountOverlay(false);
  }

  /** A reboot: unmount the overlay and mount it again on the same flash. */
  private void reboot() {
    ok(sys.umount("/mnt"));
    mountOverlay();
  }

  /** Set by a test that expects Felix Fietkau's deadlock: it checks the report itself. */
  private boolean deadlockExpected;

  @AfterEach
  void quiet() {
    if (machine != null && !deadlockExpected) {
      assertEquals(List.<LockdepReport>of(), Lockdep.of(machine.kernel()).reports(),
          "lockdep reports");
      assertEquals(List.of(), machine.kernel().bugLog().entries(), "WARN_ON / BUG_ON");
    }
  }

  private String read(String path) {
    return OverlayFixture.read(sys, path);
  }

  private void write(String path, String content) {
    OverlayFixture.write(sys, path, content);
  }

  private long freePages() {
    StatfsBuf b = new StatfsBuf();
    ok(sys.statfs("/mnt", b));
    return b.fBfree;
  }

  /** Appends {@code total} bytes to {@code path} in 64 KiB writes; returns the last result. */
  private long appendLog(String path, int total) {
    int fd = (int) ok(sys.open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_APPEND, 0644));
    byte[] chunk = bytes("log line ....\n".repeat(64 * 1024 / 14 + 1).substring(0, 64 * 1024));
    long last = 0;
    for (int done = 0; done < total; done += chunk.length) {
      last = sys.write(fd, chunk, Math.min(chunk.length, total - done));
      if (last < 0) {
        break;
      }
    }
    ok(sys.close(fd));
    return last;
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void theDeviceBootsFromTheImageAndKeepsItsChangesOnFlash(OvlVersion v) {
    boot(v);
    assertEquals("OpenWrt\n", read("/mnt/etc/banner"));
    assertEquals(List.of("network", "wireless"), OverlayFixture.ls(sys, "/mnt/etc/config"));
    assertEquals("busybox", OverlayFixture.readlink(sys, "/mnt/bin/sh"));
    StatfsBuf flash = new StatfsBuf();
    ok(sys.statfs("/mnt", flash));
    assertEquals(1024, flash.fBlocks, "df shows the 4 MiB flash");

    // Configure: edit, add, delete, replace.
    OverlayFixture.write(sys, "/mnt/etc/config/network", NETWORK.replace("192.168.1.1", "10.0.0.1"));
    write("/mnt/etc/config/firewall", "config defaults\n");
    ok(sys.unlink("/mnt/www/index.html"));
    ok(sys.unlink("/mnt/etc/config/wireless"));
    write("/mnt/etc/config/wireless", WIRELESS.replace("11", "6"));
    ok(sys.mkdir("/mnt/root/.ssh", 0700));
    write("/mnt/root/.ssh/authorized_keys", "ssh-rsa AAAA\n");

    assertTrue(read("/mnt/etc/config/network").contains("10.0.0.1"));
    assertEquals(List.of("firewall", "network", "wireless"),
        OverlayFixture.ls(sys, "/mnt/etc/config").stream().sorted().toList());
    err(Errno.ENOENT, sys.open("/mnt/www/index.html", Fcntl.O_RDONLY));
    // The image is untouched; the flash holds exactly the changes.
    assertEquals(NETWORK, read(ROM + "/etc/config/network"));
    assertEquals("<html>LuCI</html>", read(ROM + "/www/index.html"));
    assertEquals(List.of("firewall", "network", "wireless"),
        OverlayFixture.ls(sys, FLASH + "/etc/config").stream().sorted().toList());
    assertEquals(List.of("etc", "root", "www"),
        OverlayFixture.ls(sys, FLASH).stream().sorted().toList());
    assertEquals("(overlay-whiteout)", OverlayFixture.readlink(sys, FLASH + "/www/index.html"));

    reboot();
    assertTrue(read("/mnt/etc/config/network").contains("10.0.0.1"));
    assertTrue(read("/mnt/etc/config/wireless").contains("'6'"));
    assertEquals("ssh-rsa AAAA\n", read("/mnt/root/.ssh/authorized_keys"));
    err(Errno.ENOENT, sys.open("/mnt/www/index.html", Fcntl.O_RDONLY));
  }

  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void aFullFlashIsEnospcAndFreeingSpaceHelps(OvlVersion v) {
    boot(v);
    long free = freePages();
    long last = appendLog("/mnt/var/messages", 5 * MIB);
    err(Errno.ENOSPC, last, "the fifth MiB does not fit in 4");
    assertEquals(0, freePages());
    int x = (int) ok(sys.open("/mnt/tmp/x", Fcntl.O_WRONLY | Fcntl.O_CREAT, 0644));
    err(Errno.ENOSPC, sys.write(x, bytes("x"), 1));
    ok(sys.close(x));
    err(Errno.ENOSPC, sys.open("/mnt/etc/banner", Fcntl.O_WRONLY | Fcntl.O_APPEND),
        "copying the banner up needs a page too");

    ok(sys.unlink("/mnt/var/messages"));
    assertEquals(free, freePages(), "every page back");
    if (v == OvlVersion.V6) {
      // The failed copy-up left an empty etc/banner on the flash: the next copy-up trips over it,
      // and the next boot shows it in place of the image's banner.
      assertEquals(0, stat(FLASH + "/etc/banner").stSize);
      err(Errno.EEXIST, sys.open("/mnt/etc/banner", Fcntl.O_WRONLY | Fcntl.O_TRUNC));
      reboot();
      assertEquals("", read("/mnt/etc/banner"));
    } else {
      err(Errno.ENOENT, sys.lstat(FLASH + "/etc/banner", new StatBuf()));
      OverlayFixture.write(sys, "/mnt/etc/banner", "My router\n");
      reboot();
      assertEquals("My router\n", read("/mnt/etc/banner"));
    }
  }

  /**
   * The flash fills in the middle of copying the 3 MiB firmware up. V7's {@code err_remove}
   * unlinks the half-made upper file: nothing of it is visible, now or after a reboot, and its
   * pages are free again.
   */
  @Test
  void v7LeavesNothingHalfVisibleAfterAFailedCopyUp() {
    boot(OvlVersion.V7);
    ok(appendLog("/mnt/var/messages", 2 * MIB));
    long free = freePages();
    assertTrue(free * Fs.PAGE_SIZE < 3 * MIB);

    err(Errno.ENOSPC, sys.open("/mnt" + FIRMWARE, Fcntl.O_WRONLY | Fcntl.O_APPEND));

    err(Errno.ENOENT, sys.lstat(FLASH + FIRMWARE, new StatBuf()), "no partial copy");
    assertEquals(free, freePages());
    assertEquals(3 * MIB, stat("/mnt" + FIRMWARE).stSize);
    assertEquals(read(ROM + FIRMWARE), read("/mnt" + FIRMWARE));
    err(Errno.ENOSPC, sys.open("/mnt" + FIRMWARE, Fcntl.O_WRONLY), "the same again, not EEXIST");

    ok(sys.unlink("/mnt/var/messages"));
    int fd = (int) ok(sys.open("/mnt" + FIRMWARE, Fcntl.O_WRONLY | Fcntl.O_APPEND));
    ok(sys.write(fd, bytes("!"), 1));
    ok(sys.close(fd));
    assertEquals(3 * MIB + 1, stat(FLASH + FIRMWARE).stSize, "with room, it copies up");
    reboot();
    assertEquals(read(ROM + FIRMWARE) + "!", read("/mnt" + FIRMWARE));
  }

  /**
   * V6 (the FIXME "recovery from failure to copy up") leaves the half-made upper file: the
   * mounted overlay still shows the image's firmware (its dentry is still lower), the next
   * copy-up trips over the leftover (EEXIST), and after a reboot the truncated copy is what
   * /lib/firmware/wifi.bin is.
   */
  @Test
  void v6LeavesAHalfCopiedFileThatTheNextBootShows() {
    boot(OvlVersion.V6);
    ok(appendLog("/mnt/var/messages", 2 * MIB));
    long free = freePages();

    err(Errno.ENOSPC, sys.open("/mnt" + FIRMWARE, Fcntl.O_WRONLY | Fcntl.O_APPEND));

    long partial = stat(FLASH + FIRMWARE).stSize;
    assertTrue(partial > 0 && partial < 3 * MIB, () -> "partial size " + partial);
    assertEquals(0, freePages(), "the leftover holds the pages");
    assertTrue(free > 0);
    assertEquals(3 * MIB, stat("/mnt" + FIRMWARE).stSize, "still the lower file, for now");
    err(Errno.EEXIST, sys.open("/mnt" + FIRMWARE, Fcntl.O_WRONLY));

    reboot();
    assertEquals(partial, stat("/mnt" + FIRMWARE).stSize, "half-visible: the truncated copy");
    assertEquals(read(ROM + FIRMWARE).substring(0, (int) partial), read("/mnt" + FIRMWARE));
  }

  /** "reset their device to defaults without having to reflash": erase the flash, reboot. */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void resetToDefaultsByMountingAFreshUpper(OvlVersion v) {
    boot(v);
    long pristine = freePages();
    OverlayFixture.write(sys, "/mnt/etc/config/network", "broken\n");
    ok(sys.unlink("/mnt/etc/banner"));
    ok(sys.unlink("/mnt/bin/sh"));
    write("/mnt/etc/config/extra", "x");
    appendLog("/mnt/var/messages", MIB);
    assertFalse(OverlayFixture.ls(sys, "/mnt/etc").contains("banner"));

    ok(sys.umount("/mnt"));
    ok(sys.umount(FLASH));
    mountFlash();
    mountOverlay();

    assertEquals(NETWORK, read("/mnt/etc/config/network"));
    assertEquals("OpenWrt\n", read("/mnt/etc/banner"));
    assertEquals("busybox", OverlayFixture.readlink(sys, "/mnt/bin/sh"));
    assertEquals(List.of("network", "wireless"), OverlayFixture.ls(sys, "/mnt/etc/config"));
    err(Errno.ENOENT, sys.lstat("/mnt/var/messages", new StatBuf()));
    assertEquals(List.of(), OverlayFixture.ls(sys, FLASH));
    assertEquals(pristine, freePages());
  }

  private StatBuf stat(String path) {
    return OverlayFixture.stat(sys, path);
  }

  /**
   * The flash as OpenWrt has it, the jffs2 partition: upper-fs with the {@code jffs2} option,
   * whose readdir holds the directory's {@code f->sem} across the filldir calls and whose
   * lookup and unlink take it.
   */
  private void bootJffs2(OvlVersion v) {
    machine = Machine.builder().lower(SQUASHFS).upperOptions(FLASH_OPTIONS + ",jffs2")
        .overlayOptions(v.mountOption()).boot();
    sys = machine.sys();
    sys.umask(022);
  }

  /**
   * After a power cycle nothing of the flash is in the dcache: its unused dentries go, as
   * memory pressure would make them ({@code shrink_dcache_parent()} on the flash's root), so the
   * next lookup of a whiteout reaches the filesystem's {@code ->lookup}.
   */
  private void coldDcache() {
    for (ovlsim.vfs.VfsMount m : ovlsim.vfs.Vfs.of(machine.kernel()).mounts()) {
      if (m.mntSb.sType().name().equals(Machine.UPPER_FS)) {
        ovlsim.vfs.Dcache.shrinkDcacheParent(m.mntSb.sRoot);
      }
    }
  }

  /** A whiteout on the flash: /etc/banner removed, then a cold dcache. */
  private void bannerRemovedAndPowerCycled(OvlVersion v) {
    bootJffs2(v);
    ok(sys.unlink("/mnt/etc/banner"));
    reboot();
    coldDcache();
  }

  /**
   * Felix Fietkau's jffs2 deadlock (the OpenWrt report behind v7's "fix deadlocks on jffs2"):
   * v6's {@code ovl_fill_upper()} looks a symlink (the whiteout) up from inside the upper
   * readdir's filldir callback, while {@code jffs2_readdir()} holds the directory's
   * {@code f->sem}; {@code jffs2_lookup()} takes it again: the task deadlocks (lockdep:
   * "possible recursive locking detected" on {@code &f->sem}). From v7
   * ({@code READDIR_MARK_WHITEOUTS}) the whiteouts are looked up after the read.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void readdirOverAJffs2WhiteoutDeadlocksOnV6Only(OvlVersion v) {
    bannerRemovedAndPowerCycled(v);
    if (v.has(ovlsim.overlay.OvlPatch.READDIR_MARK_WHITEOUTS)) {
      assertFalse(OverlayFixture.ls(sys, "/mnt/etc").contains("banner"));
      return;
    }
    deadlockExpected = true;
    org.junit.jupiter.api.Assertions.assertThrows(ovlsim.kernel.KernelBug.class,
        () -> OverlayFixture.ls(sys, "/mnt/etc"));
    // getdents: the overlay directory's i_mutex (vfs_readdir), the upper one's, its f->sem
    assertJffs2Deadlock("3 locks held by init/1:\n"
        + " #0:  (&type->i_mutex_key#overlayfs/0)\n"
        + " #1:  (&type->i_mutex_dir_key#upperfs/0)\n"
        + " #2:  (&f->sem/0)\n");
  }

  /**
   * The same on rmdir of a directory whose entries are all whited out: v6's
   * {@code ovl_check_empty_dir()} reads it with {@code ovl_fill_upper()} and deadlocks the
   * same way (its {@code ovl_unlink_whiteout()}, Felix's second deadlock, would unlink from
   * inside the readdir too); v7 ({@code REMOVE_WHITEOUTS_FROM_LIST},
   * {@code CHECK_EMPTY_AND_CLEAR}) removes the listed whiteouts after the read.
   */
  @ParameterizedTest
  @EnumSource(OvlVersion.class)
  void rmdirOfAJffs2DirectoryOfWhiteoutsDeadlocksOnV6Only(OvlVersion v) {
    bootJffs2(v);
    ok(sys.unlink("/mnt/www/index.html"));
    reboot();
    coldDcache();
    if (v.has(ovlsim.overlay.OvlPatch.READDIR_MARK_WHITEOUTS)) {
      ok(sys.rmdir("/mnt/www"));
      err(Errno.ENOENT, sys.lstat("/mnt/www", new StatBuf()));
      return;
    }
    deadlockExpected = true;
    org.junit.jupiter.api.Assertions.assertThrows(ovlsim.kernel.KernelBug.class,
        () -> sys.rmdir("/mnt/www"));
    // rmdir: the overlay parent (I_MUTEX_PARENT) and victim, the upper victim, its f->sem
    assertJffs2Deadlock("4 locks held by init/1:\n"
        + " #0:  (&type->i_mutex_key#overlayfs/1)\n"
        + " #1:  (&type->i_mutex_key#overlayfs/0)\n"
        + " #2:  (&type->i_mutex_dir_key#upperfs/0)\n"
        + " #3:  (&f->sem/0)\n");
  }

  /** Lockdep's report of the second {@code f->sem}, with the locks held in its words. */
  private void assertJffs2Deadlock(String held) {
    List<LockdepReport> reports = Lockdep.of(machine.kernel()).reports();
    assertEquals(1, reports.size(), reports::toString);
    LockdepReport r = reports.get(0);
    assertEquals(LockdepReport.Kind.RECURSIVE, r.kind());
    String text = r.text();
    assertTrue(text.contains("is trying to acquire lock:\n (&f->sem/0)"), text);
    assertTrue(text.contains("but task is already holding lock:\n (&f->sem/0)"), text);
    assertTrue(text.contains(held), text);
    assertTrue(text.contains("ovlsim.overlay.OvlReaddir.ovlFillUpper("), text);
  }
}
