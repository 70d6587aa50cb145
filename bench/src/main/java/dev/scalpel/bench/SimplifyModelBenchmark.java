package dev.scalpel.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #12's per-model comparison: one model file simplified in-process (warm JVM, default
 * pipeline, no validation, written to a file) against ONNX Runtime's basic offline optimisation
 * of the same file (one intra-op thread, written to a file), in the same run; {@link
 * #simplifyNotDurable} writes without syncing, as ONNX Runtime does. Pick the models
 * with {@code -p model=a.onnx,b.onnx} (paths, or names under {@code -p dir=}).
 *
 * <p>NOTE: {@link SimplifyCorpusBenchmark} times the corpus as one sum, where a large model can
 * hide a small one that loses; this one reports every model on its own line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimplifyModelBenchmark {
  @Param("../shared/models")
  public String dir;

  @Param("tv_squeezenet1_1_op12.onnx")
  public String model;

  private Path file;
  private Path out;
  private OrtEnvironment env;

  @Setup
  public void setUp() throws IOException {
    file = Path.of(dir).resolve(model);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no model file " + file);
    }
    env = OrtEnvironment.getEnvironment();
    out = Files.createTempDirectory("scalpel-bench-model");
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(out.resolve("scalpel.onnx"));
    Files.deleteIfExists(out.resolve("ort.onnx"));
    Files.deleteIfExists(out);
  }

  @Benchmark
  public int simplify() throws IOException {
    Model m = OnnxReader.read(file);
    Model simplified = Simplifier.simplify(m, SimplifyOptions.defaults().withValidate(false)).model();
    OnnxWriter.write(simplified, out.resolve("scalpel.onnx"));
    return simplified.graph().nodeCount();
  }

  /**
   * {@link #simplify} writing without syncs ({@link WriteOptions#durable}), as ONNX Runtime's
   * writer does: the like-for-like comparison with {@link #onnxRuntimeBasic}.
   */
  @Benchmark
  public int simplifyNotDurable() throws IOException {
    Model m = OnnxReader.read(file);
    Model simplified = Simplifier.simplify(m, SimplifyOptions.defaults().withValidate(false)).model();
    OnnxWriter.write(simplified, out.resolve("scalpel.onnx"), WriteOptions.defaults().withDurable(false));
    return simplified.graph().nodeCount();
  }

  @Benchmark
  public long onnxRuntimeBasic() throws OrtException {
    return OrtBasicOptimization.optimize(env, file, out.resolve("ort.onnx"), 1);
  }
}
