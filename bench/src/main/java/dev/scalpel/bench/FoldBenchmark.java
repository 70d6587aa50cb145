package dev.scalpel.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Issue 4's benchmark: folding a model in-process with the pipeline {@code scalpel fold} runs
 * ({@link Pipelines#fold} with the ONNX Runtime fallback), against ONNX Runtime's own basic-level
 * offline optimisation of the same file through its Java API (a session with {@code BASIC_OPT} and
 * an optimized-model path, created and closed per call), in one JMH run.
 *
 * <p>{@link #fold} times the pipeline alone (the model is read before each call, outside the
 * timing); {@link #loadAndFold} adds reading the file, to compare like with like: ONNX Runtime's
 * figure includes parsing the file and writing the optimised one. Build with {@code mvn -B -o
 * -DskipTests -pl bench -am package}, then from the repository root {@code java -jar
 * bench/target/benchmarks.jar FoldBenchmark -gc true} (another model: {@code -p model=PATH}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class FoldBenchmark {
  @Param("../shared/models/tv_shufflenet_v2_x0_5_op12_nofold.onnx")
  public String model;

  private Path source;
  private Path dir;
  private Path optimized;
  private OrtEnvironment env;
  private Pipelines.Options options;
  private Model loaded;

  @Setup
  public void setUp() throws IOException {
    source = Path.of(model);
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("no model at " + source.toAbsolutePath() + " (pass -p model=PATH)");
    }
    dir = Files.createTempDirectory("scalpel-fold-bench");
    optimized = dir.resolve("ort_basic.onnx");
    env = OrtEnvironment.getEnvironment();
    options = Pipelines.Options.defaults().withFallback(new OrtEvaluator());
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(optimized);
    Files.deleteIfExists(dir);
  }

  /** Reads the model for {@link #fold}, outside its timing. */
  @State(Scope.Thread)
  public static class FreshModel {
    @Setup(Level.Invocation)
    public void read(FoldBenchmark b) throws IOException {
      b.loaded = OnnxReader.read(b.source);
    }
  }

  /** The fold pipeline on a model already in memory. */
  @Benchmark
  public int fold(FreshModel fresh) {
    Pipelines.fold(options).run(loaded);
    return loaded.graph().nodeCount();
  }

  /** Reading the file and folding it. */
  @Benchmark
  public int loadAndFold() throws IOException {
    Model m = OnnxReader.read(source);
    Pipelines.fold(options).run(m);
    return m.graph().nodeCount();
  }

  /** ONNX Runtime: session creation with basic optimisations, writing the optimised model. */
  @Benchmark
  public long ortBasicOptimization() throws OrtException {
    return ortOptimize(0);
  }

  /**
   * The same with one intra-op thread. NOTE: session creation starts ONNX Runtime's thread pool; on
   * a busy machine that can dominate, and Scalpel's fold runs on one thread, so this is the closer
   * like-for-like figure.
   */
  @Benchmark
  public long ortBasicOptimizationOneThread() throws OrtException {
    return ortOptimize(1);
  }

  private long ortOptimize(int intraOpThreads) throws OrtException {
    return OrtBasicOptimization.optimize(env, source, optimized, intraOpThreads);
  }
}
