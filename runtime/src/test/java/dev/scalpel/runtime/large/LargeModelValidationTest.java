package dev.scalpel.runtime.large;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.testdata.ChildClassPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with a 3 GiB weight (a sparse file) is simplified with validation in a JVM whose heap is
 * 256 MiB: the check cannot have serialized it to protobuf bytes (2 GiB limit) or held its weight
 * on the heap, and the result is written with the weight in external data.
 */
class LargeModelValidationTest {
  @TempDir
  Path dir;

  @Test
  void threeGibWeightSimplifiesWithValidationUnder256MibOfHeap() throws Exception {
    Path model = SparseLargeModel.write(dir);
    Path out = dir.resolve("out").resolve("small.onnx");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", ChildClassPath.of(),
        LargeModelSimplify.class.getName(), model.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log;
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the forked JVM did not finish in 5 minutes");
    }
    log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).contains("nodes 2 -> 1").contains("EQUIVALENT");
    long maxHeap = Long.parseLong(log.replaceAll("(?s).*max heap (\\d+).*", "$1"));
    assertThat(maxHeap).as("the forked JVM's heap").isLessThan(300L << 20);
    // The gathered rows were real data (values 1..16 and 0 beyond), compared at every run.
    Model written = OnnxReader.read(out);
    Value w = written.graph().initializer("W").orElseThrow();
    assertThat(w.initializer().orElseThrow().isExternal()).isTrue();
    assertThat(Files.size(out.resolveSibling("small.onnx.data"))).isEqualTo(3L << 30);
    assertThat(written.graph().nodes()).extracting(n -> n.opType()).containsExactly("Gather");
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .as("no staging folder or temporary file is left").containsExactly("small.onnx", "small.onnx.data");
    }
  }
}
