package ovlsim.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import ovlsim.conformance.backend.Backend;
import ovlsim.conformance.backend.KernelBackend;
import ovlsim.conformance.backend.ModelBackend;
import ovlsim.conformance.deviation.Deviations;
import ovlsim.conformance.fst.FstOutput;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstRunner;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.fst.ScriptResult;
import ovlsim.overlay.OvlVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code .fst} script under {@code fst/} on the model at every
 * {@link OvlVersion}, and on the running kernel (with the declared deviations) where the kernel
 * backend can run; elsewhere the kernel tests are skipped, saying why.
 */
public class CorpusTest {
  static final Path CORPUS = Path.of("fst");

  /** The corpus's scripts, sorted. */
  public static List<Path> corpusFiles() {
    try (Stream<Path> s = Files.walk(CORPUS)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".fst")).sorted().toList();
      assertFalse(files.isEmpty(), "no .fst files under " + CORPUS.toAbsolutePath());
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String report(ScriptResult r) {
    StringWriter w = new StringWriter();
    try (PrintWriter p = new PrintWriter(w)) {
      FstOutput.print(r, p);
      p.println(FstOutput.summary(r.passed(), r.failed(), 0));
    }
    return w.toString();
  }

  private static DynamicTest check(Path file, String backendName, Runnable before,
      Function<Script, ScriptResult> run) {
    return DynamicTest.dynamicTest(backendName + ": " + CORPUS.relativize(file), file.toUri(),
        () -> {
          before.run();
          ScriptResult r = run.apply(FstParser.parse(file));
          assertTrue(r.ok(), () -> "\n" + report(r));
        });
  }

  @TestFactory
  Stream<DynamicNode> corpus() {
    List<DynamicNode> nodes = new ArrayList<>();
    Deviations deviations = Deviations.load();
    for (OvlVersion v : OvlVersion.values()) {
      Backend model = ModelBackend.of(v);
      nodes.add(DynamicContainer.dynamicContainer(model.name(),
          corpusFiles().stream().map(f -> check(f, model.name(), () -> { },
              s -> FstCheck.runModel(s, model, deviations)))));
    }
    Backend kernel = new KernelBackend();
    nodes.add(DynamicContainer.dynamicContainer("kernel",
        corpusFiles().stream().map(f -> check(f, "kernel",
            () -> Assumptions.assumeTrue(KernelBackend.availability() == null,
                KernelBackend::availability),
            s -> FstCheck.runKernel(s, kernel, deviations)))));
    return nodes.stream();
  }
}
