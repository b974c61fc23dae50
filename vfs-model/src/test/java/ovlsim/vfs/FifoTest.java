package ovlsim.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ovlsim.vfs.SysFixture.bytes;
import static ovlsim.vfs.SysFixture.err;
import static ovlsim.vfs.SysFixture.ok;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Errno;
import ovlsim.kernel.Signals;
import ovlsim.kernel.Task;
import ovlsim.kernel.WaitChannel;
import ovlsim.kernel.WaitQueueHead;
import ovlsim.syscall.ModelSys;

/**
 * FIFOs as 2.6.38's {@code fifo_open()} and {@code pipe_read()} / {@code pipe_write()} make
 * them, between model tasks on real threads: the non-blocking opens, the blocking rendezvous
 * (the opener is blocked on the pipe's wait queue, as a scheduler sees it through
 * {@link Task#blockedOn()}), data, end of file, EPIPE and SIGPIPE, and a signal ending a wait.
 */
class FifoTest {
  private static final long WAIT_SECONDS = 20;

  private final SysFixture f = new SysFixture();
  private final ModelSys sys = f.sys;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<String> points = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void makeFifo() {
    ok(sys.mkfifo("/fifo", 0666));
    f.kernel().setSchedHook((task, point) -> points.add(task.name() + " " + point));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    f.assertQuiet();
  }

  private ModelSys task(String name) {
    return ModelSys.of(f.kernel().spawn(name, Cred.root()));
  }

  /** The FIFO's pipe, or {@code null} while nobody has it open. */
  private PipeInodeInfo pipe() {
    return f.kernel().init().call(() -> {
      Path p = new Path();
      Namei.kernPath("/fifo", 0, p);
      try {
        return p.dentry.dInode.iPipe;
      } finally {
        Namespace.pathPut(p);
      }
    });
  }

  /** Waits until {@code t} sleeps on the pipe's wait queue, and returns what it sleeps on. */
  private static WaitChannel awaitBlockedOnPipe(Task t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      WaitChannel on = t.blockedOn();
      if (on instanceof WaitQueueHead.Entry e && !e.ready()) {
        return on;
      }
      Thread.sleep(1);
    }
    throw new AssertionError(t + " never blocked on the pipe; it is on " + t.blockedOn());
  }

  /** Waits until some task has passed the schedule point {@code taskAndPoint}. */
  private void awaitPoint(String taskAndPoint) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!points.contains(taskAndPoint)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(taskAndPoint + " never passed; points: " + points);
      }
      Thread.sleep(1);
    }
  }

  private static String str(byte[] b, long n) {
    return new String(b, 0, (int) n, StandardCharsets.UTF_8);
  }

  @Test
  void aNonBlockingReaderOpensAtOnceAndReadsEndOfFileWithNoWriter() {
    int fd = (int) ok(sys.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    assertEquals(1, pipe().readers);
    assertEquals(0, sys.read(fd, new byte[4], 4), "no writer: end of file");
    ok(sys.close(fd));
    assertNull(pipe(), "the last close frees the pipe");
  }

  @Test
  void aNonBlockingWriterWithNoReaderIsEnxio() {
    err(Errno.ENXIO, sys.open("/fifo", Fcntl.O_WRONLY | Fcntl.O_NONBLOCK));
    assertNull(pipe(), "the failed open freed the pipe it made");
    int r = (int) ok(sys.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    int w = (int) ok(sys.open("/fifo", Fcntl.O_WRONLY | Fcntl.O_NONBLOCK));
    assertEquals(3, sys.write(w, bytes("abc"), 3));
    byte[] buf = new byte[8];
    assertEquals("abc", str(buf, sys.read(r, buf, 8)));
    err(Errno.EAGAIN, sys.read(r, buf, 8), "a writer, nothing buffered, O_NONBLOCK");
    ok(sys.close(w));
    assertEquals(0, sys.read(r, buf, 8), "the last writer went: end of file");
    ok(sys.close(r));
  }

  @Test
  void readWriteNeverBlocksAndDoesNotSeek() {
    int fd = (int) ok(sys.open("/fifo", Fcntl.O_RDWR));
    assertEquals(5, sys.write(fd, bytes("hello"), 5));
    err(Errno.ESPIPE, sys.lseek(fd, 0, Fcntl.SEEK_SET));
    err(Errno.ESPIPE, sys.pread(fd, new byte[2], 2, 0));
    err(Errno.ESPIPE, sys.pwrite(fd, bytes("x"), 1, 0));
    byte[] buf = new byte[3];
    assertEquals("hel", str(buf, sys.read(fd, buf, 3)));
    ok(sys.close(fd));
    // What was not read went with the pipe.
    fd = (int) ok(sys.open("/fifo", Fcntl.O_RDWR | Fcntl.O_NONBLOCK));
    err(Errno.EAGAIN, sys.read(fd, buf, 3));
    ok(sys.close(fd));
  }

  @Test
  void aWriteWithNoReaderIsEpipeAndSigpipe() {
    ModelSys w = task("writer");
    int r = (int) ok(sys.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    int wfd = (int) ok(w.open("/fifo", Fcntl.O_WRONLY));
    ok(sys.close(r));
    err(Errno.EPIPE, w.write(wfd, bytes("x"), 1));
    assertEquals(List.of(Signals.SIGPIPE), w.task().delivered());
    assertFalse(w.task().signalPending(), "delivered on the way out of write(2)");
    ok(w.close(wfd));
  }

  @Test
  void aBlockingReaderWaitsForAWriterOnThePipeQueue() throws Exception {
    ModelSys reader = task("reader");
    ModelSys writer = task("writer");
    Future<Integer> open = pool.submit(() -> reader.open("/fifo", Fcntl.O_RDONLY));
    WaitChannel on = awaitBlockedOnPipe(reader.task());
    assertEquals("&pipe->wait", on.describe());
    assertNull(on.holder(), "a wait queue has no owner");
    assertFalse(open.isDone());
    // prepare_to_wait() marks the task blocked just before schedule() passes the point.
    awaitPoint("reader wait:&pipe->wait");

    int w = (int) ok(writer.open("/fifo", Fcntl.O_WRONLY));
    int r = (int) ok(open.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertNull(reader.task().blockedOn(), "running again");

    assertEquals(5, writer.write(w, bytes("hello"), 5));
    byte[] buf = new byte[16];
    assertEquals("hello", str(buf, reader.read(r, buf, 16)));
    ok(writer.close(w));
    assertEquals(0, reader.read(r, buf, 16), "end of file after the last writer");
    ok(reader.close(r));
  }

  @Test
  void aBlockingWriterWaitsForAReader() throws Exception {
    ModelSys writer = task("writer");
    Future<Integer> open = pool.submit(() -> writer.open("/fifo", Fcntl.O_WRONLY));
    awaitBlockedOnPipe(writer.task());
    int r = (int) ok(sys.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    int w = (int) ok(open.get(WAIT_SECONDS, TimeUnit.SECONDS));
    ok(writer.close(w));
    ok(sys.close(r));
  }

  @Test
  void aBlockingReadWaitsForData() throws Exception {
    ModelSys reader = task("reader");
    int r = (int) ok(reader.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    int w = (int) ok(sys.open("/fifo", Fcntl.O_WRONLY));
    // The reader's file is non-blocking; open another, blocking, reading end.
    int rb = (int) ok(reader.open("/fifo", Fcntl.O_RDONLY));
    ok(reader.close(r));
    byte[] buf = new byte[8];
    Future<Long> read = pool.submit(() -> reader.read(rb, buf, 8));
    awaitBlockedOnPipe(reader.task());
    assertEquals(2, sys.write(w, bytes("ok"), 2));
    assertEquals(2L, read.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("ok", str(buf, 2));
    ok(sys.close(w));
    ok(reader.close(rb));
  }

  @Test
  void aFullPipeMakesTheWriterWaitForTheReader() throws Exception {
    ModelSys writer = task("writer");
    int r = (int) ok(sys.open("/fifo", Fcntl.O_RDONLY | Fcntl.O_NONBLOCK));
    int w = (int) ok(writer.open("/fifo", Fcntl.O_WRONLY));
    int capacity = PipeInodeInfo.PIPE_DEF_BUFFERS * Fs.PAGE_SIZE;
    byte[] data = new byte[capacity + 100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    Future<Long> write = pool.submit(() -> writer.write(w, data, data.length));
    awaitBlockedOnPipe(writer.task());
    assertEquals(capacity, pipe().bytesBuffered());
    byte[] got = new byte[data.length];
    byte[] chunk = new byte[Fs.PAGE_SIZE];
    int n = 0;
    while (n < got.length) {
      long k = sys.read(r, chunk, Math.min(chunk.length, got.length - n));
      if (k == -Errno.EAGAIN.number()) {
        Thread.sleep(1);
        continue;
      }
      System.arraycopy(chunk, 0, got, n, (int) ok(k));
      n += (int) k;
    }
    assertEquals((long) data.length, write.get(WAIT_SECONDS, TimeUnit.SECONDS));
    for (int i = 0; i < data.length; i++) {
      assertEquals(data[i], got[i], "byte " + i);
    }
    ok(writer.close(w));
    ok(sys.close(r));
  }

  @Test
  void aSignalEndsABlockedOpenWithEintr() throws Exception {
    ModelSys reader = task("reader");
    Future<Integer> open = pool.submit(() -> reader.open("/fifo", Fcntl.O_RDONLY));
    awaitBlockedOnPipe(reader.task());
    reader.task().sendSig(Signals.SIGPIPE);
    err(Errno.EINTR, open.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertNull(pipe(), "the interrupted open was the only user: the pipe is freed");
    assertEquals(List.of(Signals.SIGPIPE), reader.task().delivered());
  }
}
