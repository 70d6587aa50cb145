package dev.scalpel.bench;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.LazyTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Loading a model whose weights live in external data should cost milliseconds whatever the
 * weight size, because data is mapped only when read. The setup writes a model with {@code
 * weightMiB} MiB of (sparse, all-zero) external weights in 64 MiB tensors; the benchmark loads it
 * with a heap far smaller than the weights.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class ExternalDataLoadBenchmark {
  private static final long TENSOR_BYTES = 64L << 20;

  @Param({"256", "2048"})
  public int weightMiB;

  private Path dir;
  private Path modelFile;

  @Setup(Level.Trial)
  public void writeModel() throws IOException {
    dir = Files.createTempDirectory("scalpel-bench-ext");
    modelFile = dir.resolve("big.onnx");
    Graph g = new Graph("big");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(1L, TENSOR_BYTES / 4))));
    Value acc = x;
    long count = (long) weightMiB * (1L << 20) / TENSOR_BYTES;
    ByteBuffer zeros = ByteBuffer.allocateDirect((int) TENSOR_BYTES);
    for (int i = 0; i < count; i++) {
      long[] dims = {1, TENSOR_BYTES / 4};
      // NOTE: every tensor views one shared all-zero buffer, so the heap stays small; the writer
      // leaves zero chunks as holes and the data file stays sparse on disk.
      Value w = g.addInitializer("w" + i, new LazyTensor("w" + i, DataType.FLOAT, dims,
          () -> DenseTensor.wrap("w", DataType.FLOAT, dims, zeros)));
      Node add = new Node("", "Add", List.of(acc, w), java.util.Arrays.asList((String) null), List.of());
      g.append(add);
      acc = add.output(0);
    }
    g.addOutput(acc);
    Model m = new Model(g);
    m.setIrVersion(8);
    m.opsetImports().set("", 17);
    OnnxWriter.write(m, modelFile, WriteOptions.defaults().withLayout(WriteOptions.Layout.EXTERNAL));
  }

  @TearDown(Level.Trial)
  public void deleteModel() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      for (Path p : all) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public int load() throws IOException {
    return OnnxReader.read(modelFile).graph().initializers().size();
  }
}
