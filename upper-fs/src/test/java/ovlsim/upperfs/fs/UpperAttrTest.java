package ovlsim.upperfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Task;
import ovlsim.kernel.locking.KMutex;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Fcntl;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Iattr;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Loff;
import ovlsim.vfs.Open;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Timespec;

/** setattr and getattr of upper-fs inodes. */
class UpperAttrTest {
  private static final int PAGE = 4096;

  private final UpperFsFixture fx = new UpperFsFixture("size=64k");

  @AfterEach
  void kernelStaysClean() {
    fx.assertClean();
  }

  /** {@code notify_change()}'s call: ->setattr under the inode's i_mutex. */
  private static void setattr(Dentry d, Iattr attr) {
    Inode inode = d.dInode;
    KMutex.mutexLock(inode.iMutex);
    try {
      inode.iOp.setattr(d, attr);
    } finally {
      KMutex.mutexUnlock(inode.iMutex);
    }
  }

  private static void truncate(Dentry d, long size) {
    Iattr attr = new Iattr();
    attr.iaValid = Fs.ATTR_SIZE | Fs.ATTR_MTIME | Fs.ATTR_CTIME;
    attr.iaSize = size;
    Timespec now = Timespec.now();
    attr.iaMtime = now;
    attr.iaCtime = now;
    setattr(d, attr);
  }

  @Test
  void chmodAndChownAreCopied() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          Iattr attr = new Iattr();
          attr.iaValid = Fs.ATTR_MODE | Fs.ATTR_UID | Fs.ATTR_GID;
          attr.iaMode = Stat.S_IFREG | 0600; // callers pass the whole mode, as chmod_common() does
          attr.iaUid = 12;
          attr.iaGid = 34;
          setattr(d, attr);
          assertEquals(Stat.S_IFREG | 0600, d.dInode.iMode);
          assertEquals(12, d.dInode.iUid);
          assertEquals(34, d.dInode.iGid);
        });
  }

  @Test
  void truncateDownFreesPagesAndZeroesTheTail() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          File f = fx.open(d, Fcntl.O_RDWR);
          byte[] data = new byte[3 * PAGE];
          Arrays.fill(data, (byte) 'a');
          fx.write(f, data, 0);
          assertEquals(3, fx.fs().usedBlocks());
          truncate(d, PAGE + 10);
          assertEquals(PAGE + 10, d.dInode.iSize);
          assertEquals(2, fx.fs().usedBlocks());
          assertEquals(16, d.dInode.iBlocks);
          // Growing again shows zeros where the old bytes were.
          truncate(d, 2 * PAGE);
          byte[] back = new byte[2 * PAGE];
          assertEquals(2 * PAGE, f.fOp.read(f, back, back.length, new Loff(0)));
          assertEquals('a', back[PAGE + 9]);
          assertEquals(0, back[PAGE + 10]);
          assertEquals(0, back[2 * PAGE - 1]);
          truncate(d, 0);
          assertEquals(0, fx.fs().usedBlocks());
          assertEquals(0, d.dInode.iBlocks);
          Open.fput(f);
        });
  }

  @Test
  void truncateUpMakesAHoleThatTakesNoSpaceAsInTmpfs() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          truncate(d, 1L << 30);
          assertEquals(1L << 30, d.dInode.iSize);
          assertEquals(0, fx.fs().usedBlocks());
        });
  }

  @Test
  void truncateMovesModificationTime() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0644);
          d.dInode.iMtime = new Timespec(1, 0);
          truncate(d, 10);
          assertTrue(d.dInode.iMtime.compareTo(new Timespec(1, 0)) > 0);
        });
  }

  @Test
  void getattrReportsSizeBlocksAndIdentity() {
    fx.run(
        () -> {
          Dentry d = fx.create(fx.root(), "f", 0640);
          File f = fx.open(d, Fcntl.O_RDWR);
          fx.write(f, new byte[PAGE + 1], 0);
          Kstat st = new Kstat();
          d.dInode.iOp.getattr(fx.mnt(), d, st);
          assertEquals(PAGE + 1, st.size);
          assertEquals(16, st.blocks);
          assertEquals(Stat.S_IFREG | 0640, st.mode);
          assertEquals(1, st.nlink);
          assertEquals(d.dInode.iIno, st.ino);
          assertEquals(fx.sb().sDev, st.dev);
          Open.fput(f);

          Dentry dir = fx.mkdir(fx.root(), "d", 0755);
          Kstat ds = new Kstat();
          dir.dInode.iOp.getattr(fx.mnt(), dir, ds);
          assertEquals(2, ds.nlink);
          assertEquals(40, ds.size);
          assertEquals(0, ds.blocks);
        });
  }

  @Test
  void aWriteWithoutCapFsetidClearsSetuidAndExecutableSetgid() {
    Dentry[] d = new Dentry[2];
    fx.run(
        () -> {
          d[0] = fx.create(fx.root(), "exec", 06777);
          d[1] = fx.create(fx.root(), "mandlock", 02666);
          File f = fx.open(d[0], Fcntl.O_WRONLY);
          fx.write(f, "root keeps the bits", 0);
          Open.fput(f);
          assertEquals(Stat.S_IFREG | 06777, d[0].dInode.iMode);
        });
    Task user = fx.k.spawn("user", Cred.user(1000, 1000));
    user.run(
        () -> {
          for (Dentry each : d) {
            File f = fx.open(each, Fcntl.O_WRONLY);
            fx.write(f, "x", 0);
            Open.fput(f);
          }
        });
    assertEquals(Stat.S_IFREG | 0777, d[0].dInode.iMode);
    // Setgid without group exec is a mandatory-locking mark, and stays.
    assertEquals(Stat.S_IFREG | 02666, d[1].dInode.iMode);
  }
}
