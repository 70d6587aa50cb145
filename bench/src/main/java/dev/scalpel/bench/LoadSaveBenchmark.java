package dev.scalpel.bench;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
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
 * Load + save of a model file in-process, the figure compared with Python's onnx.load/onnx.save
 * and with {@code cp} by bench/run. The model path comes from {@code -p model=...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class LoadSaveBenchmark {
  @Param("../shared/models/tv_resnet_tiny_op12_preserve_bn.onnx")
  public String model;

  private Path source;
  private Path target;
  private Path dir;

  @Setup
  public void setUp() throws IOException {
    source = Path.of(model);
    dir = Files.createTempDirectory("scalpel-bench");
    target = dir.resolve("out.onnx");
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(target);
    Files.deleteIfExists(dir);
  }

  /** The previous output is deleted before each call, outside the timing (see bench/run). */
  @State(Scope.Thread)
  public static class FreshTarget {
    @Setup(Level.Invocation)
    public void deletePreviousOutput(LoadSaveBenchmark b) throws IOException {
      Files.deleteIfExists(b.target);
    }
  }

  @Benchmark
  public long loadAndSaveToNewFile(FreshTarget fresh) throws IOException {
    Model m = OnnxReader.read(source);
    return OnnxWriter.write(m, target).modelBytes();
  }

  /** Replaces the previous output, as a user re-running a conversion does. */
  @Benchmark
  public long loadAndSave() throws IOException {
    Model m = OnnxReader.read(source);
    return OnnxWriter.write(m, target).modelBytes();
  }

  @Benchmark
  public int loadOnly() throws IOException {
    return OnnxReader.read(source).graph().nodeCount();
  }
}
