package ovlsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ovlsim shell} from the packaged jar, its stdin a file as a script: JLine is shaded
 * into the jar, and a session that is not on a terminal reads stdin, echoing each command.
 */
class ShellJarTest {
  @TempDir Path tmp;

  private record Done(int code, String out, String err) {}

  private Done shell(String script, String... args) throws IOException, InterruptedException {
    Path in = tmp.resolve("script-" + System.nanoTime());
    Files.writeString(in, script);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    String[] cmd = new String[4 + args.length];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    cmd[1] = "-jar";
    cmd[2] = JarTest.JAR.toString();
    cmd[3] = "shell";
    System.arraycopy(args, 0, cmd, 4, args.length);
    Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the shell did not end");
    return new Done(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theJarCarriesJlineAndReadsAScriptOnStdin() throws Exception {
    try (JarFile jar = new JarFile(JarTest.JAR.toFile())) {
      assertNotNull(jar.getEntry("org/jline/reader/LineReader.class"), "JLine is not shaded in");
    }
    Path html = tmp.resolve("s.html");
    Done d = shell("break A ovl_copy_up_one:before_lock\nA open d/f O_RDWR : close 0\n"
        + "B rename d/f d/g : unlink d/g\ncontinue A\nmerged\nsave " + html + "\n",
        "-O", "v6", "copyup-vs-rename-unlink");
    assertEquals(0, d.code(), d.err());
    assertEquals("", d.err());
    assertTrue(d.out().contains("ovl> continue A\nA: = 0 ("), d.out());
    assertTrue(d.out().lines().anyMatch(l -> l.matches("^      g +reg 0644 ino \\d+ \\(upper\\)"
        + " \"lower data\"$")), d.out());
    assertTrue(Files.size(html) > 10_000);
  }

  @Test
  void aMistakeOnStdinIsOneLineNamingItAndExitTwo() throws Exception {
    Done d = shell("mount\ntask A\nA frob x\n");
    assertEquals(2, d.code(), d.out() + d.err());
    assertEquals("ovlsim shell: <stdin>:3: unknown op 'frob' (known: ", d.err().substring(0,
        d.err().indexOf("known: ") + 7));
    assertEquals(1, d.err().lines().count(), d.err());
  }
}
