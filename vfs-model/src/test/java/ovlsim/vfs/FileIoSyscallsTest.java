package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;
import static ovlsim.vfs.SysFixture.readFile;
import static ovlsim.vfs.SysFixture.stat;
import static ovlsim.vfs.SysFixture.writeFile;
import static ovlsim.vfs.Fcntl.O_APPEND;
import static ovlsim.vfs.Fcntl.O_CREAT;
import static ovlsim.vfs.Fcntl.O_DIRECTORY;
import static ovlsim.vfs.Fcntl.O_EXCL;
import static ovlsim.vfs.Fcntl.O_NOFOLLOW;
import static ovlsim.vfs.Fcntl.O_RDONLY;
import static ovlsim.vfs.Fcntl.O_RDWR;
import static ovlsim.vfs.Fcntl.O_TRUNC;
import static ovlsim.vfs.Fcntl.O_WRONLY;
import static ovlsim.vfs.Fcntl.SEEK_CUR;
import static ovlsim.vfs.Fcntl.SEEK_END;
import static ovlsim.vfs.Fcntl.SEEK_SET;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Errno;
import ovlsim.syscall.ModelSys;
import ovlsim.syscall.StatBuf;

/** open, close, read, write, pread, pwrite, lseek, fsync, truncate, ftruncate. */
class FileIoSyscallsTest {
  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;

  @AfterEach
  void quiet() {
    f.assertQuiet();
  }

  @Test
  void openMissingFileIsEnoent() {
    err(Errno.ENOENT, sys.open("/nope", O_RDONLY));
    err(Errno.ENOENT, sys.open("/nope/x", O_RDONLY | O_CREAT, 0644));
  }

  @Test
  void createMasksModeWithUmask() {
    int fd = (int) ok(sys.open("/a", O_CREAT | O_WRONLY, 0666));
    ok(sys.close(fd));
    assertEquals(Stat.S_IFREG | 0644, stat(sys, "/a").stMode);

    assertEquals(022, sys.umask(0));
    assertEquals(0, sys.umask(027));
    fd = (int) ok(sys.open("/b", O_CREAT | O_WRONLY, 0777));
    ok(sys.close(fd));
    assertEquals(Stat.S_IFREG | 0750, stat(sys, "/b").stMode);
  }

  @Test
  void openFlagChecks() {
    writeFile(sys, "/f", "x");
    ok(sys.mkdir("/d", 0755));
    ok(sys.symlink("/f", "/l"));
    err(Errno.EEXIST, sys.open("/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    err(Errno.ENOTDIR, sys.open("/f", O_RDONLY | O_DIRECTORY));
    err(Errno.EISDIR, sys.open("/d", O_WRONLY));
    err(Errno.EISDIR, sys.open("/d", O_RDWR));
    err(Errno.ELOOP, sys.open("/l", O_RDONLY | O_NOFOLLOW));
    ok(sys.close((int) ok(sys.open("/l", O_RDONLY))));
    ok(sys.close((int) ok(sys.open("/d", O_RDONLY | O_DIRECTORY))));
  }

  @Test
  void readWriteMoveThePosition() {
    int fd = (int) ok(sys.open("/f", O_CREAT | O_RDWR, 0644));
    assertEquals(5, sys.write(fd, bytes("hello"), 5));
    assertEquals(6, sys.write(fd, bytes(" world"), 6));
    assertEquals(11, sys.lseek(fd, 0, SEEK_CUR));
    byte[] buf = new byte[20];
    assertEquals(0, sys.read(fd, buf, 20));
    assertEquals(0, sys.lseek(fd, 0, SEEK_SET));
    assertEquals(5, sys.read(fd, buf, 5));
    assertEquals("hello", new String(buf, 0, 5));
    assertEquals(6, sys.read(fd, buf, 20));
    assertEquals(" world", new String(buf, 0, 6));
    ok(sys.close(fd));
    assertEquals("hello world", readFile(sys, "/f"));
  }

  @Test
  void lseekSemantics() {
    writeFile(sys, "/f", "0123456789");
    int fd = (int) ok(sys.open("/f", O_RDWR));
    assertEquals(4, sys.lseek(fd, 4, SEEK_SET));
    assertEquals(6, sys.lseek(fd, 2, SEEK_CUR));
    assertEquals(6, sys.lseek(fd, 0, SEEK_CUR));
    assertEquals(7, sys.lseek(fd, -3, SEEK_END));
    err(Errno.EINVAL, sys.lseek(fd, -11, SEEK_END));
    err(Errno.EINVAL, sys.lseek(fd, -1, SEEK_SET));
    assertEquals(7, sys.lseek(fd, 0, SEEK_CUR), "a failed lseek leaves the position");
    err(Errno.EINVAL, sys.lseek(fd, 0, 3));
    err(Errno.EINVAL, sys.lseek(fd, 0, -1));
    err(Errno.EBADF, sys.lseek(99, 0, SEEK_SET));

    // Past the end, then a write: the gap reads as zeros.
    assertEquals(12, sys.lseek(fd, 2, SEEK_END));
    assertEquals(1, sys.write(fd, bytes("x"), 1));
    assertEquals(13, stat(sys, "/f").stSize);
    byte[] buf = new byte[13];
    assertEquals(13, sys.pread(fd, buf, 13, 0));
    assertArrayEquals(bytes("0123456789\0\0x"), buf);
    ok(sys.close(fd));
  }

  @Test
  void preadPwriteKeepThePosition() {
    writeFile(sys, "/f", "abcdef");
    int fd = (int) ok(sys.open("/f", O_RDWR));
    assertEquals(2, sys.lseek(fd, 2, SEEK_SET));
    byte[] buf = new byte[3];
    assertEquals(3, sys.pread(fd, buf, 3, 1));
    assertEquals("bcd", new String(buf));
    assertEquals(2, sys.pwrite(fd, bytes("XY"), 2, 4));
    assertEquals(2, sys.lseek(fd, 0, SEEK_CUR));
    assertEquals(0, sys.pread(fd, buf, 3, 100), "pread past the end reads nothing");
    err(Errno.EINVAL, sys.pread(fd, buf, 3, -1));
    err(Errno.EINVAL, sys.pwrite(fd, buf, 3, -1));
    err(Errno.EINVAL, sys.pread(99, buf, 3, -1));
    err(Errno.EBADF, sys.pread(99, buf, 3, 0));
    ok(sys.close(fd));
    assertEquals("abcdXY", readFile(sys, "/f"));
  }

  @Test
  void accessModeAndBadCounts() {
    writeFile(sys, "/f", "abc");
    ok(sys.mkdir("/d", 0755));
    byte[] buf = new byte[4];
    int ro = (int) ok(sys.open("/f", O_RDONLY));
    int wo = (int) ok(sys.open("/f", O_WRONLY));
    int dir = (int) ok(sys.open("/d", O_RDONLY));
    err(Errno.EBADF, sys.write(ro, buf, 1));
    err(Errno.EBADF, sys.pwrite(ro, buf, 1, 0));
    err(Errno.EBADF, sys.read(wo, buf, 1));
    err(Errno.EBADF, sys.pread(wo, buf, 1, 0));
    err(Errno.EISDIR, sys.read(dir, buf, 1));
    err(Errno.EINVAL, sys.read(ro, buf, -1));
    err(Errno.EINVAL, sys.write(wo, buf, -1));
    err(Errno.EFAULT, sys.read(ro, buf, 5));
    err(Errno.EFAULT, sys.write(wo, null, 1));
    err(Errno.EBADF, sys.read(42, buf, 1));
    err(Errno.EBADF, sys.write(-1, buf, 1));
    assertEquals(0, sys.read(ro, buf, 0));
    for (int fd : new int[] {ro, wo, dir}) {
      ok(sys.close(fd));
    }
    assertEquals("abc", readFile(sys, "/f"), "failed writes changed nothing");
  }

  @Test
  void appendWritesAtTheEnd() {
    writeFile(sys, "/f", "abc");
    int fd = (int) ok(sys.open("/f", O_WRONLY | O_APPEND));
    assertEquals(0, sys.lseek(fd, 0, SEEK_SET));
    assertEquals(2, sys.write(fd, bytes("de"), 2));
    assertEquals(5, sys.lseek(fd, 0, SEEK_CUR));
    ok(sys.lseek(fd, 1, SEEK_SET));
    assertEquals(1, sys.write(fd, bytes("f"), 1));
    ok(sys.close(fd));
    assertEquals("abcdef", readFile(sys, "/f"));
  }

  @Test
  void openTruncates() {
    writeFile(sys, "/f", "abcdef");
    ok(sys.close((int) ok(sys.open("/f", O_WRONLY | O_TRUNC))));
    assertEquals(0, stat(sys, "/f").stSize);
  }

  @Test
  void closeAndDescriptorReuse() {
    writeFile(sys, "/f", "");
    int a = (int) ok(sys.open("/f", O_RDONLY));
    int b = (int) ok(sys.open("/f", O_RDONLY));
    assertEquals(a + 1, b);
    ok(sys.close(a));
    err(Errno.EBADF, sys.close(a));
    assertEquals(a, sys.open("/f", O_RDONLY), "the lowest free descriptor is reused");
    err(Errno.EBADF, sys.close(-1));
    err(Errno.EBADF, sys.close(FilesStruct.NR_OPEN + 5));
  }

  @Test
  void tooManyOpenFilesIsEmfile() {
    writeFile(sys, "/f", "");
    List<Integer> fds = new ArrayList<>();
    long r;
    while ((r = sys.open("/f", O_RDONLY)) >= 0) {
      fds.add((int) r);
    }
    err(Errno.EMFILE, r);
    assertEquals(FilesStruct.NR_OPEN, fds.size());
    err(Errno.EMFILE, sys.open("/g", O_CREAT | O_WRONLY, 0644));
    err(Errno.ENOENT, sys.stat("/g", new StatBuf()));
    for (int fd : fds) {
      ok(sys.close(fd));
    }
  }

  @Test
  void truncateGrowsAndShrinks() {
    writeFile(sys, "/f", "abcdef");
    ok(sys.truncate("/f", 3));
    assertEquals("abc", readFile(sys, "/f"));
    ok(sys.truncate("/f", 5));
    assertEquals("abc\0\0", readFile(sys, "/f"));
    ok(sys.mkdir("/d", 0755));
    err(Errno.EISDIR, sys.truncate("/d", 0));
    err(Errno.EINVAL, sys.truncate("/f", -1));
    err(Errno.EINVAL, sys.truncate("/nope", -1));
    err(Errno.ENOENT, sys.truncate("/nope", 0));
    ok(sys.mkfifo("/fifo", 0644));
    err(Errno.EINVAL, sys.truncate("/fifo", 0));
    assertEquals(5, stat(sys, "/f").stSize);
  }

  @Test
  void ftruncateNeedsAWritableRegularFile() {
    writeFile(sys, "/f", "abcdef");
    int ro = (int) ok(sys.open("/f", O_RDONLY));
    int rw = (int) ok(sys.open("/f", O_RDWR));
    err(Errno.EINVAL, sys.ftruncate(ro, 1));
    err(Errno.EINVAL, sys.ftruncate(rw, -1));
    err(Errno.EINVAL, sys.ftruncate(77, -1));
    err(Errno.EBADF, sys.ftruncate(77, 1));
    ok(sys.ftruncate(rw, 2));
    assertEquals(2, stat(sys, "/f").stSize);
    ok(sys.mkdir("/d", 0755));
    int dir = (int) ok(sys.open("/d", O_RDONLY));
    err(Errno.EINVAL, sys.ftruncate(dir, 0));
    for (int fd : new int[] {ro, rw, dir}) {
      ok(sys.close(fd));
    }
  }

  @Test
  void fsync() {
    writeFile(sys, "/f", "x");
    int fd = (int) ok(sys.open("/f", O_RDONLY));
    ok(sys.fsync(fd));
    ok(sys.close(fd));
    err(Errno.EBADF, sys.fsync(fd));
  }
}
