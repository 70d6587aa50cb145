package dev.scalpel.bench;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shape inference over a generated graph of about {@code nodes} nodes with a symbolic batch: a
 * {@code chain} (MatMul, Add, Relu repeated on float[batch, 64]), or a {@code detector}
 * ({@link SyntheticDetector}: SSDlite-like, with Shape → Gather → Concat → Reshape chains, Slices,
 * NonZero, TopK, NonMaxSuppression and a Loop, scaled up by its number of unrolled classes, so its
 * Concats over the classes grow with it). Inference should grow linearly with the node count. Each
 * call infers a freshly built model (built outside the timing), since inference writes its results
 * into the model.
 *
 * <p>For a usable error bar on a shared machine, force a GC between iterations and fix the heap, so
 * that the timed call does not pay for the previous model's garbage or for heap growth:
 * {@code java -jar bench/target/benchmarks.jar InferShapesBenchmark -p nodes=10000,100000 -wi 5 -i 20
 * -f 1 -gc true -jvmArgs "-Xms6g -Xmx6g"} (1M nodes: {@code -wi 3 -i 10} and {@code -Xms10g -Xmx10g}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class InferShapesBenchmark {
  @Param({"10000", "100000", "1000000"})
  public int nodes;

  @Param({"chain", "detector"})
  public String graph;

  private Model model;

  @Setup(Level.Invocation)
  public void buildModel() {
    // NOTE: the detector has about 460 nodes of its own and 16 per class.
    model = graph.equals("detector") ? SyntheticDetector.build(Math.max(1, (nodes - 460) / 16), true) : chain(nodes);
  }

  /**
   * A chain of {@code count} nodes computing {@code x = Relu(x @ w + b)} over and over, with
   * {@code w} a [64, 64] initializer: every value is float[batch, 64].
   */
  static Model chain(int count) {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(64)));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {64, 64}, new float[64 * 64]));
    Value bias = b.initializer("b", DenseTensor.ofFloats("b", new long[] {64}, new float[64]));
    for (int i = 0; i < count; i++) {
      switch (i % 3) {
        case 0:
          x = b.op("MatMul", x, w);
          break;
        case 1:
          x = b.op("Add", x, bias);
          break;
        default:
          x = b.op("Relu", x);
          break;
      }
    }
    b.output(x);
    return b.model();
  }

  @Benchmark
  public int infer() {
    return ShapeInference.run(model).valuesChanged();
  }
}
